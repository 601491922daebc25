"""The read-only API for upper-level systems (``/api/v1/``), described by the OpenAPI document that
django-ninja generates from these functions (``/api/v1/openapi.json``, read by ``/api/v1/docs``).

Every operation needs ``Authorization: Bearer <token>`` (``ApiToken``). A province's token reads that
province only; whatever lies outside it answers 404. What a token reads is decided here and in
``access.py`` by explicit province filters; ``urls.py`` opens the matching tenant scope around each call,
logs it (``ApiRequest``) and counts it against the token's rate limit.
"""

from datetime import date, datetime

from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils import timezone
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from tuyentruyen.lib import ratelimit
from tuyentruyen.localities.models import Commune, Province
from tuyentruyen.plans import services as plan_services
from tuyentruyen.plans.models import Plan, PlanRevision, RevisionStatus
from tuyentruyen.reports.models import Report, ReportStatus
from tuyentruyen.reports.periods import Period, PeriodError
from tuyentruyen.work.models import Activity

from . import access

# Per token: a burst of 60 requests a minute, 2,000 an hour (a nightly sync of a province's 130 communes
# fits with room to spare).
RATE_LIMITS = [("api-minute", 60, 60), ("api-hour", 2000, 3600)]
UNAUTHORISED = "Khóa API không hợp lệ hoặc đã bị thu hồi. Gửi khóa trong tiêu đề “Authorization: Bearer <khóa>”."
RATE_LIMITED = "Khóa API này đã gọi quá nhiều lần trong thời gian ngắn. Hãy thử lại sau ít phút."
NOT_FOUND = "Không tìm thấy dữ liệu này, hoặc khóa API không được đọc dữ liệu này."
# Reports the province has received: the commune's own report (not a unit's), sent or accepted.
RECEIVED = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


class RateLimited(Exception):
    pass


class TokenAuth(HttpBearer):
    """The token ``urls.py`` already looked up for the request (once, to open the right scope)."""

    def authenticate(self, request, token):
        found = getattr(request, "api_token", None)
        if found is None or found.revoked_at is not None:
            return None
        if not ratelimit.allow_all(request, RATE_LIMITS, who=f"api-token:{found.pk}"):
            raise RateLimited
        return found


api = NinjaAPI(
    title="API Tuyên truyền CCHC", version="1", urls_namespace="api_v1", auth=TokenAuth(),
    docs_url=None,  # the docs page is our own (api/views.py): ninja's loads Swagger UI from a CDN
    openapi_url="/openapi.json",
    description="Dữ liệu chỉ đọc cho hệ thống cấp trên: kế hoạch (theo plan.schema.json), báo cáo đã gửi "
                "lên tỉnh (số liệu) và số liệu tổng hợp theo xã của một tỉnh. Mọi lời gọi cần tiêu đề "
                "“Authorization: Bearer <khóa>”; khóa của một tỉnh chỉ đọc được tỉnh đó.",
)


@api.exception_handler(AuthenticationError)
def _unauthorised(request, exc):
    return api.create_response(request, {"detail": UNAUTHORISED}, status=401)


@api.exception_handler(RateLimited)
def _rate_limited(request, exc):
    response = api.create_response(request, {"detail": RATE_LIMITED}, status=429)
    response["Retry-After"] = "60"
    return response


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": NOT_FOUND}, status=404)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    fields = sorted({".".join(str(p) for p in e.get("loc", [])[1:]) or "?" for e in exc.errors})
    return api.create_response(request, {"detail": "Tham số không hợp lệ: " + ", ".join(fields) + "."}, status=422)


# --- schemas ----------------------------------------------------------------------------------------
class Error(Schema):
    detail: str


class Owner(Schema):
    kind: str  # "province" or "commune"
    code: int
    name: str


class PlanSummary(Schema):
    id: int
    title: str
    owner: Owner
    province_code: int
    period_label: str
    period_start: date | None
    period_end: date | None
    number: str
    issued_on: date | None
    derived_from: int | None
    revision: int


class ReportOut(Schema):
    id: int
    commune_code: int
    commune_name: str
    province_code: int
    period: str
    status: str
    due: date | None
    submitted_at: datetime | None
    on_time: bool | None
    figures: dict | None


class CommuneRollup(Schema):
    commune_code: int
    commune_name: str
    activities: int
    reach: int
    report_status: str | None
    report_on_time: bool | None
    plan_issued: bool
    plan_number: str
    plan_date: date | None
    dropped_topics: list[str]


