"""Report pages (/bao-cao/…) and the dashboard (/tong-quan/…). Thin: check the role, read through the
helpers below or ``figures``, write through ``services``."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tuyentruyen.accounts.permissions import access_required, province_user_required
from tuyentruyen.lib.dbrouter import reads_from_replica
from tuyentruyen.lib.documents import document_response, offers_formats
from tuyentruyen.localities.models import Commune, Unit
from tuyentruyen.plans.export.pdf import ConversionFailed, ConverterMissing

from . import access, charts, export, services, workflow
from . import figures as fig
from .models import Report, ReportStatus
from .periods import Period, PeriodError, deadlines_between, period_of, periods_of_year


# --- reading helpers ------------------------------------------------------------------------------------
def selected_period(request, default_kind: str = "q") -> Period:
    code = request.GET.get("ky") or request.POST.get("ky")
    if not code:
        return period_of(timezone.localdate(), default_kind)
    try:
        return Period.parse(code)
    except PeriodError as exc:
        raise Http404(str(exc)) from exc


def selected_unit(request):
    raw = request.GET.get("don-vi") or ""
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404("Đơn vị không hợp lệ.")
    return get_object_or_404(Unit.objects.filter(commune_id=request.user.commune_id), pk=int(raw))


def period_choices(today: date) -> list[Period]:
    return [p for year in (today.year + 1, today.year, today.year - 1) for p in periods_of_year(year)
            if p.start <= today + timedelta(days=92)]


def _commune(request) -> Commune:
    if not request.user.commune_id:
        raise PermissionDenied("Chức năng này dành cho cán bộ của xã.")
    return request.user.commune


# --- reports --------------------------------------------------------------------------------------------
@access_required(access.can_view_reports)
def report_list(request):
    """The period's reports: every unit's (and the commune's) for managers, one's own unit's for staff."""
    commune, user = _commune(request), request.user
    period = selected_period(request)
    today = timezone.localdate()
    rules = services.deadline_rules(commune)
    reports = {r.unit_id: r for r in Report.objects.filter(commune=commune, year=period.year,
                                                           period_kind=period.kind).select_related("unit")}
    units = Unit.objects.filter(commune=commune, active=True).order_by("position", "name")
    if access.own_unit_only(user):
        units = units.filter(pk=user.unit_id)
    rows = [{"unit": unit, "report": reports.get(unit.pk)} for unit in units]
    context = {
        "period": period, "periods": period_choices(today), "rows": rows,
        "commune_report": None if access.own_unit_only(user) else reports.get(None),
        "unit_due": rules.unit_deadline(period), "commune_due": rules.commune_deadline(period),
        "can_manage": access.can_manage_reports(user), "own_unit_only": access.own_unit_only(user), "today": today,
        "own_unit": user.unit if user.unit_id else None,
        "own_reports": Report.objects.filter(commune=commune, unit_id=user.unit_id).order_by("-year", "period_kind")
        if access.own_unit_only(user) and user.unit_id else [],
    }
    return render(request, "reports/report/list.html", context)


@access_required(access.can_view_reports)
@require_POST
def open_report(request):
    """Open (creating on first use) the report of a unit or of the commune for a period."""
    commune, user = _commune(request), request.user
    period = selected_period(request)
    raw_unit = request.POST.get("don-vi") or ""
    if raw_unit:
        if not raw_unit.isdigit():
            raise Http404("Đơn vị không hợp lệ.")
        unit = get_object_or_404(Unit.objects.filter(commune=commune), pk=int(raw_unit))
        if not access.can_open_unit_report(user, unit):
            raise PermissionDenied("Bạn chỉ lập được báo cáo của đơn vị mình.")
    else:
        if not access.can_manage_reports(user):
            raise PermissionDenied("Chỉ cán bộ phụ trách CCHC lập báo cáo của xã.")
        unit = None
    report = services.get_or_create_report(commune, period, unit)
    return redirect("reports:detail", report_id=report.pk)


@access_required(access.can_view_reports)
def report_detail(request, report_id: int):
    user = request.user
    report = access.get_report_for_user(user, report_id)
    editable = access.can_edit_report(user, report)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("Báo cáo đã gửi hoặc bạn không có quyền sửa nên không sửa được.")
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = None
        try:
            services.save_texts(report, results=request.POST.get("results", ""),
                                difficulties=request.POST.get("difficulties", ""),
                                proposals=request.POST.get("proposals", ""), number=request.POST.get("number", ""),
                                expected_version=version, user=user)
        except services.ReportError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Đã lưu nội dung báo cáo.")
        return redirect("reports:detail", report_id=report.pk)
    figures = services.figures_of(report)
    context = {
        "report": report, "figures": figures, "editable": editable,
        "tables": export.tables(figures, commune_level=report.is_commune_report),
        "table_titles": export.TABLE_TITLES, "period_statement": export.period_statement(figures),
        "notable": export.notable_with_refs(figures),
        "can_submit": editable, "can_decide": access.can_decide_report(user, report)
        and report.status == ReportStatus.SUBMITTED,
        "history": services.history(report),
        "score": figures.get("score"),
        # the commune report's way up: sign-off, receipts, the last return's comments beside each section
        "can_sign_off": access.can_sign_off_report(user, report),
        "returned": workflow.latest_return(report), "receipts": workflow.receipts(report),
    }
    return render(request, "reports/report/detail.html", context)


@access_required(access.can_view_reports)
@require_POST
def submit_report(request, report_id: int):
    report = access.get_report_for_user(request.user, report_id)
    if report.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED, ReportStatus.AWAITING_SIGNOFF):
        messages.info(request, "Báo cáo này đã được gửi trước đó; số liệu đã gửi được giữ nguyên.")
        return redirect("reports:detail", report_id=report.pk)
    if not access.can_edit_report(request.user, report):
        raise PermissionDenied("Bạn không có quyền gửi báo cáo này.")
    services.submit(report, user=request.user)
    if report.is_commune_report:
        messages.success(request, "Đã trình lãnh đạo duyệt. Số liệu được chốt lại; lãnh đạo duyệt xong thì báo cáo "
                                  "được gửi lên tỉnh.")
    else:
        messages.success(request, "Đã gửi báo cáo. Số liệu tại thời điểm gửi được lưu lại và không thay đổi nữa.")
    return redirect("reports:detail", report_id=report.pk)


