from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tuyentruyen.accounts.permissions import access_required, province_writes
from tuyentruyen.lib import bounds
from tuyentruyen.lib.bounds import format_size
from tuyentruyen.lib.documents import Document, document_response, offers_formats
from tuyentruyen.localities.models import Unit
from tuyentruyen.web.once import once_per_token

from . import access, editing, owners, review, services
from .compare import compare_documents
from .export.body import ORIGINAL, STRUCTURE, body_sections
from .export.docx import render_plan_docx, sections_from_fields
from .export.pdf import ConversionFailed, ConverterMissing, convert_docx_to_pdf
from .forms import IssueForm
from .importer import MAX_IMPORT_BYTES, PlanImportError, parse_plan_file, to_docx
from .importer.extract import extract
from .models import Plan, PlanRevision, RevisionStatus
from .present import PART_LABELS, citation_text, part_lines

IMPORT_SESSION_KEY = "plan_import"


def get_revision(plan: Plan, number: int | None = None, user=None) -> PlanRevision:
    """The plan's revision ``number``, else its latest; as ``user`` may read it (a commune reading its
    province's plan sees the issued revisions only)."""
    revisions = access.visible_revisions(user, plan) if user is not None else services.revisions_of(plan)
    revision = revisions.filter(number=number).first() if number else revisions.order_by("-number").first()
    if revision is None:
        raise Http404("Không có bản này.")
    return revision


_reader_required = access_required(access.can_view_plans, "Bạn không có quyền xem kế hoạch.")


# --- list, detail, compare -------------------------------------------------------------------------
@_reader_required
def plan_list(request):
    user = request.user
    plans = services.with_list_summary(
        access.visible_plans(user).select_related("commune", "province").order_by("-period_start", "-id"))
    can_edit = bool(user.commune_id or user.province_id) and access.can_edit_plans(user)
    return render(request, "plans/plan/list.html", {
        "plans": plans, "can_edit": can_edit,
        "to_derive": services.province_plans_to_derive(user.commune) if access.can_derive_plans(user) else [],
        "can_view_communes": access.can_view_commune_plan_status(user),
    })


@_reader_required
def plan_detail(request, plan_id: int, revision_no: int | None = None):
    plan = access.get_plan_for_user(request.user, plan_id)
    return render(request, "plans/plan/detail.html",
                  _detail_context(request, plan, get_revision(plan, revision_no, request.user)))


def _detail_context(request, plan: Plan, revision: PlanRevision, issue_form: IssueForm | None = None) -> dict:
    user = request.user
    revisions = list(access.visible_revisions(user, plan).order_by("-number"))
    acts = bool(user.commune_id or user.province_id)  # a system admin works in the admin, not here
    can_edit = access.can_edit_plan(user, plan) and acts
    context = {
        "plan": plan, "revision": revision, "revisions": revisions, "is_latest": revision.number == revisions[0].number,
        "doc": revision.document, "parts": _parts_with_origin(revision.document),
        "can_edit": can_edit and revision.is_editable,
        "can_submit": access.can_transition_plan(user, plan, "submit") and acts
        and revision.status == RevisionStatus.DRAFT,
        "can_approve": access.can_transition_plan(user, plan, "approve") and acts
        and revision.status == RevisionStatus.SUBMITTED,
        "can_return": access.can_transition_plan(user, plan, "return") and acts
        and revision.status in (RevisionStatus.SUBMITTED, RevisionStatus.APPROVED),
        "can_revise": can_edit and revision.status == RevisionStatus.ISSUED and revision.number == revisions[0].number,
        "can_derive": access.can_derive_plans(user) and not (
            plan.commune_id is None and revision.status != RevisionStatus.ISSUED),
        "can_view_communes": plan.commune_id is None and access.can_view_commune_plan_status(user),
        "editable_parts": [(k, v[0]) for k, v in editing.PARTS.items()],
        "unplaced": revision.document.get("unplaced", []),
        "replaced_by": plan.replaced_by,
        "replaced_by_label": services.plan_label(plan.replaced_by) if plan.replaced_by_id else "",
        "replaces": list(Plan.objects.with_scopes_disabled().filter(replaced_by=plan).order_by("pk")),
    }
    if (access.can_transition_plan(user, plan, "issue") and acts
            and revision.status == RevisionStatus.APPROVED):
        context["issue_form"] = issue_form or IssueForm.for_revision(plan, revision)
    if revision.status != RevisionStatus.ISSUED and revision.number == revisions[0].number and plan.commune_id:
        context.update(_owner_context(user, plan, revision))
    return context


