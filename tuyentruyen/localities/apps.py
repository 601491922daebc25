from django.apps import AppConfig


class LocalitiesConfig(AppConfig):
    name = "tuyentruyen.localities"
    verbose_name = "Địa bàn"
