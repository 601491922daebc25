from django.core.management.base import BaseCommand

from tuyentruyen.localities.services import load_localities


class Command(BaseCommand):
    help = "Load the official provinces and communes (after the 07/2025 reorganisation); idempotent."

    def handle(self, *args, **options):
        provinces, communes = load_localities()
        self.stdout.write(f"{provinces} tỉnh, thành phố; {communes} xã, phường, đặc khu.")
