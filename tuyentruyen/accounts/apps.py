from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tuyentruyen.accounts"
    verbose_name = "Tài khoản"

    def ready(self):
        from . import twofactor  # noqa: F401  (connects the user_logged_in receiver)
