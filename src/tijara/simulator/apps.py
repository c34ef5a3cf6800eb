from django.apps import AppConfig


class SimulatorConfig(AppConfig):
    name = "tijara.simulator"
    label = "simulator"
    verbose_name = "Card gateway simulator"
