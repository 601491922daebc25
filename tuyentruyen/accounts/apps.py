from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tuyentruyen.accounts"
    verbose_name = "Tài khoản"
