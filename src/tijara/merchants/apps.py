from django.apps import AppConfig


class MerchantsConfig(AppConfig):
    name = "tijara.merchants"
    label = "merchants"