class ProvinceRollup(Schema):
    province_code: int
    province_name: str
    period: str
    period_start: date
    period_end: date
    communes: int
    activities: int
    reach: int
    reports_received: int
    reports_on_time: int
    plans_issued: int
    rows: list[CommuneRollup]


# --- plans ------------------------------------------------------------------------------------------
def _visible_plans(token):
    """Plans with an issued revision, of the token's province (its own and its communes'). Read without
    the commune scope: a province's plan belongs to none; the province filter is the boundary."""
    plans = Plan.objects.with_scopes_disabled().filter(revisions__status=RevisionStatus.ISSUED).distinct()
    if token.province_id is not None:
        plans = plans.filter(Q(province_id=token.province_id, commune__isnull=True)
                             | Q(commune__province_id=token.province_id))
    return plans.select_related("commune", "province")


def _issued_revisions(plans) -> dict[int, PlanRevision]:
    latest = {}
    for revision in (PlanRevision.objects.with_scopes_disabled()
                     .filter(plan__in=plans, status=RevisionStatus.ISSUED).order_by("plan_id", "number")):
        latest[revision.plan_id] = revision
    return latest


def _plan_summary(plan: Plan, revision: PlanRevision) -> dict:
    document = revision.document or {}
    if plan.commune_id:
        owner = {"kind": "commune", "code": plan.commune_id, "name": plan.commune.name}
        province_code = plan.commune.province_id
    else:
        owner = {"kind": "province", "code": plan.province_id, "name": plan.province.name}
        province_code = plan.province_id
    issued_on = document.get("date")
    try:
        issued_on = date.fromisoformat(issued_on) if issued_on else None
    except (TypeError, ValueError):
        issued_on = None
    return {"id": plan.pk, "title": plan.title, "owner": owner, "province_code": province_code,
            "period_label": plan.period_label, "period_start": plan.period_start, "period_end": plan.period_end,
            "number": document.get("number") or "", "issued_on": issued_on, "derived_from": plan.derived_from_id,
            "revision": revision.number}


@api.get("/plans", response={200: list[PlanSummary], 401: Error, 422: Error, 429: Error}, tags=["Kế hoạch"],
         summary="Các kế hoạch đã ban hành")
def list_plans(request, year: int | None = None, commune: int | None = None, owner: str | None = None):
    """Kế hoạch đã ban hành mà khóa được đọc (của tỉnh và của các xã), mới nhất trước. Lọc theo năm bắt đầu
    kỳ kế hoạch (`year`), mã xã (`commune`) hoặc cấp ban hành (`owner`: `province` hoặc `commune`)."""
    plans = _visible_plans(request.auth).order_by("-period_start", "-pk")
    if year is not None:
        plans = plans.filter(period_start__year=year)
    if commune is not None:
        plans = plans.filter(commune_id=commune)
    if owner == "province":
        plans = plans.filter(commune__isnull=True)
    elif owner == "commune":
        plans = plans.filter(commune__isnull=False)
    plans = list(plans[:1000])
    revisions = _issued_revisions(plans)
    return [_plan_summary(plan, revisions[plan.pk]) for plan in plans if plan.pk in revisions]


@api.get("/plans/{plan_id}", response={200: dict, 401: Error, 404: Error, 429: Error}, tags=["Kế hoạch"],
         summary="Một kế hoạch, theo plan.schema.json")
def get_plan(request, plan_id: int):
    """Nội dung bản đã ban hành mới nhất của kế hoạch, đúng cấu trúc `plan.schema.json` (như tệp JSON
    tải về trong ứng dụng)."""
    plan = _visible_plans(request.auth).filter(pk=plan_id).first()
    revision = plan_services.latest_issued_revision(plan) if plan else None
    if revision is None:
        raise Http404
    return revision.document


# --- reports ----------------------------------------------------------------------------------------
def _visible_reports(token):
    reports = Report.objects.filter(unit__isnull=True, status__in=RECEIVED).select_related("commune")
    if token.province_id is not None:
        reports = reports.filter(commune__province_id=token.province_id)
    return reports


def _report_out(report: Report) -> dict:
    return {"id": report.pk, "commune_code": report.commune_id, "commune_name": report.commune.name,
            "province_code": report.commune.province_id, "period": Period(report.year, report.period_kind).code,
            "status": report.status, "due": report.due, "submitted_at": report.submitted_at,
            "on_time": report.on_time, "figures": report.figures}


