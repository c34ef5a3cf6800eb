from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "tijara.legal"
    label = "legal"
