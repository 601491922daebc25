from django.apps import AppConfig


class ProvinceConfig(AppConfig):
    name = "tuyentruyen.province"
    verbose_name = "Cấp tỉnh"

    def ready(self):
        from . import signals

        signals.connect()
