from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "tuyentruyen.backups"
    verbose_name = "Sao lưu"
