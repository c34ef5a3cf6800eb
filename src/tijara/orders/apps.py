from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "tijara.orders"
    label = "orders"
