from django.apps import AppConfig


class RemittancesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tijara.remittances"
    label = "remittances"
