from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "tuyentruyen.work"
    verbose_name = "Thực hiện kế hoạch"
