from datetime import date
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from tuyentruyen.localities.models import Unit
from tuyentruyen.work import services
from tuyentruyen.work.models import ImportJob

from .factories import issued_plan, plan_document, stored_bytes


def marked_png(marker: str, colour=(40, 90, 160)) -> bytes:
    """A real picture whose bytes carry the marker (in a text chunk), so a file served to the wrong commune
    is recognised byte for byte."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", f"minh chung {marker}")
    buffer = BytesIO()
    Image.new("RGB", (80, 60), colour).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def make_objects(side):
    plan = issued_plan(side.commune, side.officer, plan_document(title=f"Kế hoạch {side.marker}"))
    side.issued_plan = plan
    side.task = plan.tasks.get(recurrence="quarterly")
    side.task.title = f"Nhiệm vụ {side.marker}"
    side.task.save()
    side.occurrence = side.task.occurrences.first()
    side.activity = services.record_activity(side.commune, kind_code="banner", title=f"Băng rôn {side.marker}",
                                             date=date(2025, 8, 1), user=side.officer)
    upload = SimpleUploadedFile(f"{side.marker}.png", marked_png(side.marker, (side.commune.pk % 200, 90, 160)),
                                content_type="image/png")
    [side.evidence] = services.add_evidence_files(side.commune, [upload], activity=side.activity, user=side.officer)
    side.files.append(stored_bytes(side.evidence.storage_name))
    if side.evidence.thumbnail_name:
        side.files.append(stored_bytes(side.evidence.thumbnail_name))
    side.kind = side.activity.kind
    side.job = ImportJob.objects.create(commune=side.commune, kind="activities", file_name=f"{side.marker}.xlsx",
                                        storage_name="x.xlsx", created_by=side.officer)


PARAMETERS = {
    "task_id": lambda side: side.task.pk,
    "occurrence_id": lambda side: side.occurrence.pk,
    "activity_id": lambda side: side.activity.pk,
    "evidence_id": lambda side: side.evidence.pk,
    "kind_id": lambda side: side.kind.pk,
    "job_id": lambda side: side.job.pk,
    "plan_id": lambda side: side.issued_plan.pk,  # coverage of a plan
}
FIELDS = {
    "plan": lambda side: side.issued_plan.pk,
    "task": lambda side: side.task.pk,
    "kind": lambda side: side.kind.pk,
    "activity": lambda side: side.activity.pk,
    "evidence": lambda side: side.evidence.pk,
    "phan": lambda side: side.occurrence.pk,
    "coordinating_units": lambda side: Unit.objects.filter(commune=side.commune).order_by("-pk").first().pk,
    "assignee": lambda side: side.officer.pk,  # a person of another commune is never assignable
}
