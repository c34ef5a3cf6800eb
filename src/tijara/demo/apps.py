from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "tijara.demo"
    label = "demo"
    verbose_name = "Demo data"
