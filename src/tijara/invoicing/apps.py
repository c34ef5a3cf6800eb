from django.apps import AppConfig


class InvoicingConfig(AppConfig):
    name = "tijara.invoicing"
    label = "invoicing"
