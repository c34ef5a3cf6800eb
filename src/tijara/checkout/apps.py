from django.apps import AppConfig


class CheckoutConfig(AppConfig):
    name = "tijara.checkout"
    label = "checkout"
