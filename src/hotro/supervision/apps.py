from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "hotro.supervision"
    label = "supervision"
