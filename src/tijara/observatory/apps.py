from django.apps import AppConfig


class ObservatoryConfig(AppConfig):
    name = "tijara.observatory"
    label = "observatory"
