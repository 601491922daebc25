"""Staff pages: the shared catalogue and what the commune publishes, import, phrasings, unanswered questions."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tuyentruyen.accounts.permissions import access_required
from tuyentruyen.lib import fields
from tuyentruyen.lib.documents import Document, document_response
from tuyentruyen.lib.text import vi_sort_key

from . import access, lookup, services
from .importer import MAX_IMPORT_BYTES, CatalogueImportError, parse_catalogue
from .models import Procedure, ProcedureStatus, Publication, SynonymEntry, UnansweredQuestion


def _commune(request):
    """The user's commune: publications, phrasings and questions belong to one."""
    commune = request.user.commune
    if commune is None:
        raise PermissionDenied("Chức năng này dành cho cán bộ của một xã, phường.")
    return commune


# --- catalogue and publication ------------------------------------------------------------------------


@access_required(access.can_view_catalogue)
def catalogue(request):
    commune = request.user.commune
    procedures = Procedure.objects.all().order_by("field", "name")
    query = request.GET.get("q", "").strip()[:200]
    if query:
        procedures = procedures.filter(Q(name__icontains=query) | Q(code__icontains=query) | Q(field__icontains=query))
    publications = {}
    if commune is not None:
        publications = dict(Publication.objects.filter(commune=commune).values_list("procedure_id", "pk"))
    published_ids = set(publications)
    shown = request.GET.get("loc", "")
    if shown == "da-cong-bo":
        procedures = procedures.filter(pk__in=published_ids)
    elif shown == "chua-cong-bo":
        procedures = procedures.exclude(pk__in=published_ids)
    # The catalogue is national (a few thousand rows): order the ids in Python, in Vietnamese order
    # (SQL puts Đ after Z), then read only the page's rows.
    order = sorted(procedures.values_list("pk", "field", "name"),
                   key=lambda row: (vi_sort_key(row[1]), vi_sort_key(row[2])))
    page = Paginator([row[0] for row in order], 50).get_page(request.GET.get("trang"))
    found = procedures.only("code", "name", "field", "status", "demo").in_bulk(list(page.object_list))
    page.object_list = [found[pk] for pk in page.object_list]
    for procedure in page:
        procedure.publication_id = publications.get(procedure.pk)
    return render(request, "procedures/staff/catalogue.html", {
        "page": page, "query": query, "shown": shown, "published_ids": published_ids, "commune": commune,
        "can_publish": commune is not None and access.can_manage_commune_layer(request.user),
        "can_import": access.can_import_procedures(request.user),
        "can_change_catalogue": access.can_change_catalogue(request.user),
        "published_count": len(published_ids), "total": Procedure.objects.count(),
        "effective": (ProcedureStatus.IN_FORCE, ProcedureStatus.AMENDED),
    })


def _codes(request) -> list[str]:
    return [c for c in request.POST.getlist("code") if c][:5000]


@require_POST
@access_required(access.can_manage_commune_layer)
def publish(request):
    commune = _commune(request)
    if request.POST.get("all"):
        codes = list(Procedure.objects.filter(status__in=(ProcedureStatus.IN_FORCE, ProcedureStatus.AMENDED))
                     .values_list("code", flat=True))
    else:
        codes = _codes(request)
    count = services.publish(commune, codes, request.user)
    messages.success(request, f"Đã công bố thêm {count} thủ tục trên trang của {commune.full_name}.")
    return redirect(request.POST.get("next") if _safe_next(request) else "procedures:catalogue")


@require_POST
@access_required(access.can_manage_commune_layer)
def unpublish(request):
    commune = _commune(request)
    count = services.unpublish(commune, _codes(request), request.user)
    messages.success(request, f"Đã thôi công bố {count} thủ tục.")
    return redirect(request.POST.get("next") if _safe_next(request) else "procedures:catalogue")


def _safe_next(request) -> bool:
    target = request.POST.get("next", "")
    return target.startswith("/thu-tuc-hanh-chinh/") and "//" not in target


