from django.core.management.base import BaseCommand

from tuyentruyen.web.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo commune, its units and one user per role (idempotent)."

    def handle(self, *args, **options):
        for username, role in load_demo():
            self.stdout.write(f"  {username:<12} {DEMO_PASSWORD}   ({role})")
