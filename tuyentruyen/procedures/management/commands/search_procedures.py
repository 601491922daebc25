import json

from django.core.management.base import BaseCommand, CommandError

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.localities.models import Commune
from tuyentruyen.procedures import lookup


class Command(BaseCommand):
    help = ("Search procedures with the ranking the public pages, the assistant and the API use. With "
            "--commune CODE only that commune's published procedures; otherwise the whole catalogue.")

    def add_arguments(self, parser):
        parser.add_argument("question")
        parser.add_argument("--commune", type=int, help="official code of the commune")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--json", action="store_true", help='print [{"code", "name", "score"}, …]')

    def handle(self, *args, question, commune, limit, json: bool, **options):
        target = None
        if commune is not None:
            target = Commune.objects.select_related("province").filter(pk=commune).first()
            if target is None or not target.is_tenant:
                raise CommandError(f"Xã mã {commune} chưa được đưa vào sử dụng (onboard_commune).")
        if target is not None:
            with commune_scope(target):
                hits = lookup.search(target, question, limit)
        else:
            hits = lookup.search(None, question, limit)
        if json:
            self.stdout.write(_dumps(lookup.hits_as_json(hits)))
            return
        for hit in hits:
            self.stdout.write(f"{hit.score:10.4f}  {hit.code:<24} {hit.name}")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