# --- import and export -----------------------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(label="Tệp danh mục",
                           help_text="JSON xuất từ phần mềm, hoặc bảng phụ lục của quyết định công bố (.docx, .xlsx).")
    changed_on = fields.DateField(label="Ngày công bố", required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                                 help_text="Ngày của quyết định công bố (dd/mm/yyyy); để trống là hôm nay.")
    publish = forms.BooleanField(label="Công bố các thủ tục này trên trang của xã", required=False, initial=True)
    dry_run = forms.BooleanField(label="Chỉ kiểm tra, chưa nhập", required=False)


@access_required(access.can_import_procedures)
def import_upload(request):
    """System admins import the shared catalogue; a commune's import touches only its own layer (which
    procedures it publishes, its local details) and is refused where it would change a shared field."""
    commune = request.user.commune
    shared = access.can_change_catalogue(request.user)
    errors: list[str] = []
    summary = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_IMPORT_BYTES:
                errors = [f"Tệp quá lớn; giới hạn là {MAX_IMPORT_BYTES // 1024 // 1024} MB."]
            else:
                try:
                    parsed = parse_catalogue(upload.read(), upload.name)
                    dry_run = form.cleaned_data["dry_run"]
                    publish_to = commune if form.cleaned_data["publish"] else None
                    if shared:
                        summary = services.import_catalogue(
                            parsed.records, source=upload.name[:200], user=request.user,
                            changed_on=form.cleaned_data["changed_on"], partial=parsed.partial,
                            publish_to=publish_to, dry_run=dry_run)
                    else:
                        summary = services.import_commune_layer(
                            _commune(request), parsed.records, user=request.user, partial=parsed.partial,
                            publish=publish_to is not None, dry_run=dry_run)
                except CatalogueImportError as exc:
                    errors = exc.errors
                else:
                    if not dry_run:
                        messages.success(request, f"Đã nhập {summary.total} thủ tục: {len(summary.created)} mới, "
                                                  f"{len(summary.updated)} thay đổi, {len(summary.unchanged)} không đổi.")
                        return redirect("procedures:catalogue")
    else:
        form = ImportForm()
    return render(request, "procedures/staff/import.html", {
        "form": form, "errors": errors, "summary": summary, "statuses": dict(ProcedureStatus.choices),
        "shared": shared,
    }, status=400 if errors else 200)


@access_required(access.can_export_catalogue)
def export_json(request):
    """The catalogue in its import shape; a commune's export carries its own layer under "local", so that
    the file it edits and imports back changes only that."""
    local = {}
    if request.user.commune_id:
        local = {p.procedure_id: {"where_to_submit": p.where_to_submit, "opening_hours": p.opening_hours,
                                  "local_notes": p.local_notes}
                 for p in Publication.objects.filter(commune_id=request.user.commune_id)}
    records = []
    for procedure in Procedure.objects.select_related("replaced_by").order_by("code"):
        record = lookup.record_of(procedure)
        if procedure.pk in local:
            record["local"] = local[procedure.pk]
        records.append(record)
    return document_response(Document(f"danh-muc-thu-tuc-{timezone.localdate():%Y%m%d}.json", "application/json",
                                      json.dumps(records, ensure_ascii=False, indent=1).encode()))


class LocalDetailsForm(forms.Form):
    where_to_submit = forms.CharField(label="Nơi nộp hồ sơ tại xã", required=False, max_length=2000,
                                      widget=forms.Textarea(attrs={"rows": 2}),
                                      help_text="Ví dụ: Quầy số 3, Trung tâm Phục vụ hành chính công xã")
    opening_hours = forms.CharField(label="Thời gian tiếp nhận", required=False, max_length=2000,
                                    widget=forms.Textarea(attrs={"rows": 2}),
                                    help_text="Ví dụ: Sáng thứ Hai đến thứ Sáu, 7 giờ 30 đến 11 giờ 30")
    local_notes = forms.CharField(label="Ghi chú của xã", required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3}))


