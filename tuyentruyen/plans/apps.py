from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "tuyentruyen.plans"
    verbose_name = "Kế hoạch"
