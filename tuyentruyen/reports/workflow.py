"""The commune's report on its way up: officer → commune leader (sign-off) → province (receipt) → accepted,
or returned (by the leader with a comment, by the province with a comment per section) and sent anew.

Unit reports go unit → commune as before (``services.submit``, ``accept``, ``return_report``). Every step
is atomic, locks the report row and writes a ``ReportEvent`` saying who took it (``by``). The figures are
frozen when the officer asks for sign-off: what the leader signs is what the province receives.
"""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tuyentruyen.notifications.services import leaders_of, notify

from . import cutoff, export, services
from .models import REPORT_SECTIONS, EventSide, Report, ReportEvent, ReportReceipt, ReportStatus
from .services import ReportError

SECTION_LABELS = dict(REPORT_SECTIONS)
SENT_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


def _event(report: Report, previous: str, user, by: str, comment: str = "", sections: dict | None = None,
           snapshot: dict | None = None) -> ReportEvent:
    return ReportEvent.objects.create(report=report, from_status=previous, to_status=report.status, user=user,
                                      by=by, comment=comment, sections=sections or {}, figures=snapshot)


def _refuse_unless_commune_report(report: Report) -> None:
    if not report.is_commune_report:
        raise ReportError("Báo cáo của đơn vị gửi lên xã, không qua lãnh đạo ký duyệt hay gửi tỉnh.")


def _refuse_unless(report: Report, status: str, doing: str) -> None:
    if report.status != status:
        raise ReportError(f"Không thể {doing}: báo cáo đang ở trạng thái “{report.get_status_display()}”.")


def _report_url(report: Report) -> str:
    return reverse("reports:detail", args=[report.pk])


def _province_url(report: Report) -> str:
    return reverse("reports:province_detail", args=[report.pk])


# notifications: kept here so that the richer event API can replace them in one place
def _tell_leaders(report: Report) -> None:

    for user in leaders_of(report.commune):
        notify(user, title=f"Báo cáo {report.period.label} của xã chờ anh/chị duyệt", url=_report_url(report),
               kind="report_signoff", key=f"report:{report.pk}:signoff:{report.version}")


def _tell_commune(report: Report, title: str, body: str = "") -> None:
    from . import access

    for user in access.report_officers_of(report.commune):
        notify(user, title=title, body=body, url=_report_url(report), kind="report_decision",
               key=f"report:{report.pk}:{report.status}:{report.version}")


def _tell_province(report: Report) -> None:
    from . import access

    for user in access.province_receivers_of(report.commune):
        notify(user, title=f"{report.commune.name} đã gửi báo cáo {report.period.label}", url=_province_url(report),
               kind="report_received", key=f"report:{report.pk}:received:{report.version}")


@transaction.atomic
def request_signoff(report: Report, *, user, today: date | None = None) -> Report:
    """The officer hands the commune's report to the leader: its figures are computed one last time and
    kept. Asking again while it waits changes nothing (a double click)."""
    locked = services._locked(report)
    _refuse_unless_commune_report(locked)
    if locked.status in (ReportStatus.AWAITING_SIGNOFF, *SENT_STATUSES):
        return locked
    previous = locked.status
    # The figures freeze here, not when the leader signs: what the leader signs is what the province gets,
    # and what is recorded from now on counts in the next report as a late entry (``cutoff.py``).
    now = cutoff.hold_new_activities()
    locked.cutoff = cutoff.cutoff_for_submission(locked, now)
    found = cutoff.report_windows(locked.commune, locked.period, locked.unit, cutoff=locked.cutoff, use_own=False)
    locked.figures = services.live_figures(locked, today, found)
    locked.status = ReportStatus.AWAITING_SIGNOFF
    locked.version += 1
    locked.save()
    _event(locked, previous, user, EventSide.COMMUNE, snapshot=locked.figures)
    _tell_leaders(locked)
    return locked


@transaction.atomic
def return_from_signoff(report: Report, *, user, comment: str) -> Report:
    comment = (comment or "").strip()
    if not comment:
        raise ReportError("Hãy ghi ý kiến để cán bộ biết cần sửa gì trước khi trình lại.")
    locked = services._locked(report)
    _refuse_unless_commune_report(locked)
    _refuse_unless(locked, ReportStatus.AWAITING_SIGNOFF, "trả lại")
    locked.status = ReportStatus.RETURNED
    locked.version += 1
    locked.save()
    _event(locked, ReportStatus.AWAITING_SIGNOFF, user, EventSide.LEADER, comment)
    _tell_commune(locked, f"Lãnh đạo đã trả lại báo cáo {locked.period.label}", comment)
    return locked


