from django.core.management.base import BaseCommand, CommandError

from tuyentruyen.localities.models import Commune
from tuyentruyen.localities.services import onboard_commune


class Command(BaseCommand):
    help = "Onboard a commune (by official code) as a tenant, creating its typical units."

    def add_arguments(self, parser):
        parser.add_argument("code", type=int)

    def handle(self, *args, code, **options):
        commune = Commune.objects.filter(pk=code).first()
        if commune is None:
            raise CommandError(f"Không có xã, phường, đặc khu mã {code}. Hãy chạy load_localities trước.")
        onboard_commune(commune)
        self.stdout.write(f"Đã đưa {commune.full_name} ({commune.province}) vào sử dụng.")