@access_required(access.can_manage_commune_layer)
def edit_local_details(request, publication_id: int):
    """The commune's own details of a procedure it publishes; the shared record is not touched."""
    publication = access.get_publication_for_manager(request.user, publication_id)
    form = LocalDetailsForm(request.POST or None, initial={
        "where_to_submit": publication.where_to_submit, "opening_hours": publication.opening_hours,
        "local_notes": publication.local_notes})
    if request.method == "POST" and form.is_valid():
        services.set_local_details(publication, **form.cleaned_data)
        messages.success(request, f"Đã lưu thông tin tại xã của thủ tục “{publication.procedure.name}”.")
        return redirect("procedures:catalogue")
    return render(request, "procedures/staff/local_details.html", {"form": form, "publication": publication})


# --- phrasings (synonyms) ------------------------------------------------------------------------------------


class SynonymForm(forms.Form):
    phrase = forms.CharField(label="Cách nói thường ngày", max_length=200,
                             help_text="Ví dụ: “làm giấy cho con”")
    terms = forms.CharField(label="Thuật ngữ chính thức", max_length=500,
                            help_text="Ví dụ: “đăng ký khai sinh”; nhiều phương án cách nhau bằng dấu chấm phẩy (;)")


@access_required(access.can_edit_phrasings)
def synonyms(request):
    commune = _commune(request)
    if request.method == "POST":
        form = SynonymForm(request.POST)
        if form.is_valid():
            try:
                entry = services.add_synonym(commune, form.cleaned_data["phrase"], form.cleaned_data["terms"],
                                             request.user)
            except services.ProcedureError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"Đã thêm cách nói “{entry.phrase}”.")
                return redirect("procedures:synonyms")
    else:
        form = SynonymForm(initial={"phrase": request.GET.get("cach-noi", "")[:200]})
    entries = SynonymEntry.objects.filter(commune=commune).select_related("created_by")
    return render(request, "procedures/staff/synonyms.html", {"form": form, "entries": entries})


@require_POST
@access_required(access.can_edit_phrasings)
def delete_synonym(request, synonym_id: int):
    commune = _commune(request)
    entry = get_object_or_404(SynonymEntry, pk=synonym_id, commune=commune)
    services.delete_synonym(entry)
    messages.success(request, f"Đã xóa cách nói “{entry.phrase}”.")
    return redirect("procedures:synonyms")


# --- unanswered questions ------------------------------------------------------------------------------------


@access_required(access.can_edit_phrasings)
def unanswered(request):
    commune = _commune(request)
    page = Paginator(UnansweredQuestion.objects.filter(commune=commune).order_by("-count", "-last_asked_at"),
                     50).get_page(request.GET.get("trang"))
    codes = {code for q in page for code in q.offered.split(",") if code}
    names = dict(Procedure.objects.filter(code__in=codes, publications__commune=commune)
                 .values_list("code", "name")) if codes else {}
    rows = [(q, [(code, names[code]) for code in q.offered.split(",") if code in names]) for q in page]
    return render(request, "procedures/staff/unanswered.html", {"page": page, "rows": rows})


@require_POST
@access_required(access.can_edit_phrasings)
def unanswered_to_synonym(request, question_id: int):
    commune = _commune(request)
    question = get_object_or_404(UnansweredQuestion, pk=question_id, commune=commune)
    try:
        entry = services.question_to_synonym(question, request.POST.get("code", ""), request.user)
    except services.ProcedureError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Đã thêm cách nói “{entry.phrase}” → “{entry.terms}”. Từ nay trợ lý hiểu câu này.")
    return redirect("procedures:unanswered")


@require_POST
@access_required(access.can_edit_phrasings)
def dismiss_unanswered(request, question_id: int):
    commune = _commune(request)
    question = get_object_or_404(UnansweredQuestion, pk=question_id, commune=commune)
    services.dismiss_unanswered(question)
    messages.success(request, "Đã bỏ câu hỏi khỏi danh sách.")
    return redirect("procedures:unanswered")
