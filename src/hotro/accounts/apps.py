from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hotro.accounts"
    label = "accounts"
