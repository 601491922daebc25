from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "tuyentruyen.jobs"
    verbose_name = "Công việc nền"
