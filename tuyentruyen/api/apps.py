from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "tuyentruyen.api"
    verbose_name = "API cho hệ thống cấp trên"
