from tuyentruyen.localities.models import Unit
from tuyentruyen.reports.periods import Period
from tuyentruyen.reports.services import get_or_create_report, save_texts


def make_objects(side):
    unit = Unit.objects.filter(commune=side.commune).order_by("pk").first()
    side.report = get_or_create_report(side.commune, Period(2026, "q1"), unit)
    save_texts(side.report, results=f"Kết quả {side.marker}", difficulties="", proposals="")


PARAMETERS = {"report_id": lambda side: side.report.pk}
FIELDS = {"report": lambda side: side.report.pk}
