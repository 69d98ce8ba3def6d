from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "hotro.documents"
    label = "documents"