@access_required(access.can_manage_reports)
@require_POST
def decide_report(request, report_id: int, action: str = ""):
    report = access.get_report_for_user(request.user, report_id)
    if not access.can_decide_report(request.user, report):
        raise PermissionDenied("Báo cáo của xã không tiếp nhận hay trả lại ở đây.")
    try:
        if action == "accept":
            services.accept(report, user=request.user, comment=request.POST.get("comment", ""))
            messages.success(request, "Đã tiếp nhận báo cáo.")
        else:
            services.return_report(report, user=request.user, comment=request.POST.get("comment", ""))
            messages.success(request, "Đã trả lại báo cáo để đơn vị sửa.")
    except services.ReportError as exc:
        messages.error(request, exc.message)
    return redirect("reports:detail", report_id=report.pk)


@access_required(access.can_view_reports)
@offers_formats(*export.CONTENT_TYPES)
def download_report(request, report_id: int, fmt: str):
    report = access.get_report_for_user(request.user, report_id)
    data = services.document_data(report, services.figures_of(report))
    name = f"bao-cao-{report.period.code}-{'xa' if report.is_commune_report else f'don-vi-{report.unit_id}'}"
    try:
        return document_response(export.render_report(data, fmt, name))
    except (ConverterMissing, ConversionFailed) as exc:
        messages.error(request, str(exc))
        return redirect("reports:detail", report_id=report.pk)


