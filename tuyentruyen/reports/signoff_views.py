"""The commune leader's sign-off of the commune's report, and the frozen documents the province received
(``/bao-cao/<id>/…``). Thin: look up through ``access``, write through ``workflow``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from tuyentruyen.accounts.permissions import access_required
from tuyentruyen.lib.documents import offers_formats
from tuyentruyen.lib.files import clean_file_name

from . import access, workflow
from .models import ReportReceipt
from .services import ReportError


@access_required(access.can_sign_off_reports)
@require_POST
def approve_report(request, report_id: int):
    report = access.get_report_for_user(request.user, report_id)
    if not access.can_sign_off_report(request.user, report):
        raise PermissionDenied("Báo cáo này không chờ anh/chị duyệt.")
    try:
        receipt = workflow.approve_and_send(report, user=request.user)
    except ReportError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Đã duyệt và gửi báo cáo lên tỉnh (lần {receipt.version}). Biên nhận được lưu "
                                  "cùng văn bản đã gửi.")
    return redirect("reports:detail", report_id=report.pk)


@access_required(access.can_sign_off_reports)
@require_POST
def return_for_revision(request, report_id: int):
    report = access.get_report_for_user(request.user, report_id)
    if not access.can_sign_off_report(request.user, report):
        raise PermissionDenied("Báo cáo này không chờ anh/chị duyệt.")
    try:
        workflow.return_from_signoff(report, user=request.user, comment=request.POST.get("comment", ""))
    except ReportError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã trả lại báo cáo để cán bộ sửa và trình lại.")
    return redirect("reports:detail", report_id=report.pk)


@access_required(access.can_read_report_receipts)
@offers_formats("docx")
def download_receipt(request, report_id: int, receipt_id: int, fmt: str):
    """The document exactly as it was sent to the province that time, streamed from storage."""
    report = access.get_report_for_reader(request.user, report_id)
    receipt = ReportReceipt.objects.filter(report=report, pk=receipt_id).first()
    if receipt is None or not receipt.document:
        raise Http404("Không có lần gửi này.")
    try:
        handle = receipt.document.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Không tìm thấy tệp đã lưu của lần gửi này.") from exc
    name = clean_file_name(f"bao-cao-{report.period.code}-{report.commune.slug}-lan-{receipt.version}.docx")
    return FileResponse(handle, as_attachment=True, filename=name,
                        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
