"""PAR INDEX pages. The province: its scheme by year (``/tinh/bo-tieu-chi/…``) and the appraisal of the
communes' self-scores (``/tinh/tham-dinh/…``). The commune: its self-score with evidence and its answer
(``/bao-cao/chi-so-cchc/…``). Both: the evidence package (ZIP). Thin: ``access`` looks up, ``appraisal``
writes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tuyentruyen.accounts.permissions import access_required, province_writes
from tuyentruyen.lib.files import clean_file_name

from . import access, appraisal, evidence_package, scheme_tree
from .models import AppraisalItem, AppraisalStatus, Decision
from .views import _commune

ITEM_FIELDS = ("label", "max_points", "evidence", "rule_type", "full_at", "min_ratio", "kinds")


def _year(request, default: int) -> int:
    raw = request.GET.get("nam") or request.POST.get("nam") or ""
    if not raw:
        return default
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        raise Http404("Năm không hợp lệ.")
    return int(raw)


def _tree_rows(definition: dict) -> list[dict]:
    rows = []
    for number, depth, item, _ in scheme_tree.walk(definition):
        rule = item.get("rule") or {}
        kids = scheme_tree.children(item)
        rows.append({"number": number, "depth": min(depth, 3), "item": item, "code": item.get("code", ""),
                     "max_points": scheme_tree.max_points(item), "has_children": bool(kids),
                     "rule_type": rule.get("type", ""), "rule_label": scheme_tree.RULE_LABELS.get(rule.get("type"), ""),
                     "kinds": ", ".join(rule.get("kinds", []) + rule.get("channels", [])),
                     "full_at": round(float(rule.get("full_at", 1)) * 100, 2),
                     "min_ratio": round(float(rule.get("min_ratio", 0.9)) * 100, 2)})
    return rows


# --- the province's scheme --------------------------------------------------------------------------------
@access_required(access.can_view_schemes)
def scheme_list(request):
    user = request.user
    year = timezone.localdate().year
    schemes = list(access.visible_schemes(user).order_by("-year"))
    return render(request, "reports/appraisal/schemes.html", {
        "schemes": schemes, "can_manage": access.can_manage_schemes(user), "next_year": year,
        "years": [year - 1, year, year + 1], "default": scheme_tree.leaves(appraisal.fig.default_scheme()),
    })


@province_writes
@access_required(access.can_manage_schemes)
@require_POST
def scheme_create(request):
    user = request.user
    year = _year(request, timezone.localdate().year)
    raw = request.POST.get("nguon") or ""
    source = access.get_scheme_for_user(user, int(raw)) if raw.isdigit() else None
    try:
        scheme = appraisal.create_scheme(user.province, year, user=user, source=source)
    except appraisal.AppraisalError as exc:
        messages.error(request, exc.message)
        return redirect("reports:schemes")
    messages.success(request, f"Đã tạo bộ tiêu chí năm {year}. Sửa từng tiêu chí bên dưới.")
    return redirect("reports:scheme", scheme_id=scheme.pk)


@access_required(access.can_view_schemes)
def scheme_detail(request, scheme_id: int):
    scheme = access.get_scheme_for_user(request.user, scheme_id)
    return render(request, "reports/appraisal/scheme.html", {
        "scheme": scheme, "rows": _tree_rows(scheme.definition), "can_manage": access.can_manage_schemes(request.user),
        "rule_choices": [(k, scheme_tree.RULE_LABELS[k]) for k in scheme_tree.EDITABLE_RULES],
        "max_points": scheme_tree.max_points({"rule": {"type": "sum", "items": scheme.definition.get("items", [])}}),
    })


@province_writes
@access_required(access.can_manage_schemes)
@require_POST
def scheme_item(request, scheme_id: int):
    scheme = access.get_scheme_for_user(request.user, scheme_id)
    action, code = request.POST.get("action", ""), request.POST.get("code", "")
    values = {key: request.POST.get(key, "") for key in ITEM_FIELDS}
    try:
        if action == "edit":
            appraisal.edit_scheme_item(scheme, code, values, user=request.user)
            messages.success(request, "Đã lưu tiêu chí.")
        elif action == "add":
            appraisal.add_scheme_item(scheme, request.POST.get("parent", ""), values, user=request.user)
            messages.success(request, "Đã thêm tiêu chí.")
        elif action == "remove":
            appraisal.remove_scheme_item(scheme, code, user=request.user)
            messages.success(request, "Đã xóa tiêu chí.")
        elif action == "rename":
            appraisal.rename_scheme(scheme, request.POST.get("name", ""), user=request.user)
            messages.success(request, "Đã đổi tên bộ tiêu chí.")
        else:
            raise Http404("Thao tác không hợp lệ.")
    except appraisal.AppraisalError as exc:
        messages.error(request, exc.message)
    return redirect("reports:scheme", scheme_id=scheme.pk)


# --- the commune's self-score -----------------------------------------------------------------------------
@access_required(access.can_view_self_scores)
def self_score_home(request):
    commune = _commune(request)
    year = _year(request, timezone.localdate().year)
    if request.method == "POST":
        if not access.can_self_score(request.user):
            raise PermissionDenied("Chỉ cán bộ phụ trách CCHC tự chấm điểm của xã.")
        row = appraisal.start_self_score(commune, year, user=request.user)
        return redirect("reports:self_score", appraisal_id=row.pk)
    existing = appraisal.Appraisal.objects.filter(commune=commune, year=year).first()
    if existing is not None:
        return redirect("reports:self_score", appraisal_id=existing.pk)
    _, definition = appraisal.scheme_of_year(commune.province, year)
    return render(request, "reports/appraisal/self_start.html", {
        "year": year, "years": [year - 1, year, year + 1] if year == timezone.localdate().year else [year],
        "definition": definition, "leaves": scheme_tree.leaves(definition),
        "can_self_score": access.can_self_score(request.user)})


def _evidence_choices(appraisal_row):
    from tuyentruyen.work.models import Evidence

    return list(Evidence.objects.filter(commune=appraisal_row.commune, activity__date__year=appraisal_row.year)
                .select_related("activity").order_by("-activity__date", "-id")[:60])


@access_required(access.can_view_self_scores)
def self_score(request, appraisal_id: int):
    row = access.get_self_score_for_user(request.user, appraisal_id)
    items = list(appraisal.items_of(row))
    editable = row.status == AppraisalStatus.DRAFT and access.can_self_score(request.user)
    return render(request, "reports/appraisal/self_score.html", {
        "appraisal": row, "items": items, "editable": editable,
        "choices": _evidence_choices(row) if editable else [],
        "can_answer": row.status == AppraisalStatus.APPRAISED and access.can_self_score(request.user),
        "max_total": scheme_tree.max_points({"rule": {"type": "sum", "items": row.scheme.get("items", [])}}),
    })


def _item(row, item_id: int) -> AppraisalItem:
    return get_object_or_404(AppraisalItem.objects.filter(appraisal=row), pk=item_id)


@access_required(access.can_self_score)
@require_POST
def self_score_item(request, appraisal_id: int, item_id: int):
    row = access.get_self_score_for_user(request.user, appraisal_id)
    item = _item(row, item_id)
    try:
        if request.POST.get("bo-minh-chung", "").isdigit():
            appraisal.remove_uploaded_evidence(item, int(request.POST["bo-minh-chung"]), user=request.user)
        else:
            appraisal.save_self_item(item, points=request.POST.get("points", ""), note=request.POST.get("note", ""),
                                     evidence_ids=request.POST.getlist("evidence"),
                                     files=request.FILES.getlist("files"), user=request.user)
        messages.success(request, f"Đã lưu tiêu chí {item.number}.")
    except appraisal.AppraisalError as exc:
        messages.error(request, exc.message)
    return HttpResponseRedirect(reverse("reports:self_score", args=[row.pk]) + f"#tc-{item.pk}")


@access_required(access.can_self_score)
@require_POST
def self_score_submit(request, appraisal_id: int):
    row = access.get_self_score_for_user(request.user, appraisal_id)
    appraisal.submit_self_score(row, user=request.user)
    messages.success(request, "Đã gửi bản tự chấm lên tỉnh thẩm định.")
    return redirect("reports:self_score", appraisal_id=row.pk)


@access_required(access.can_self_score)
@require_POST
def self_score_answer(request, appraisal_id: int):
    row = access.get_self_score_for_user(request.user, appraisal_id)
    try:
        appraisal.answer_appraisal(row, text=request.POST.get("answer", ""), user=request.user)
        messages.success(request, "Đã gửi ý kiến phản hồi của xã.")
    except appraisal.AppraisalError as exc:
        messages.error(request, exc.message)
    return redirect("reports:self_score", appraisal_id=row.pk)


# --- the province's appraisal ----------------------------------------------------------------------------
@access_required(access.can_view_appraisals)
def appraisal_list(request):
    year = _year(request, timezone.localdate().year)
    rows = list(access.visible_appraisals(request.user).filter(year=year).order_by("commune__name"))
    return render(request, "reports/appraisal/province_list.html", {
        "rows": rows, "year": year, "years": [year - 1, year, year + 1]})


@access_required(access.can_view_appraisals)
def appraise(request, appraisal_id: int):
    row = access.get_appraisal_for_user(request.user, appraisal_id)
    items = list(appraisal.items_of(row))
    return render(request, "reports/appraisal/appraise.html", {
        "appraisal": row, "items": items, "decisions": Decision.choices,
        "can_appraise": access.can_appraise(request.user) and row.status == AppraisalStatus.SUBMITTED,
        "pending": sum(1 for i in items if not i.decision),
        "max_total": scheme_tree.max_points({"rule": {"type": "sum", "items": row.scheme.get("items", [])}}),
    })


@province_writes
@access_required(access.can_appraise)
@require_POST
def appraise_item(request, appraisal_id: int, item_id: int):
    row = access.get_appraisal_for_user(request.user, appraisal_id)
    item = _item(row, item_id)
    try:
        appraisal.appraise_item(item, decision=request.POST.get("decision", ""), points=request.POST.get("points"),
                                reason=request.POST.get("reason", ""), user=request.user)
        messages.success(request, f"Đã thẩm định tiêu chí {item.number}.")
    except appraisal.AppraisalError as exc:
        messages.error(request, exc.message)
    return HttpResponseRedirect(reverse("reports:appraise", args=[row.pk]) + f"#tc-{item.pk}")


@province_writes
@access_required(access.can_appraise)
@require_POST
def appraise_complete(request, appraisal_id: int):
    row = access.get_appraisal_for_user(request.user, appraisal_id)
    try:
        appraisal.complete_appraisal(row, user=request.user)
        messages.success(request, f"Đã hoàn tất thẩm định chỉ số CCHC của {row.commune.name}.")
    except appraisal.AppraisalError as exc:
        messages.error(request, exc.message)
    return redirect("reports:appraise", appraisal_id=row.pk)


@access_required(access.can_read_evidence_package)
def evidence_zip(request, appraisal_id: int):
    row = access.get_appraisal_for_reader(request.user, appraisal_id)
    items = list(appraisal.items_of(row))
    name = clean_file_name(f"ho-so-minh-chung-chi-so-cchc-{row.year}-{row.commune.slug}.zip")
    response = StreamingHttpResponse(evidence_package.stream_package(row, items), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
