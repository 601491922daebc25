from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "tuyentruyen.procedures"
    verbose_name = "Thủ tục hành chính"
