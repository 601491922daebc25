from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "tuyentruyen.audit"
    verbose_name = "Nhật ký"

    def ready(self):
        from . import recorder

        recorder.connect()
