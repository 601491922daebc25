from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "tuyentruyen.notifications"
    verbose_name = "Thông báo"
