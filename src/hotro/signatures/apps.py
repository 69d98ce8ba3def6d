from django.apps import AppConfig


class SignaturesConfig(AppConfig):
    name = "hotro.signatures"
    label = "signatures"
