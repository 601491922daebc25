"""Staff pages: the shared catalogue and what the commune publishes, import, phrasings, unanswered questions."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tuyentruyen.accounts.models import Role
from tuyentruyen.accounts.permissions import role_required
from tuyentruyen.lib import fields

from . import lookup, services
from .importer import MAX_IMPORT_BYTES, CatalogueImportError, parse_catalogue
from .models import Procedure, ProcedureStatus, Publication, SynonymEntry, UnansweredQuestion

READERS = (Role.OFFICER, Role.EDITOR, Role.COMMUNE_ADMIN)
PUBLISHERS = (Role.OFFICER, Role.COMMUNE_ADMIN)
DICTIONARY_EDITORS = (Role.EDITOR, Role.OFFICER, Role.COMMUNE_ADMIN)


def _commune(request):
    """The user's commune: publications, phrasings and questions belong to one."""
    commune = request.user.commune
    if commune is None:
        raise PermissionDenied("Chức năng này dành cho cán bộ của một xã, phường.")
    return commune


# --- catalogue and publication ------------------------------------------------------------------------


@role_required(*READERS)
def catalogue(request):
    commune = request.user.commune
    procedures = Procedure.objects.all().order_by("field", "name")
    query = request.GET.get("q", "").strip()[:200]
    if query:
        procedures = procedures.filter(Q(name__icontains=query) | Q(code__icontains=query) | Q(field__icontains=query))
    published_ids = set()
    if commune is not None:
        published_ids = set(Publication.objects.filter(commune=commune).values_list("procedure_id", flat=True))
    shown = request.GET.get("loc", "")
    if shown == "da-cong-bo":
        procedures = procedures.filter(pk__in=published_ids)
    elif shown == "chua-cong-bo":
        procedures = procedures.exclude(pk__in=published_ids)
    page = Paginator(procedures.only("code", "name", "field", "status", "demo"), 50).get_page(request.GET.get("trang"))
    return render(request, "procedures/staff/catalogue.html", {
        "page": page, "query": query, "shown": shown, "published_ids": published_ids, "commune": commune,
        "can_publish": commune is not None and request.user.has_role(*PUBLISHERS),
        "published_count": len(published_ids), "total": Procedure.objects.count(),
        "effective": (ProcedureStatus.IN_FORCE, ProcedureStatus.AMENDED),
    })


def _codes(request) -> list[str]:
    return [c for c in request.POST.getlist("code") if c][:5000]


@require_POST
@role_required(*PUBLISHERS)
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
@role_required(*PUBLISHERS)
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


@role_required(*PUBLISHERS)
def import_upload(request):
    commune = _commune(request)
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
                except CatalogueImportError as exc:
                    errors = exc.errors
                else:
                    dry_run = form.cleaned_data["dry_run"]
                    summary = services.import_catalogue(
                        parsed.records, source=upload.name[:200], user=request.user,
                        changed_on=form.cleaned_data["changed_on"], partial=parsed.partial,
                        publish_to=commune if form.cleaned_data["publish"] else None, dry_run=dry_run)
                    if not dry_run:
                        messages.success(request, f"Đã nhập {summary.total} thủ tục: {len(summary.created)} mới, "
                                                  f"{len(summary.updated)} thay đổi, {len(summary.unchanged)} không đổi.")
                        return redirect("procedures:catalogue")
    else:
        form = ImportForm()
    return render(request, "procedures/staff/import.html", {
        "form": form, "errors": errors, "summary": summary, "statuses": dict(ProcedureStatus.choices),
    })


@role_required(*READERS)
def export_json(request):
    records = [lookup.record_of(p) for p in Procedure.objects.select_related("replaced_by").order_by("code")]
    response = HttpResponse(json.dumps(records, ensure_ascii=False, indent=1), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="danh-muc-thu-tuc-{timezone.localdate():%Y%m%d}.json"'
    return response


# --- phrasings (synonyms) ------------------------------------------------------------------------------------


class SynonymForm(forms.Form):
    phrase = forms.CharField(label="Cách nói thường ngày", max_length=200,
                             help_text="Ví dụ: “làm giấy cho con”")
    terms = forms.CharField(label="Thuật ngữ chính thức", max_length=500,
                            help_text="Ví dụ: “đăng ký khai sinh”; nhiều phương án cách nhau bằng dấu chấm phẩy (;)")


@role_required(*DICTIONARY_EDITORS)
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
@role_required(*DICTIONARY_EDITORS)
def delete_synonym(request, synonym_id: int):
    commune = _commune(request)
    entry = get_object_or_404(SynonymEntry, pk=synonym_id, commune=commune)
    services.delete_synonym(entry)
    messages.success(request, f"Đã xóa cách nói “{entry.phrase}”.")
    return redirect("procedures:synonyms")


# --- unanswered questions ------------------------------------------------------------------------------------


@role_required(*DICTIONARY_EDITORS)
def unanswered(request):
    commune = _commune(request)
    page = Paginator(UnansweredQuestion.objects.filter(commune=commune).order_by("-count", "-last_asked_at"),
                     50).get_page(request.GET.get("trang"))
    return render(request, "procedures/staff/unanswered.html", {"page": page})


@require_POST
@role_required(*DICTIONARY_EDITORS)
def dismiss_unanswered(request, question_id: int):
    commune = _commune(request)
    question = get_object_or_404(UnansweredQuestion, pk=question_id, commune=commune)
    services.dismiss_unanswered(question)
    messages.success(request, "Đã bỏ câu hỏi khỏi danh sách.")
    return redirect("procedures:unanswered")
