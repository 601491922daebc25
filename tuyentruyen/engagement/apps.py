from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "tuyentruyen.engagement"
    verbose_name = "Phản ánh, khảo sát, cuộc thi"
