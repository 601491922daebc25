"""Province pages (/tinh/…): the overview of every commune, a commune's drill-down, the consolidated
report. Read-only; thin: check the predicate, read through ``rollup`` / ``consolidated``, render."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from tuyentruyen.accounts.permissions import access_required
from tuyentruyen.lib.dbrouter import reads_from_replica
from tuyentruyen.lib.documents import Document, document_response, offers_formats
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.lib.xlsx import XLSX_CONTENT_TYPE
from tuyentruyen.plans.models import Plan
from tuyentruyen.reports import access as reports_access
from tuyentruyen.reports import figures as fig
from tuyentruyen.reports.models import Report
from tuyentruyen.reports.views import period_choices, selected_period

from . import access, export, ranking, rollup
from .consolidated import consolidated_figures


def _overview_rows(request):
    province = access.province_of(request.user)
    period = selected_period(request)
    today = timezone.localdate()
    rows = rollup.overview_rows(province, period, today)
    ranked = ranking.rank(rows)
    ranks = {r["code"]: r for r in ranked}
    for row in rows:
        row["rank"], row["rank_reason"] = ranks[row["code"]]["rank"], ranks[row["code"]]["reason"]
        row.update(rollup.shown_cells(row))
    for entry in ranked:
        entry.update(rollup.shown_cells(entry))
    query, only, sort = request.GET.get("q", "").strip(), request.GET.get("loc", ""), request.GET.get("sap-xep", "ten")
    shown = ranking.select(rows, query, only, sort)
    return province, period, today, ranked, shown, {"q": query, "loc": only, "sap_xep": sort}


@reads_from_replica
@access_required(access.can_view_province_overview)
def overview(request):
    province, period, today, ranked, shown, chosen = _overview_rows(request)
    return render(request, "province/overview.html", {
        "province": province, "period": period, "periods": period_choices(today), "rows": shown,
        "total": len(ranked), "late": sum(1 for r in ranked if r["late"]),
        "no_plan": sum(1 for r in ranked if not r["plan"]["issued"]),
        "ranked": ranked, "chosen": chosen, "sorts": ranking.SORTS, "filters": ranking.FILTERS,
        "query_string": request.GET.urlencode(),
        "commune_url": reverse("province:commune", args=[0]).rsplit("0/", 1)[0],
    })


@access_required(access.can_view_province_overview)
def download_overview(request):
    province, period, _today, _rows, shown, _chosen = _overview_rows(request)
    content = export.overview_xlsx(shown, f"Tổng quan các xã — {province.name} — {period.label}")
    return document_response(Document(f"tong-quan-cac-xa-{period.code}.xlsx", XLSX_CONTENT_TYPE, content))


@access_required(access.can_view_province_overview)
def commune_detail(request, commune_code: int):
    """A commune seen from the province, read-only: its figures of the period, plans, reports, evidence."""
    commune = access.get_commune_for_user(request.user, commune_code)
    period = selected_period(request)
    today = timezone.localdate()
    # Narrow the province's scope to this commune (checked above): the figures' "has evidence" subquery
    # then reads this commune's evidence, not the whole province's.
    with commune_scope(commune):
        acts = fig.activities(commune, period.start, period.end)
        kinds = fig.kinds_from_cube(fig.activity_cube(acts, by_month=False))
        context = {
            "commune": commune, "period": period, "periods": period_choices(today),
            "totals": fig.totals_of(kinds), "kinds": kinds,
            "counts": fig.task_counts(commune, period.start, period.end, today),
            "topics": fig.topic_coverage(commune, period.start, period.end),
            "overdue": fig.overdue_list(commune, today),
            "notable": fig.notable(acts),
            "plans": list(Plan.objects.filter(commune=commune).order_by("-period_start")[:20]),
            "reports": list(Report.objects.filter(commune=commune, unit__isnull=True).order_by("-year", "-period_kind")[:12]),
            # the reports sent to the province open on its inbox page (the others are the commune's drafts)
            "received": set(reports_access.visible_received_reports(request.user).filter(commune=commune)
                            .values_list("pk", flat=True)),
        }
    return render(request, "province/commune.html", context)


@access_required(access.can_view_consolidated_report)
def consolidated_report(request):
    province = access.province_of(request.user)
    period = selected_period(request)
    today = timezone.localdate()
    figures = consolidated_figures(province, period, today)
    return render(request, "province/consolidated.html", {
        "province": province, "period": period, "periods": period_choices(today), "figures": figures,
    })


@access_required(access.can_view_consolidated_report)
@offers_formats(*export.FORMATS)
def download_consolidated(request, fmt: str):
    province = access.province_of(request.user)
    period = selected_period(request)
    figures = consolidated_figures(province, period, timezone.localdate())
    return document_response(export.render(figures, fmt, f"bao-cao-tong-hop-{period.code}"))
