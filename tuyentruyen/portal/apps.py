from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "tuyentruyen.portal"
    verbose_name = "Trang thông tin của xã"