@access_required(access.can_view_reports)
def deadline_calendar(request):
    """The coming twelve months' report deadlines, month by month."""
    commune = _commune(request)
    today = timezone.localdate()
    rules = services.deadline_rules(commune)
    deadlines = deadlines_between(rules, today.replace(day=1), today.replace(day=1) + timedelta(days=366))
    months: list[dict] = []
    for deadline in deadlines:
        key = (deadline.due.year, deadline.due.month)
        if not months or months[-1]["key"] != key:
            months.append({"key": key, "label": f"Tháng {deadline.due.month}/{deadline.due.year}", "items": []})
        months[-1]["items"].append(deadline)
    return render(request, "reports/calendar.html", {"months": months, "today": today, "rules": rules})


@access_required(access.can_view_self_assessment)
def self_assessment(request):
    commune = _commune(request)
    period = selected_period(request, "y")
    today = timezone.localdate()
    result = fig.self_assessment(commune, period.start, period.end, today)
    return render(request, "reports/assessment.html", {
        "period": period, "periods": period_choices(today), "result": result, "rows": result.flat()})


# --- dashboard ------------------------------------------------------------------------------------------
@reads_from_replica
@login_required
def dashboard(request):
    user = request.user
    if user.is_province_user and not user.commune_id:
        return province_overview(request)  # the province app's overview
    if not user.commune_id or not access.can_view_dashboard(user):
        raise PermissionDenied("Trang tổng quan dành cho lãnh đạo, cán bộ phụ trách CCHC và cán bộ đơn vị.")
    commune = user.commune
    period = selected_period(request)
    bound = access.dashboard_unit_id(user)  # unit staff: their unit's figures, whatever the address says
    unit = selected_unit(request) or (user.unit if bound is not None else None)
    if not access.can_view_unit_dashboard(user, unit):
        raise PermissionDenied("Bạn chỉ xem được tổng quan của đơn vị mình.")
    today = timezone.localdate()
    start, end = period.start, period.end
    cube = fig.activity_cube(fig.activities(commune, start, end, unit))  # one pass over the activities
    categories, series, month_rows = fig.months_from_cube(cube, period)
    kinds = fig.kinds_from_cube(cube)
    sums = fig.totals_of(kinds)
    counts = fig.task_counts(commune, start, end, today, unit)
    topics = fig.topic_coverage(commune, start, end, unit)
    units = fig.unit_overview(commune, period, today, fig.units_from_cube(cube)) if unit is None else []
    score = fig.self_assessment(commune, start, end, today, kinds=kinds, counts=counts, examples=False) if unit is None else None
    rules = services.deadline_rules(commune)
    topic_rows = [(t["label"], t["count"]) for t in topics["covered"] + topics["not_covered"]]
    context = {
        "period": period, "periods": period_choices(today), "unit": unit,
        "units_choice": [] if bound is not None else Unit.objects.filter(commune=commune, active=True)
        .order_by("position", "name"),
        "totals": sums, "counts": counts, "topics": topics, "units": units, "score": score,
        "month_categories": categories, "month_rows": month_rows,
        "month_totals": [sum(v[i] for _, v in series) for i in range(len(categories))],
        "chart_months": charts.stacked_columns("hoat-dong-theo-thang", "Số hoạt động theo tháng và hình thức",
                                               categories, series),
        "chart_topics": charts.horizontal_bars("do-phu-noi-dung", "Số hoạt động theo nội dung tuyên truyền",
                                               topic_rows, empty_text="Chưa có kế hoạch ban hành trong kỳ."),
        "chart_units": charts.horizontal_bars("don-vi", "Số hoạt động theo đơn vị",
                                              [(u["unit"], u["activities"]) for u in units]),
        "overdue": fig.overdue_list(commune, today, unit),
        "deadlines": deadlines_between(rules, today, today + timedelta(days=120))[:4],
        "today": today,
    }
    return render(request, "reports/dashboard/commune.html", context)


@province_user_required
def province_overview(request):
    """The old address of the province overview, kept for bookmarks: the page lives in the province app."""
    query = request.GET.urlencode()
    return redirect(reverse("province:overview") + (f"?{query}" if query else ""))