def _owner_context(user, plan: Plan, revision: PlanRevision) -> dict:
    """The owners named in the plan that match no unit (they block issuing), and the choices made."""
    document, links = revision.document or {}, revision.unit_links or {}
    units = {u.pk: u.name for u in Unit.objects.filter(active=True)}
    chosen = [(name, owners.ALL_UNITS_LABEL if value == owners.ALL_UNITS else units.get(value, "—"))
              for name, value in owners.mapped_owners(document, links)]
    return {"owners_unmapped": services.unmapped_owners(revision), "owners_chosen": chosen,
            "can_map_owners": access.can_map_plan_owners(user, plan) and bool(user.commune_id),
            "owner_units": list(units.items()), "all_units": owners.ALL_UNITS,
            "all_units_label": owners.ALL_UNITS_LABEL}


@require_POST
@login_required
def map_owner(request, plan_id: int):
    """An owner named in the plan (a responsibility's unit, a task's lead) is given a unit, or every unit."""
    plan = access.get_plan_for_user(request.user, plan_id)
    if not access.can_map_plan_owners(request.user, plan):
        raise PermissionDenied("Bạn không có quyền gắn đơn vị cho kế hoạch này.")
    value = request.POST.get("unit", "")
    if value not in ("", owners.ALL_UNITS) and not value.isdigit():
        messages.error(request, "Hãy chọn một đơn vị trong danh sách.")
        return redirect(reverse("plans:detail", args=[plan.pk]) + "#don-vi-thuc-hien")
    unit_id = int(value) if value.isdigit() else (value or None)
    try:
        services.set_owner_unit(get_revision(plan), request.POST.get("owner", ""), unit_id, user=request.user)
    except services.PlanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã gắn đơn vị." if unit_id else "Đã bỏ lựa chọn đơn vị.")
    return redirect(reverse("plans:detail", args=[plan.pk]) + "#don-vi-thuc-hien")


ORIGIN_NOTES = {ORIGINAL: "Theo nguyên văn tệp gốc", STRUCTURE: "In từ nội dung đã sửa"}


def _parts_with_origin(document: dict) -> list[tuple[str, str, list[str], str | None]]:
    """Each part's lines and, for the body's parts of an imported plan, whether the Word/PDF export prints
    the original file's text or the edited structure (``export.body``)."""
    origins = body_sections(document)[1] if document.get("sections") else {}
    return [(key, label, part_lines(document, key), ORIGIN_NOTES.get(origins.get(key)))
            for key, label in PART_LABELS.items()]


@_reader_required
def compare(request, plan_id: int):
    plan = access.get_plan_for_user(request.user, plan_id)
    numbers = list(access.visible_revisions(request.user, plan).order_by("number").values_list("number", flat=True))
    if not numbers:
        raise Http404("Không có bản này.")
    try:
        a = int(request.GET.get("a", numbers[-2] if len(numbers) > 1 else numbers[0]))
        b = int(request.GET.get("b", numbers[-1]))
    except ValueError as exc:
        raise Http404("Số bản không hợp lệ.") from exc
    old, new = get_revision(plan, a, request.user), get_revision(plan, b, request.user)
    return render(request, "plans/plan/compare.html", {
        "plan": plan, "old": old, "new": new, "numbers": numbers,
        "rows": compare_documents(old.document, new.document),
    })


@_reader_required
def plan_json(request, plan_id: int):
    """The API shape: exactly plan.schema.json, the importer's contract."""
    plan = access.get_plan_for_user(request.user, plan_id)
    revision = get_revision(plan, int(request.GET["ban"]) if request.GET.get("ban", "").isdigit() else None,
                            request.user)
    return JsonResponse(revision.document, json_dumps_params={"ensure_ascii": False})


# --- import -----------------------------------------------------------------------------------------
@province_writes
@access_required(access.can_edit_plans)
def import_upload(request):
    error = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "Hãy chọn tệp kế hoạch (.docx, .doc, .odt, .pdf, .md hoặc .txt)."
        elif upload.size > MAX_IMPORT_BYTES:
            error = f"Tệp quá lớn ({format_size(upload.size)}); giới hạn là {MAX_IMPORT_BYTES // 1024 // 1024} MB."
        else:
            data = upload.read()
            try:
                data = to_docx(data)  # .doc, .odt, .rtf through LibreOffice, once for both reads below
                document = parse_plan_file(data, upload.name)
                source = [" | ".join(b.cells) if b.cells else b.text for b in extract(data, upload.name).blocks]
            except PlanImportError as exc:
                error = exc.message
            else:
                request.session[IMPORT_SESSION_KEY] = {
                    "name": upload.name[:255], "document": document, "source": source[:5000],
                }
                return redirect("plans:import_review")
    return render(request, "plans/import/upload.html", {"error": error}, status=400 if error else 200)


