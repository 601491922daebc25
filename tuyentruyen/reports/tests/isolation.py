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
    make_appraisal(side)


PARAMETERS = {"report_id": lambda side: [side.report.pk, side.commune_report.pk],
              "receipt_id": lambda side: side.receipt.pk, "scheme_id": lambda side: side.scheme.pk,
              "appraisal_id": lambda side: side.appraisal.pk, "item_id": lambda side: side.appraisal_item.pk}
FIELDS = {"report": lambda side: side.report.pk, "evidence": lambda side: side.appraisal_item.evidence.first().pk,
          "bo-minh-chung": lambda side: side.appraisal_item.evidence.first().pk, "nguon": lambda side: side.scheme.pk}


def make_appraisal(side):
    """A sent self-score with one uploaded evidence file, and a scheme of the (shared) province."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tuyentruyen.reports import appraisal
    from tuyentruyen.reports.models import AppraisalItem, ScoringScheme
    from tuyentruyen.tests.sample_files import pdf_bytes

    side.scheme = ScoringScheme.objects.create(province=side.commune.province, year=2040 + side.commune.pk % 50,
                                               name=f"Bộ tiêu chí {side.marker}", definition=appraisal.fig.default_scheme())
    side.appraisal = appraisal.start_self_score(side.commune, 2026, user=side.officer)
    side.appraisal_item = AppraisalItem.objects.filter(appraisal=side.appraisal).order_by("position").first()
    content = pdf_bytes() + side.marker.encode()
    appraisal.save_self_item(side.appraisal_item, points=0, note=f"Giải trình {side.marker}",
                             files=[SimpleUploadedFile(f"minh-chung-{side.marker}.pdf", content)], user=side.officer)
    side.files.append(content)
    appraisal.submit_self_score(side.appraisal, user=side.officer)
