from tuyentruyen.localities.models import Unit
from tuyentruyen.reports import workflow
from tuyentruyen.reports.periods import Period
from tuyentruyen.reports.services import get_or_create_report, save_texts


def make_objects(side):
    unit = Unit.objects.filter(commune=side.commune).order_by("pk").first()
    side.report = get_or_create_report(side.commune, Period(2026, "q1"), unit)
    save_texts(side.report, results=f"Kết quả {side.marker}", difficulties="", proposals="")
    # the commune's own report, sent to the province once: its receipt's stored document must stay B's
    side.commune_report = get_or_create_report(side.commune, Period(2026, "q1"))
    save_texts(side.commune_report, results=f"Kết quả của xã {side.marker}", difficulties="", proposals="")
    workflow.request_signoff(side.commune_report, user=side.officer)
    side.receipt = workflow.approve_and_send(side.commune_report, user=side.officer)
    with side.receipt.document.open("rb") as handle:
        side.files.append(handle.read())


PARAMETERS = {"report_id": lambda side: [side.report.pk, side.commune_report.pk], "receipt_id": lambda side: side.receipt.pk}
FIELDS = {"report": lambda side: side.report.pk}