def _receipt_document(report: Report) -> bytes:
    data = services.document_data(report, report.figures or {})
    return export.render_report_docx(data)


@transaction.atomic
def approve_and_send(report: Report, *, user) -> ReportReceipt:
    """The leader signs the report off and it goes to the province: a receipt keeps the time, the sender,
    the version (1, 2… for each sending) and the document as sent, in storage."""
    locked = services._locked(report)
    _refuse_unless_commune_report(locked)
    if locked.status in SENT_STATUSES:
        return locked.receipts.order_by("-version").first()
    _refuse_unless(locked, ReportStatus.AWAITING_SIGNOFF, "duyệt và gửi")
    now = timezone.now()
    locked.status = ReportStatus.SUBMITTED
    locked.submitted_at, locked.submitted_by = now, user
    locked.decided_at = locked.decided_by = None
    locked.version += 1
    locked.save()
    version = (locked.receipts.order_by("-version").values_list("version", flat=True).first() or 0) + 1
    receipt = ReportReceipt(report=locked, version=version, sent_at=now, sent_by=user, figures=locked.figures or {},
                            texts={"results": locked.results, "difficulties": locked.difficulties,
                                   "proposals": locked.proposals, "number": locked.number})
    name = f"bao-cao-{locked.period.code}-{locked.commune.slug}-lan-{version}.docx"
    receipt.document.save(name, ContentFile(_receipt_document(locked)), save=False)
    try:
        receipt.save()
        _event(locked, ReportStatus.AWAITING_SIGNOFF, user, EventSide.LEADER, f"Gửi tỉnh lần {version}",
               snapshot=locked.figures)
        _tell_province(locked)
    except Exception:
        receipt.document.storage.delete(receipt.document.name)  # the rows are rolled back; so is the file
        raise
    return receipt


def _decide(report: Report, target: str, user, comment: str, sections: dict | None = None) -> Report:
    locked = services._locked(report)
    _refuse_unless_commune_report(locked)
    _refuse_unless(locked, ReportStatus.SUBMITTED, "tiếp nhận hoặc trả lại")
    locked.status = target
    locked.decided_at, locked.decided_by = timezone.now(), user
    locked.version += 1
    locked.save()
    _event(locked, ReportStatus.SUBMITTED, user, EventSide.PROVINCE, comment, sections)
    return locked


@transaction.atomic
def province_accept(report: Report, *, user, comment: str = "") -> Report:
    comment = (comment or "").strip()
    locked = _decide(report, ReportStatus.ACCEPTED, user, comment)
    _tell_commune(locked, f"Tỉnh đã tiếp nhận báo cáo {locked.period.label}", comment)
    return locked


def clean_sections(raw: dict) -> dict[str, str]:
    """The province's comments per section, blank ones dropped; unknown sections refused."""
    sections = {}
    for code, text in (raw or {}).items():
        if code not in SECTION_LABELS:
            raise ReportError("Phần báo cáo được góp ý không hợp lệ.")
        text = (text or "").strip()
        if text:
            sections[code] = text
    return sections


@transaction.atomic
def province_return(report: Report, *, user, sections: dict, comment: str = "") -> Report:
    """Send the commune's report back with comments beside its sections (at least one)."""
    sections = clean_sections(sections)
    if not sections:
        raise ReportError("Hãy ghi ý kiến cho ít nhất một phần (kết quả, khó khăn, đề xuất hoặc số liệu) để xã biết "
                          "cần sửa gì.")
    locked = _decide(report, ReportStatus.RETURNED, user, (comment or "").strip(), sections)
    body = "; ".join(f"{SECTION_LABELS[c]}: {t}" for c, t in sections.items())
    _tell_commune(locked, f"Tỉnh đã trả lại báo cáo {locked.period.label}", body)
    return locked


def latest_return(report: Report) -> ReportEvent | None:
    """The last return of the report while it is being revised (its comments are shown beside the sections)."""
    if report.status != ReportStatus.RETURNED:
        return None
    return (ReportEvent.objects.filter(report=report, to_status=ReportStatus.RETURNED)
            .select_related("user").order_by("-at", "-id").first())


def receipts(report: Report):
    return ReportReceipt.objects.filter(report=report).select_related("sent_by").order_by("version")
