from django.apps import AppConfig


class CartConfig(AppConfig):
    name = "tijara.cart"
    label = "cart"
