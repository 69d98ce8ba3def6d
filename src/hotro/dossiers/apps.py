from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "hotro.dossiers"
    label = "dossiers"
