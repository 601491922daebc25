from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tuyentruyen.lib.current import acting_as
from tuyentruyen.localities.models import Commune
from tuyentruyen.procedures.importer import CatalogueImportError, parse_catalogue
from tuyentruyen.procedures.services import import_catalogue

DEMO_CATALOGUE = Path(__file__).resolve().parents[2] / "data" / "demo_catalogue.json"


class Command(BaseCommand):
    help = ("Import a procedure catalogue (JSON export, or an announcement's DOCX/XLSX annex table; judged by "
            "content) into the shared catalogue, updating in place and logging changes. Default: the demo "
            "catalogue. With --commune CODE, publish every imported procedure to that commune.")

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DEMO_CATALOGUE))
        parser.add_argument("--commune", type=int, help="official code of the commune to publish to")
        parser.add_argument("--dry-run", action="store_true", help="check and count, save nothing")

    def handle(self, *args, file, commune, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        target = None
        if commune is not None:
            target = Commune.objects.select_related("province").filter(pk=commune).first()
            if target is None or not target.is_tenant:
                raise CommandError(f"Xã mã {commune} chưa được đưa vào sử dụng (onboard_commune).")
        try:
            parsed = parse_catalogue(path.read_bytes(), path.name)
        except CatalogueImportError as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        with acting_as(None):
            summary = import_catalogue(parsed.records, source=path.name, partial=parsed.partial,
                                       publish_to=target, dry_run=dry_run)
        self.stdout.write(
            f"{'(thử) ' if dry_run else ''}{summary.total} thủ tục: {len(summary.created)} mới, "
            f"{len(summary.updated)} thay đổi, {len(summary.unchanged)} không đổi"
            + (f"; công bố thêm {summary.published} thủ tục tại {target.full_name}" if target else "") + "."
        )