def _pending(request):
    pending = request.session.get(IMPORT_SESSION_KEY)
    if not pending:
        messages.warning(request, "Chưa có tệp nào đang chờ xem lại. Hãy tải tệp lên.")
    return pending


@province_writes
@access_required(access.can_edit_plans)
@once_per_token
def import_review(request):
    pending = _pending(request)
    if not pending:
        return redirect("plans:import_upload")
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            del request.session[IMPORT_SESSION_KEY]
            messages.info(request, "Đã hủy, không có gì được lưu.")
            return redirect("plans:list")
        if request.POST.get("draft") not in (None, str(pending.get("draft", 0))):
            messages.warning(request, review.STALE)
            return redirect("plans:import_review")
        try:
            plan = services.create_plan(**_owner(request.user), document=pending["document"],
                                        user=request.user, source_name=pending["name"])
        except services.PlanError as exc:
            messages.error(request, exc.message)
            return redirect("plans:import_review")
        del request.session[IMPORT_SESSION_KEY]
        messages.success(request, "Đã lưu kế hoạch thành bản dự thảo.")
        return redirect("plans:detail", plan_id=plan.pk)
    return render(request, "plans/import/review.html", _review_context(pending))


@province_writes
@access_required(access.can_edit_plans)
@require_POST
def import_review_edit(request):
    """One correction of the draft on the review screen: kept in the session, nothing saved."""
    pending = _pending(request)
    if not pending:
        return redirect("plans:import_upload")
    if request.POST.get("draft") != str(pending.get("draft", 0)):
        messages.warning(request, review.STALE)
        return redirect("plans:import_review")
    try:
        document, errors = review.apply_change(pending["document"], request.POST)
    except review.ReviewError as exc:
        messages.error(request, exc.message)
        return redirect("plans:import_review")
    if errors:
        failed = (request.POST.get("action", ""), request.POST.get("part", ""), request.POST.get("index", ""))
        return render(request, "plans/import/review.html",
                      _review_context(pending, failed=failed, values=request.POST, errors=errors), status=400)
    pending.update(document=document, draft=pending.get("draft", 0) + 1)
    request.session[IMPORT_SESSION_KEY] = pending
    messages.success(request, "Đã sửa bản xem lại. Chưa có gì được lưu cho đến khi bạn bấm “Lưu thành dự thảo”.")
    return redirect(reverse("plans:import_review") + request.POST.get("anchor", "")[:40])


def _review_context(pending, failed=None, values=None, errors=None) -> dict:
    """Every part of the draft as forms: one form per item, its ids unique (prefix = part and index)."""
    document = pending["document"]
    errors = errors or {}

    def field_rows(fields, prefix, shown, is_failed):
        return [{"field": f, "value": (values.get(f.name, "") if is_failed else shown.get(f.name, "")),
                 "error": errors.get(f.name) if is_failed else None, "prefix": prefix} for f in fields]

    parts = []
    for key, (title, fields) in editing.PARTS.items():
        items = []
        for i, item in enumerate(document.get(key, [])):
            is_failed = failed == ("save", key, str(i))
            line = None if key in ("legal_bases", "tasks", "responsibilities") else f"{key}:{i}"
            duties = [(f"responsibilities:{i}:{j}", duty) for j, duty in enumerate(item["duties"])] \
                if key == "responsibilities" else []
            items.append({"index": i, "prefix": f"xl-{key}-{i}", "line": line, "duties": duties,
                          "fields": field_rows(fields, f"xl-{key}-{i}", editing.item_values(key, item), is_failed)})
        new = field_rows(fields, f"xl-{key}-moi", {}, failed == ("add", key, ""))
        parts.append({"key": key, "title": title, "items": items, "new_fields": new, "new_prefix": f"xl-{key}-moi",
                      "new_open": failed == ("add", key, "")})
    header_failed = failed is not None and failed[0] == "header"
    header = field_rows(editing.HEADER_FIELDS, "xl-chung", editing.header_values(document), header_failed)
    closing = [{"index": i, "source": f"closing:{i}", "text": values.get("text", "") if failed == ("save", "closing", str(i)) else text,
                "error": errors.get("text") if failed == ("save", "closing", str(i)) else None}
               for i, text in enumerate(review.closing_lines(document))]
    signer = [(f"signer:{slot}", label, (document.get("signer") or {}).get(slot))
              for slot, label in review.SIGNER_SLOTS.items() if (document.get("signer") or {}).get(slot)]
    counts = {key: len(document.get(key, [])) for key in ("legal_bases", "references", "topics", "channels",
                                                           "responsibilities", "tasks", "recipients")}
    return {
        "name": pending["name"], "doc": document, "source": pending["source"], "counts": counts,
        "draft": pending.get("draft", 0), "header": header, "edit_parts": parts,
        "closing": closing, "closing_add_error": errors.get("text") if failed == ("add", "closing", "") else None,
        "signer_lines": signer, "targets": review.targets_for(document),
        "unplaced": [{"index": i, "source": f"unplaced:{i}", "text": t} for i, t in enumerate(document.get("unplaced", []))],
    }


