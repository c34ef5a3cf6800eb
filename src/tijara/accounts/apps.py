from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tijara.accounts"
    label = "accounts"
