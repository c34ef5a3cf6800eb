from django.apps import AppConfig


class DataprotectionConfig(AppConfig):
    name = "tijara.dataprotection"
    label = "dataprotection"
    verbose_name = "Data protection"
