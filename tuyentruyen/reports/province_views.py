"""The province's side of communes' reports (``/tinh/bao-cao/…``): the inbox of received reports, one
report with what was sent each time, and the officer's decision (accept, or return with comments per
section). Province users read; only the province officer decides; nobody of the province edits a report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tuyentruyen.accounts.permissions import access_required, province_writes
from tuyentruyen.lib.documents import document_response, offers_formats
from tuyentruyen.localities.models import Commune
from tuyentruyen.plans.export.pdf import ConversionFailed, ConverterMissing

from . import access, export, services, workflow
from .models import REPORT_SECTIONS, ReportStatus
from .periods import Period, PeriodError
from .services import ReportError
from .views import period_choices

INBOX_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.RETURNED, ReportStatus.ACCEPTED)


def _period_or_none(request) -> Period | None:
    code = request.GET.get("ky") or ""
    if not code:
        return None
    try:
        return Period.parse(code)
    except PeriodError as exc:
        raise Http404(str(exc)) from exc


@access_required(access.can_view_received_reports)
def inbox(request):
    """Reports received from the province's communes, waiting for review first; per period and status."""
    user = request.user
    period = _period_or_none(request)
    status = request.GET.get("trang-thai") or ""
    if status and status not in INBOX_STATUSES:
        raise Http404("Trạng thái không hợp lệ.")
    reports = access.visible_received_reports(user)
    if period is not None:
        reports = reports.filter(year=period.year, period_kind=period.kind)
    counts = {s: 0 for s in INBOX_STATUSES}
    for row in reports.values_list("status", flat=True):
        if row in counts:
            counts[row] += 1
    if status:
        reports = reports.filter(status=status)
    order = {ReportStatus.SUBMITTED: 0, ReportStatus.RETURNED: 1, ReportStatus.ACCEPTED: 2}
    rows = sorted(reports.select_related("commune", "submitted_by")[:500],
                  key=lambda r: (order.get(r.status, 3), -(r.submitted_at.timestamp() if r.submitted_at else 0)))
    missing = []
    if period is not None:
        communes = Commune.objects.filter(onboarded_at__isnull=False).order_by("name")
        if not user.is_superuser:
            communes = communes.filter(province_id=user.province_id)
        sent = set(access.visible_received_reports(user).filter(year=period.year, period_kind=period.kind)
                   .values_list("commune_id", flat=True))
        missing = [c for c in communes if c.pk not in sent]
    statuses = [(s.value, s.label, counts[s]) for s in (ReportStatus(s) for s in INBOX_STATUSES)]
    return render(request, "reports/province/inbox.html", {
        "rows": rows, "period": period, "periods": period_choices(timezone.localdate()), "status": status,
        "statuses": statuses, "missing": missing, "today": timezone.localdate(),
    })


@access_required(access.can_view_received_reports)
def report(request, report_id: int):
    report = access.get_received_report_for_user(request.user, report_id)
    receipts = list(workflow.receipts(report))
    last = receipts[-1] if receipts else None
    figures = last.figures if last else (report.figures or {})
    texts = last.texts if last else {}
    return render(request, "reports/province/detail.html", {
        "report": report, "receipts": receipts, "last": last, "figures": figures, "texts": texts,
        "tables": export.tables(figures, commune_level=True), "table_titles": export.TABLE_TITLES,
        "sections": REPORT_SECTIONS, "can_decide": access.can_decide_received_report(request.user, report),
        "history": workflow.services.history(report),
    })


@province_writes
@access_required(access.can_decide_received_reports)
@require_POST
def decide(request, report_id: int, action: str = ""):
    report = access.get_received_report_for_user(request.user, report_id)
    if not access.can_decide_received_report(request.user, report):
        raise PermissionDenied("Báo cáo này không chờ tiếp nhận.")
    try:
        if action == "accept":
            workflow.province_accept(report, user=request.user, comment=request.POST.get("comment", ""))
            messages.success(request, f"Đã tiếp nhận báo cáo của {report.commune.name}.")
        else:
            sections = {code: request.POST.get(f"section-{code}", "") for code, _ in REPORT_SECTIONS}
            workflow.province_return(report, user=request.user, sections=sections,
                                     comment=request.POST.get("comment", ""))
            messages.success(request, f"Đã trả lại báo cáo để {report.commune.name} sửa và gửi lại.")
    except ReportError as exc:
        messages.error(request, exc.message)
    return redirect("reports:province_detail", report_id=report.pk)


@access_required(access.can_view_received_reports)
@offers_formats(*export.CONTENT_TYPES)
def download(request, report_id: int, fmt: str):
    """The report as last sent, in Word, PDF or its figures in Excel (the exact document sent each time is
    the receipt's)."""
    report = access.get_received_report_for_user(request.user, report_id)
    last = workflow.receipts(report).last()
    data = services.document_data(report, last.figures if last else (report.figures or {}))
    name = f"bao-cao-{report.period.code}-{report.commune.slug}"
    try:
        return document_response(export.render_report(data, fmt, name))
    except (ConverterMissing, ConversionFailed) as exc:
        messages.error(request, str(exc))
        return redirect("reports:province_detail", report_id=report.pk)