def _owner(user) -> dict:
    """Whose plan a user's new plan is: their commune's, or (a province officer's) their province's."""
    return {"commune": user.commune} if user.commune_id else {"province": user.province}


# --- editing ----------------------------------------------------------------------------------------
def _editable_revision(request, plan):
    revision = get_revision(plan)
    if not revision.is_editable:
        messages.warning(request, f"Bản mới nhất đang ở trạng thái “{revision.get_status_display()}”, không sửa được.")
        return None
    return revision


def _expected_version(request) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


@province_writes
@access_required(access.can_edit_plans)
def edit_header(request, plan_id: int):
    plan = access.get_plan_for_editor(request.user, plan_id)
    revision = _editable_revision(request, plan)
    if revision is None:
        return redirect("plans:detail", plan_id=plan.pk)
    values, errors = editing.header_values(revision.document), {}
    if request.method == "POST":
        values = {f.name: request.POST.get(f.name, "") for f in editing.HEADER_FIELDS}
        document, errors = editing.apply_header(revision.document, request.POST)
        if not errors:
            try:
                services.save_document(revision, document, expected_version=_expected_version(request),
                                       user=request.user)
            except services.PlanError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, "Đã lưu thông tin chung.")
                return redirect("plans:detail", plan_id=plan.pk)
    fields = [{"field": f, "value": values.get(f.name, ""), "error": errors.get(f.name)} for f in editing.HEADER_FIELDS]
    return render(request, "plans/edit/header.html", {"plan": plan, "revision": revision, "fields": fields},
                  status=400 if errors else 200)


