from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "tuyentruyen.reports"
    verbose_name = "Báo cáo"
