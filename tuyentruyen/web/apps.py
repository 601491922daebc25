from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "tuyentruyen.web"
    verbose_name = "Giao diện chung"
