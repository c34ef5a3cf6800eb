from django.apps import AppConfig


class ShippingConfig(AppConfig):
    name = "tijara.shipping"
    label = "shipping"
