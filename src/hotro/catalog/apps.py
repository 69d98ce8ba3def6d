from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "hotro.catalog"
    label = "catalog"
