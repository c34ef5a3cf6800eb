from django.apps import AppConfig


class AftersaleConfig(AppConfig):
    name = "tijara.aftersale"
    label = "aftersale"