@province_writes
@access_required(access.can_edit_plans)
def edit_part(request, plan_id: int, part: str):
    if part not in editing.PARTS:
        raise Http404("Không có phần này.")
    plan = access.get_plan_for_editor(request.user, plan_id)
    revision = _editable_revision(request, plan)
    if revision is None:
        return redirect("plans:detail", plan_id=plan.pk)
    title, fields = editing.PARTS[part]
    failed_index, failed_values, errors = None, {}, {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        index = int(request.POST["index"]) if request.POST.get("index", "").isdigit() else None
        if action == "link" and part == "responsibilities":
            return _link_responsibility(request, plan, revision, index)
        item = None
        if action in ("add", "save"):
            item, errors = editing.item_from_form(part, request.POST, revision.document.get("period"))
        if not errors and action in ("add", "save", "up", "down", "delete"):
            try:
                document = editing.apply_action(revision.document, part, action, index, item)
                services.save_document(revision, document, expected_version=_expected_version(request),
                                       user=request.user)
            except (services.PlanError, IndexError) as exc:
                messages.error(request, getattr(exc, "message", str(exc)))
            else:
                messages.success(request, "Đã lưu.")
                return redirect(reverse("plans:edit_part", args=[plan.pk, part]) + (f"#muc-{index}" if index is not None else ""))
        failed_index = index if action == "save" else "new"
        failed_values = {f.name: request.POST.get(f.name, "") for f in fields}
        revision.refresh_from_db()
    items = []
    for i, item in enumerate(revision.document.get(part, [])):
        values = failed_values if failed_index == i else editing.item_values(part, item)
        items.append({"index": i, "fields": [{"field": f, "value": values.get(f.name, ""),
                                              "error": errors.get(f.name) if failed_index == i else None} for f in fields],
                      "item": item, "link": _unit_link(revision, part, i), "prefix": f"m{i}"})
    new_fields = [{"field": f, "value": failed_values.get(f.name, "") if failed_index == "new" else "",
                   "error": errors.get(f.name) if failed_index == "new" else None} for f in fields]
    context = {
        "plan": plan, "revision": revision, "part": part, "title": title, "items": items, "new_fields": new_fields,
        "registry": access.visible_legal_documents(request.user).filter(
            Q(shared=True) | Q(owner_commune_id=plan.commune_id)).order_by("doc_type", "-date")[:300]
        if part == "legal_bases" else None,
        "groups": sorted({t.get("group") for t in revision.document.get("tasks", []) if t.get("group")}),
        # a province's plan names the communes' duties, not units of its own
        "units": Unit.objects.filter(active=True) if part == "responsibilities" and plan.commune_id else None,
    }
    return render(request, "plans/edit/part.html", context, status=400 if errors else 200)


def _link_responsibility(request, plan, revision, index):
    """The officer names which of the commune's units a responsibility belongs to, where the name in the
    plan did not match one by itself. The choice holds while the responsibility keeps its name."""
    links = list(revision.unit_links.get("responsibilities", []))
    unit_id = request.POST.get("unit_id", "")
    if plan.commune_id is None:
        raise Http404("Kế hoạch của tỉnh không gắn với đơn vị của xã.")
    if index is None or index >= len(links):
        messages.error(request, "Mục này không còn trong kế hoạch. Hãy tải lại trang.")
    elif unit_id and not Unit.objects.filter(pk=unit_id if unit_id.isdigit() else 0).exists():
        raise Http404("Không có đơn vị này.")  # another commune's unit is not found, like a missing one
    else:
        links[index] = int(unit_id) if unit_id else None
        try:
            services.set_unit_links(revision, {"responsibilities": links}, expected_version=_expected_version(request))
        except services.PlanError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Đã gắn đơn vị." if unit_id else "Đã bỏ gắn đơn vị.")
    return redirect(reverse("plans:edit_part", args=[plan.pk, "responsibilities"]) + f"#muc-{index}")


def _unit_link(revision, part, index):
    if part != "responsibilities":
        return None
    links = revision.unit_links.get("responsibilities", [])
    return links[index] if index < len(links) else None


@province_writes
@access_required(access.can_edit_plans)
@require_POST
@once_per_token
def add_registry_citation(request, plan_id: int):
    plan = access.get_plan_for_editor(request.user, plan_id)
    revision = _editable_revision(request, plan)
    legal = access.get_legal_document_for_user(request.user, request.POST.get("legal_document") or 0)
    if revision is not None:
        citation = {"type": legal.doc_type, "number": legal.number or None,
                    "date": legal.date.isoformat() if legal.date else None,
                    "issuer": legal.issuer or None, "title": legal.title or None}
        try:
            document = editing.apply_action(revision.document, "legal_bases", "add", None, citation)
            services.save_document(revision, document, expected_version=_expected_version(request), user=request.user)
            messages.success(request, f"Đã thêm căn cứ: {citation_text(citation)}.")
        except services.PlanError as exc:
            messages.error(request, exc.message)
    return redirect("plans:edit_part", plan_id=plan.pk, part="legal_bases")


@province_writes
@access_required(access.can_edit_plans)
@require_POST
def rebuild_body(request, plan_id: int):
    plan = access.get_plan_for_editor(request.user, plan_id)
    revision = _editable_revision(request, plan)
    if revision is not None:
        document = dict(revision.document, sections=sections_from_fields(dict(revision.document, sections=[])))
        try:
            services.save_document(revision, document, expected_version=_expected_version(request), user=request.user)
            messages.success(request, "Đã dựng lại thân văn bản từ các phần có cấu trúc.")
        except services.PlanError as exc:
            messages.error(request, exc.message)
    return redirect("plans:detail", plan_id=plan.pk)


@login_required
def parse_citation_preview(request):
    """HTMX: what the typed citation was read as, while the officer types."""
    if not access.can_edit_plans(request.user):
        raise PermissionDenied
    citation = editing.parse_citation(request.GET.get("citation", "")[:2000])
    return render(request, "plans/edit/_citation_preview.html", {"citation": citation})


# --- workflow, revisions, derivation ---------------------------------------------------------------
@province_writes
@login_required
@require_POST
def change_status(request, plan_id: int):
    plan = access.get_plan_for_user(request.user, plan_id)
    action = request.POST.get("action", "")
    user = request.user
    if not access.can_transition_plan(user, plan, action):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này với kế hoạch.")
    if action == "issue":
        return _issue(request, plan)
    try:
        revision = services.transition(get_revision(plan), action, user=user, note=request.POST.get("note", ""))
    except services.PlanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Kế hoạch đã chuyển sang “{revision.get_status_display()}”.")
    return redirect("plans:detail", plan_id=plan.pk)


def _issue(request, plan: Plan):
    """Issue the approved revision: the form reads number, date and the replaced plan; the service decides.
    A refusal shows the issue form again with each message at its field."""
    revision = get_revision(plan)
    form = IssueForm.for_revision(plan, revision, data=request.POST)
    if form.is_valid():
        try:
            services.transition(revision, "issue", user=request.user, number=form.cleaned_data["number"],
                                issued_on=form.cleaned_data["issued_on"], replaces=form.cleaned_data.get("replaces"))
        except services.IssueError as exc:
            form.add_service_errors(exc.errors)
        except services.PlanError as exc:
            messages.error(request, exc.message)
            return redirect("plans:detail", plan_id=plan.pk)
        else:
            messages.success(request, "Kế hoạch đã được ban hành.")
            return redirect("plans:detail", plan_id=plan.pk)
    return render(request, "plans/plan/detail.html", _detail_context(request, plan, revision, form), status=400)


@province_writes
@access_required(access.can_edit_plans)
@require_POST
@once_per_token
def new_revision(request, plan_id: int):
    plan = access.get_plan_for_editor(request.user, plan_id)
    try:
        revision = services.start_new_revision(plan, user=request.user)
    except services.PlanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Đã tạo bản sửa đổi lần {revision.number}; bản đã ban hành được giữ nguyên.")
    return redirect("plans:detail", plan_id=plan.pk)


@access_required(access.can_derive_plans)
@require_POST
def derive(request, plan_id: int):
    source = access.get_plan_for_user(request.user, plan_id)
    try:
        plan = services.derive_plan(source, commune=request.user.commune, user=request.user)
    except services.PlanError as exc:
        messages.error(request, exc.message)
        return redirect("plans:detail", plan_id=source.pk)
    messages.success(request, "Đã lập dự thảo kế hoạch mới từ kế hoạch nguồn. Hãy rà soát trước khi trình.")
    return redirect("plans:detail", plan_id=plan.pk)


@province_writes
@access_required(access.can_edit_plans)
@once_per_token
def create_blank(request):
    if request.method != "POST":
        return redirect("plans:list")
    plan = services.create_plan(**_owner(request.user), user=request.user)
    return redirect("plans:edit_header", plan_id=plan.pk)


# --- export -----------------------------------------------------------------------------------------
def _export_name(plan: Plan, revision: PlanRevision, ext: str) -> str:
    from tuyentruyen.lib.text import slugify_vi

    return f"ke-hoach-{slugify_vi(plan.title)[:60] or plan.pk}-ban-{revision.number}.{ext}"


@offers_formats("docx", "pdf")  # outermost: _reader_required does not carry the declaration
@_reader_required
def download(request, plan_id: int, fmt: str):
    plan = access.get_plan_for_user(request.user, plan_id)
    revision = get_revision(plan, int(request.GET["ban"]) if request.GET.get("ban", "").isdigit() else None,
                            request.user)
    content = render_plan_docx(revision.document)
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if fmt == "pdf":
        try:
            content, mime = convert_docx_to_pdf(content), "application/pdf"
        except (ConverterMissing, ConversionFailed) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
            return redirect("plans:detail", plan_id=plan.pk)
    return document_response(Document(_export_name(plan, revision, fmt), mime, content))


# --- the province: its communes' plans ---------------------------------------------------------------
@access_required(access.can_view_commune_plan_status, "Chức năng này dành cho cán bộ cấp tỉnh.")
def commune_plans(request):
    """Per commune of the province: its plan for the year, issued or not, and the province's topics it
    dropped."""
    today = timezone.localdate()
    year = int(request.GET["nam"]) if request.GET.get("nam", "").isdigit() else today.year
    if not bounds.DATE.contains(date(min(max(year, 1), 9999), 1, 1)):
        year = today.year
    province = request.user.province
    rows = list(services.commune_plan_status(province, year).values())
    return render(request, "plans/province/communes.html", {
        "province": province, "year": year, "rows": rows, "years": range(today.year + 1, today.year - 5, -1),
        "source": services.province_source_plan(province, year),
        "issued_count": sum(1 for row in rows if row["issued"]),
    })
