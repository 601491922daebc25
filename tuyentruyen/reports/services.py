"""Writes for reports: create (idempotent), edit the free text, submit (freezing the figures), accept,
return with a comment. Every function is atomic and writes a ``ReportEvent`` row for status changes."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from tuyentruyen.lib.errors import UserError
from tuyentruyen.plans.models import Plan, PlanRevision, RevisionStatus

from . import cutoff
from . import figures as fig
from .models import EDITABLE_STATUSES, Report, ReportEvent, ReportStatus
from .periods import DeadlineRules, Period


class ReportError(UserError):
    """A refused change; ``message`` is Vietnamese and shown to the user as is."""


class ReportFrozen(ReportError):
    pass


class EditConflict(ReportError):
    pass


def deadline_rules(commune) -> DeadlineRules:
    return DeadlineRules.from_settings(commune.setting)


def get_or_create_report(commune, period: Period, unit=None) -> Report:
    """The one report of this unit (or the commune) for the period; made on first need. Safe when two
    requests race: the unique constraints decide and the loser reads the winner's row."""
    lookup = {"commune": commune, "unit": unit, "year": period.year, "period_kind": period.kind}
    report = Report.objects.filter(**lookup).first()
    if report is not None:
        return report
    due = deadline_rules(commune).deadline(period, commune_level=unit is None)
    try:
        with transaction.atomic():
            report = Report.objects.create(**lookup, due=due)
            ReportEvent.objects.create(report=report, from_status="", to_status=ReportStatus.DRAFT)
            return report
    except IntegrityError:
        # another request made it first
        return Report.objects.get(**lookup)


def live_figures(report: Report, today: date | None = None, found=None) -> dict:
    if report.is_commune_report:
        return fig.commune_figures(report.commune, report.period, today, found)
    return fig.unit_figures(report.commune, report.period, report.unit, today, found)


def figures_of(report: Report, today: date | None = None) -> dict:
    """What the report says: the kept snapshot once submitted, the live numbers before."""
    if report.is_frozen and report.figures is not None:
        if "cutoff" not in report.figures:  # sent before cut-offs were kept in the figures
            return {**report.figures, "cutoff": timezone.localtime(report.cutoff or report.submitted_at).isoformat()
                    if (report.cutoff or report.submitted_at) else None}
        return report.figures
    return live_figures(report, today)


def _locked(report: Report) -> Report:
    return Report.objects.select_for_update(of=("self",)).select_related("commune", "unit").get(pk=report.pk)


def _refuse_if_frozen(report: Report) -> None:
    if report.is_frozen:
        raise ReportFrozen(f"Báo cáo đang ở trạng thái “{report.get_status_display()}” nên không sửa được. "
                           "Số liệu và nội dung đã gửi được giữ nguyên.")


@transaction.atomic
def save_texts(report: Report, *, results: str, difficulties: str, proposals: str, number: str = "",
               expected_version: int | None = None, user=None) -> Report:
    locked = _locked(report)
    _refuse_if_frozen(locked)
    if expected_version is not None and locked.version != expected_version:
        raise EditConflict("Báo cáo vừa được người khác lưu trong lúc bạn đang sửa. Nội dung của bạn chưa được "
                           "lưu; hãy tải lại trang rồi sửa lại.")
    locked.results, locked.difficulties, locked.proposals = results.strip(), difficulties.strip(), proposals.strip()
    locked.number = number.strip()[:40]
    locked.version += 1
    locked.save()
    return locked


def _event(report: Report, from_status: str, user, comment: str = "", snapshot: dict | None = None) -> None:
    ReportEvent.objects.create(report=report, from_status=from_status, to_status=report.status, user=user,
                               comment=comment, figures=snapshot)


@transaction.atomic
def submit(report: Report, *, user=None, today: date | None = None) -> Report:
    """Send the report: its figures are computed one last time and kept. Submitting again what is already
    sent changes nothing (a double click, two tabs). The commune's own report goes to its leader for
    sign-off first (``workflow.request_signoff``)."""
    if report.is_commune_report:
        from .workflow import request_signoff

        return request_signoff(report, user=user, today=today)
    locked = _locked(report)
    if locked.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED):
        return locked
    previous = locked.status
    now = cutoff.hold_new_activities()
    locked.cutoff = cutoff.cutoff_for_submission(locked, now)
    found = cutoff.report_windows(locked.commune, locked.period, locked.unit, cutoff=locked.cutoff, use_own=False)
    locked.figures = live_figures(locked, today, found)
    locked.status = ReportStatus.SUBMITTED
    locked.submitted_at, locked.submitted_by = now, user
    locked.decided_at = locked.decided_by = None
    locked.version += 1
    locked.save()
    _event(locked, previous, user, snapshot=locked.figures)
    _tell_next(locked, "report.submitted", user)
    return locked


def _tell_next(report: Report, kind: str, user, comment: str = "") -> None:
    """The bell of whoever acts next on a unit's report: sent, it reaches the commune's CCHC officers; a
    decision reaches the unit's staff and whoever sent it. (The commune's own report is told along its way
    up in ``workflow.py``.)"""
    from django.urls import reverse

    from tuyentruyen.notifications import services as notifications

    commune = report.commune
    if kind == "report.submitted":
        recipients = notifications.managers_of(commune)
        text = f"{report.unit} đã gửi báo cáo {report.period.label}, chờ tiếp nhận"
    else:
        recipients = [report.submitted_by, *(notifications.unit_staff_of(commune, report.unit_id)
                                             if report.unit_id else notifications.managers_of(commune))]
        what = {"report.returned": "bị trả lại", "report.accepted": "đã được tiếp nhận"}.get(kind, "đã được duyệt")
        text = f"Báo cáo {report.period.label} của {report.author_name} {what}"
        if comment:
            text += f": {comment[:150]}"
    notifications.notify_event(kind, target=report, recipients=recipients, actor=user, text=text,
                               url=reverse("reports:detail", args=[report.pk]))


