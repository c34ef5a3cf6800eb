from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "tijara.payments"
    label = "payments"
