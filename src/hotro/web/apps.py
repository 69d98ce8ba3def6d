from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "hotro.web"
    label = "web"
