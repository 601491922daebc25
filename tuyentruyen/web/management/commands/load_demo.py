from django.conf import settings
from django.core.management.base import BaseCommand

from tuyentruyen.web.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo commune, its units and one user per role (idempotent)."

    def handle(self, *args, **options):
        for username, role in load_demo():
            self.stdout.write(f"  {username:<12} {DEMO_PASSWORD}   ({role})")
        if settings.REQUIRE_2FA:
            self.stdout.write("  Quản trị xã và quản trị hệ thống phải bật xác thực hai bước (ứng dụng trên điện thoại)"
                              " ở lần đăng nhập đầu.")
        else:
            self.stdout.write("  Xác thực hai bước không bắt buộc trong bản chạy thử; ai cũng có thể bật ở mục"
                              " “Xác thực hai bước”.")
