from tuyentruyen.api.models import ApiToken
from tuyentruyen.reports.models import Report, ReportStatus
from tuyentruyen.reports.periods import Period
from tuyentruyen.reports.services import get_or_create_report


def make_objects(side):
    # The commune's own report, as sent to the province, with the marker in its figures.
    report = get_or_create_report(side.commune, Period(2026, "q2"))
    # audit: test data, the report is made sent without the workflow the reports app tests
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED, figures={"note": side.marker})
    side.api_report = report
    side.api_token = ApiToken.objects.create(name=f"Hệ thống {side.marker}", secret_hash=f"{side.number}" * 64,
                                             prefix=f"tt_{side.number}")


PARAMETERS = {
    "plan_id": lambda side: side.issued_plan.pk,  # made by work's isolation: an issued plan of the commune
    "report_id": lambda side: side.api_report.pk,
    "province_code": lambda side: side.commune.province_id,
    "token_id": lambda side: side.api_token.pk,
}
FIELDS = {"commune": lambda side: side.commune.pk}
