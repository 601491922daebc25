from django.core.management.base import BaseCommand

from tuyentruyen.lib.current import acting_as
from tuyentruyen.portal.services import publish_due_articles


class Command(BaseCommand):
    help = "Đăng các tin bài đã hẹn giờ đến hạn (mọi xã). Chạy nhiều lần không đăng trùng."

    def handle(self, *args, **options):
        with acting_as(None):
            published = publish_due_articles()
        self.stdout.write(f"Đã đăng {len(published)} tin bài hẹn giờ.")