def _period(code: str) -> Period:
    try:
        return Period.parse(code)
    except PeriodError as exc:
        raise HttpError(422, exc.message) from exc


@api.get("/reports", response={200: list[ReportOut], 401: Error, 422: Error, 429: Error}, tags=["Báo cáo"],
         summary="Báo cáo các xã đã gửi lên tỉnh")
def list_reports(request, period: str | None = None, commune: int | None = None):
    """Báo cáo của xã đã gửi (`submitted`) hoặc đã được tỉnh tiếp nhận (`accepted`), kèm số liệu đã gửi.
    `period`: mã kỳ như `2026-q1`, `2026-h1`, `2026-y`."""
    reports = _visible_reports(request.auth).order_by("-year", "period_kind", "commune_id")
    if period:
        parsed = _period(period)
        reports = reports.filter(year=parsed.year, period_kind=parsed.kind)
    if commune is not None:
        reports = reports.filter(commune_id=commune)
    return [_report_out(report) for report in reports[:5000]]


@api.get("/reports/{report_id}", response={200: ReportOut, 401: Error, 404: Error, 429: Error},
         tags=["Báo cáo"], summary="Một báo cáo và số liệu")
def get_report(request, report_id: int):
    report = _visible_reports(request.auth).filter(pk=report_id).first()
    if report is None:
        raise Http404
    return _report_out(report)


# --- province roll-up -------------------------------------------------------------------------------
@api.get("/provinces/{province_code}/rollup", response={200: ProvinceRollup, 401: Error, 404: Error, 422: Error,
                                                       429: Error},
         tags=["Tổng hợp"], summary="Số liệu tổng hợp theo xã của một tỉnh")
def province_rollup(request, province_code: int, period: str | None = None):
    """Mỗi xã của tỉnh trong kỳ `period` (ví dụ `2026-q1`; mặc định: quý hiện tại): số hoạt động và lượt tiếp cận đã ghi nhận,
    trạng thái và đúng hạn của báo cáo kỳ đó, kế hoạch năm đã ban hành hay chưa (số, ngày) và các nội dung
    của kế hoạch tỉnh mà xã bỏ bớt."""
    token = request.auth
    if not access.token_reads_province(token, province_code):
        raise Http404
    province = Province.objects.filter(pk=province_code).first()
    if province is None:
        raise Http404
    if period:
        parsed = _period(period)
    else:
        today = timezone.localdate()
        parsed = Period(today.year, f"q{(today.month - 1) // 3 + 1}")
    communes = list(Commune.objects.filter(province=province).order_by("name"))
    activity = {row["commune_id"]: row for row in (
        Activity.objects.filter(commune__province=province, deleted_at__isnull=True,
                                date__gte=parsed.start, date__lte=parsed.end)
        .values("commune_id").annotate(count=Count("pk"), reach=Sum("reach")))}
    reports = {report.commune_id: report for report in Report.objects.filter(
        commune__province=province, unit__isnull=True, year=parsed.year, period_kind=parsed.kind)}
    plans = plan_services.commune_plan_status(province, parsed.year)
    rows = []
    for commune in communes:
        report, plan = reports.get(commune.pk), plans.get(commune.pk, {})
        received = report is not None and report.status in RECEIVED
        rows.append({
            "commune_code": commune.pk, "commune_name": commune.name,
            "activities": activity.get(commune.pk, {}).get("count", 0),
            "reach": activity.get(commune.pk, {}).get("reach") or 0,
            "report_status": report.status if report else None,
            "report_on_time": report.on_time if received else None,
            "plan_issued": bool(plan.get("issued")), "plan_number": plan.get("number", ""),
            "plan_date": plan.get("date"), "dropped_topics": plan.get("dropped_topics", []),
        })
    return {
        "province_code": province.pk, "province_name": province.name, "period": parsed.code,
        "period_start": parsed.start, "period_end": parsed.end, "communes": len(rows),
        "activities": sum(r["activities"] for r in rows), "reach": sum(r["reach"] for r in rows),
        "reports_received": sum(1 for r in rows if r["report_status"] in RECEIVED),
        "reports_on_time": sum(1 for r in rows if r["report_on_time"]),
        "plans_issued": sum(1 for r in rows if r["plan_issued"]), "rows": rows,
    }
