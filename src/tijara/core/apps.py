from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tijara.core"
    label = "core"
    verbose_name = "Core reference data"
