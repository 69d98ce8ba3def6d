from django.apps import AppConfig


class CorrespondenceConfig(AppConfig):
    name = "hotro.correspondence"
    label = "correspondence"
    verbose_name = "Văn thư: công văn đi, công văn đến"
