from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "tijara.archive"
    label = "archive"
