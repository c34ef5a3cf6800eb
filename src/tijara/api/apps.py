from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "tijara.api"
    label = "api"
