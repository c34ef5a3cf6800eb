from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "tijara.privacy"
    label = "privacy"
    verbose_name = "Privacy"