def _decide(report: Report, target: str, user, comment: str) -> Report:
    locked = _locked(report)
    if locked.is_commune_report:
        raise ReportError("Báo cáo của xã gửi lên tỉnh; xã không tự tiếp nhận hay trả lại báo cáo này.")
    if locked.status != ReportStatus.SUBMITTED:
        raise ReportError(f"Chỉ tiếp nhận hoặc trả lại báo cáo đã gửi; báo cáo này đang ở trạng thái "
                          f"“{locked.get_status_display()}”.")
    previous = locked.status
    locked.status = target
    locked.decided_at, locked.decided_by = timezone.now(), user
    locked.version += 1
    locked.save()
    _event(locked, previous, user, comment)
    _tell_next(locked, "report.returned" if target == ReportStatus.RETURNED else "report.accepted", user, comment)
    return locked


@transaction.atomic
def accept(report: Report, *, user=None, comment: str = "") -> Report:
    return _decide(report, ReportStatus.ACCEPTED, user, comment.strip())


@transaction.atomic
def return_report(report: Report, *, user=None, comment: str) -> Report:
    """Send a unit's report back for correction. The figures it was sent with stay in its history; it
    becomes editable and its numbers live again until it is sent anew."""
    comment = (comment or "").strip()
    if not comment:
        raise ReportError("Hãy ghi lý do trả lại để đơn vị biết cần sửa gì.")
    return _decide(report, ReportStatus.RETURNED, user, comment)


def history(report: Report):
    return ReportEvent.objects.filter(report=report).select_related("user").order_by("at", "id")


def is_editable_status(status: str) -> bool:
    return status in EDITABLE_STATUSES


# --- what the document says around the numbers ----------------------------------------------------------
def _plan_reference(commune, period: Period) -> str:
    """“Thực hiện Kế hoạch số …” for the plan(s) covering the period, as the genre opens a report."""
    plans = list(Plan.objects.filter(commune=commune, period_start__lte=period.end, period_end__gte=period.start)
                 .order_by("-period_start")[:2])
    parts = []
    for plan in plans:
        revision = (PlanRevision.objects.filter(plan=plan, status=RevisionStatus.ISSUED).order_by("-number")
                    .values("document").first())
        doc = revision["document"] if revision else {}
        number = str(doc.get("number") or "").strip()
        if number and "/" not in number:  # issuing stores “15/KH-UBND”; older documents kept the bare “15”
            number = f"{number}/{doc.get('symbol') or 'KH-UBND'}"
        number = f" số {number}" if number else ""
        when = ""
        if doc.get("date"):
            issued = date.fromisoformat(doc["date"])
            when = f" ngày {issued.day:02d}/{issued.month:02d}/{issued.year}"
        title = plan.title.strip().rstrip(".;") if plan.title else ""  # the sentence goes on after it
        title = title[:1].lower() + title[1:]
        parts.append(f"Kế hoạch{number}{when} của {commune.committee_name} về {title}".replace(" về về ", " về "))
    if not parts:
        return "Thực hiện chế độ báo cáo định kỳ công tác tuyên truyền cải cách hành chính;"
    return "Thực hiện " + "; ".join(parts) + ";"


def document_data(report: Report, figures: dict) -> dict:
    """The input of ``export.render_report_docx`` / ``render_report_xlsx``."""
    commune, period = report.commune, report.period
    commune_level = report.is_commune_report
    issuer = commune.committee_name if commune_level else report.unit.name
    title = f"Kết quả công tác tuyên truyền cải cách hành chính {period.label}"
    if commune_level:
        recipients = [{"name": f"Sở Nội vụ {commune.province.name}", "purpose": "b/c"},
                      {"name": "TT. Đảng ủy, HĐND xã", "purpose": "b/c"},
                      {"name": "Chủ tịch, các Phó Chủ tịch UBND xã", "purpose": ""},
                      {"name": "Lưu: VT, VHXH", "purpose": ""}]
        signer = {"on_behalf": "TM. ỦY BAN NHÂN DÂN", "deputy": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": ""}
    else:
        recipients = [{"name": "Phòng Văn hóa - Xã hội", "purpose": "b/c"}, {"name": "Lưu: VT", "purpose": ""}]
        signer = {"title": "THỦ TRƯỞNG ĐƠN VỊ", "name": ""}
    texts = {"results": report.results, "difficulties": report.difficulties, "proposals": report.proposals}
    if commune_level and figures.get("unit_texts"):
        # the accepted unit reports' own words, consolidated under the commune's
        for key in texts:
            extra = [f"- {t['unit']}: {t[key]}" for t in figures["unit_texts"] if t.get(key)]
            texts[key] = "\n".join([texts[key]] + extra if texts[key] else extra)
    submitted = timezone.localtime(report.submitted_at).date().isoformat() if report.submitted_at else None
    return {
        "figures": figures, "commune_level": commune_level, "period_label": period.label,
        "period_start": period.start.isoformat(), "period_end": period.end.isoformat(),
        "issuer": issuer, "title": title, "preamble": _plan_reference(commune, period),
        "number": report.number or None, "symbol": "BC-UBND" if commune_level else "BC",
        "place": commune.name, "date": submitted if report.is_frozen else None,
        "recipients": recipients, "signer": signer, "texts": texts,
        "commune": {"kind": commune.kind, "name": commune.name}, "site_url": settings.SITE_URL,
    }
