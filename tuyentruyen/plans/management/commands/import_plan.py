import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tuyentruyen.lib.current import acting_as
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.localities.models import Commune, Province
from tuyentruyen.plans.importer import MAX_IMPORT_BYTES, PlanImportError, parse_plan_file
from tuyentruyen.plans.services import create_plan


class Command(BaseCommand):
    help = ("Read a plan (.docx, .doc, .odt, .pdf, .md, .txt; judged by content). With --json print its structure "
            "(plan.schema.json) and save nothing; with --commune CODE save it as that commune's draft.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--json", action="store_true", help="print the structure, save nothing")
        target.add_argument("--commune", type=int, help="official code of the commune that owns the plan")
        target.add_argument("--province", type=int, help="official code of the province (a province's plan)")

    def handle(self, *args, file, json: bool, commune, province, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise CommandError(f"Tệp quá lớn; giới hạn là {MAX_IMPORT_BYTES // 1024 // 1024} MB.")
        try:
            document = parse_plan_file(path.read_bytes(), path.name)
        except PlanImportError as exc:
            raise CommandError(exc.message) from exc
        if json:
            self.stdout.write(_dumps(document))
            return
        if commune is not None:
            owner = Commune.objects.filter(pk=commune).first()
            if owner is None or not owner.is_tenant:
                raise CommandError(f"Xã mã {commune} chưa được đưa vào sử dụng (onboard_commune).")
            with acting_as(None), commune_scope(owner):
                plan = create_plan(commune=owner, document=document, source_name=path.name)
        else:
            owner = Province.objects.filter(pk=province).first()
            if owner is None:
                raise CommandError(f"Không có tỉnh mã {province}.")
            with acting_as(None):
                plan = create_plan(province=owner, document=document, source_name=path.name)
        self.stdout.write(str(plan.pk))


def _dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)
