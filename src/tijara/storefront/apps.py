from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    name = "tijara.storefront"
    label = "storefront"
