from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "tijara.ledger"
    label = "ledger"
