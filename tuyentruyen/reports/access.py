"""Who reads, writes and decides reports, and sees the dashboard (see ``accounts/permissions.py``).

- Managers (CCHC officer, commune admin) open and write the commune's report and every unit's, accept or
  return units' reports; leaders read every report and the dashboard.
- Unit staff open, write and submit their own unit's report, and read only their unit's, and see their
  unit's dashboard (its figures only; the commune's self-assessment stays with managers and leaders).
- What awaits a decision: managers accept or return the units' submitted reports; leaders sign off the
  commune's report before it goes up (``awaiting_signoff``).
- The commune's own report goes up: the officer asks the commune leader to sign it off; the leader approves
  (it is sent to the province with a receipt) or returns it with a comment.
- Province users read the reports their province's communes have sent; the province officer accepts or
  returns them (with comments per section). Nobody of the province edits a commune's report.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404

from tuyentruyen.accounts.models import Role
from tuyentruyen.accounts.permissions import (
    holds,
    is_cchc_manager,
    is_province_officer,
    is_province_user,
    reads_whole_commune,
)

from .models import Report, ReportReceipt, ReportStatus


def can_view_reports(user) -> bool:
    return holds(user, Role.COMMUNE_ADMIN, Role.LEADER, Role.OFFICER, Role.UNIT_STAFF)


def can_manage_reports(user) -> bool:
    """Compile the commune's report, accept or return units' reports."""
    return is_cchc_manager(user)


def can_view_dashboard(user) -> bool:
    """The dashboard: the whole commune's for managers and leaders, one's own unit's for unit staff."""
    return reads_whole_commune(user) or (holds(user, Role.UNIT_STAFF) and user.unit_id is not None)


def can_view_self_assessment(user) -> bool:
    """The commune's self-assessed score is the commune's, not a unit's."""
    return reads_whole_commune(user)


def can_view_unit_dashboard(user, unit) -> bool:
    """The dashboard filtered to ``unit`` (None: the whole commune)."""
    if reads_whole_commune(user):
        return True
    return can_view_dashboard(user) and unit is not None and unit.pk == user.unit_id


def dashboard_unit_id(user):
    """The unit a user's dashboard is bound to (None: free to choose, the whole commune by default)."""
    return None if reads_whole_commune(user) else user.unit_id


def own_unit_only(user) -> bool:
    """Unit staff without a commune-wide role see their unit's reports only."""
    return not reads_whole_commune(user)


def can_open_unit_report(user, unit) -> bool:
    return can_manage_reports(user) or (can_view_reports(user) and unit is not None and unit.pk == user.unit_id)


def can_edit_report(user, report: Report) -> bool:
    if report.is_frozen:
        return False
    if report.is_commune_report:
        return can_manage_reports(user)
    return can_manage_reports(user) or (holds(user, Role.UNIT_STAFF) and user.unit_id == report.unit_id)


def can_decide_report(user, report: Report) -> bool:
    return can_manage_reports(user) and not report.is_commune_report


# A leader's sign-off is a report status being added to the workflow; read it by what its code says, so
# that this list fills in when the status exists and stays empty before (the four statuses above are
# decided by managers or by nobody).
def reports_awaiting_decision(user):
    """Reports waiting for ``user``'s decision: units' submitted reports for managers (accept or return),
    reports awaiting a leader's sign-off for leaders."""
    reports = Report.objects.none()
    if can_manage_reports(user):
        reports = reports | Report.objects.filter(unit__isnull=False, status=ReportStatus.SUBMITTED)
    if can_sign_off_reports(user):
        reports = reports | Report.objects.filter(unit__isnull=True, status=ReportStatus.AWAITING_SIGNOFF)
    return reports


def reports_returned_to(user):
    """Returned reports that ``user`` is the one to rework: their unit's, or the commune's for managers."""
    returned = Report.objects.filter(status=ReportStatus.RETURNED)
    if can_manage_reports(user):
        return returned.filter(unit__isnull=True)
    if holds(user, Role.UNIT_STAFF) and user.unit_id:
        return returned.filter(unit_id=user.unit_id)
    return Report.objects.none()


def get_report_for_user(user, report_id: int) -> Report:
    """A report of the user's commune (404 otherwise); unit staff only their unit's (403)."""
    report = get_object_or_404(Report.objects.select_related("commune__province", "unit"), pk=report_id,
                               **({} if user.is_superuser else {"commune_id": user.commune_id}))
    if own_unit_only(user) and (report.unit_id is None or report.unit_id != user.unit_id):
        raise PermissionDenied("Bạn chỉ xem được báo cáo của đơn vị mình.")
    return report


# --- the commune report on its way up ------------------------------------------------------------------
def can_request_signoff(user, report: Report) -> bool:
    """The officer hands the commune's report (a draft or a returned one) to the leader."""
    return report.is_commune_report and can_edit_report(user, report)


def can_sign_off_reports(user) -> bool:
    return holds(user, Role.LEADER)


def can_sign_off_report(user, report: Report) -> bool:
    return (can_sign_off_reports(user) and report.is_commune_report
            and report.status == ReportStatus.AWAITING_SIGNOFF
            and (user.is_superuser or report.commune_id == user.commune_id))


def awaiting_signoff(user):
    """The commune reports waiting for this leader's sign-off (none for anyone else), oldest first."""
    if not can_sign_off_reports(user) or not user.commune_id:
        return Report.objects.none()
    return (Report.objects.filter(commune_id=user.commune_id, unit__isnull=True,
                                  status=ReportStatus.AWAITING_SIGNOFF).order_by("updated_at", "id"))


def report_officers_of(commune) -> list:
    """Who writes the commune's report (told when it is returned or accepted)."""
    return list(get_user_model().objects.filter(commune=commune, is_active=True,
                                                role_rows__role__in=(Role.OFFICER, Role.COMMUNE_ADMIN))
                .distinct().order_by("pk"))


def province_receivers_of(commune) -> list:
    """The province officers who receive the commune's report."""
    return list(get_user_model().objects.filter(province_id=commune.province_id, commune__isnull=True,
                                                is_active=True, role_rows__role=Role.PROVINCE_OFFICER)
                .distinct().order_by("pk"))


def can_view_received_reports(user) -> bool:
    return is_province_user(user)


def can_decide_received_reports(user) -> bool:
    return is_province_officer(user)


def can_decide_received_report(user, report: Report) -> bool:
    return can_decide_received_reports(user) and report.status == ReportStatus.SUBMITTED


def visible_received_reports(user):
    """The commune reports sent at least once to the user's province (system admins: every province)."""
    if not can_view_received_reports(user):
        return Report.objects.none()
    sent = Exists(ReportReceipt.objects.filter(report=OuterRef("pk")))
    reports = Report.objects.filter(sent, unit__isnull=True).select_related("commune__province")
    if not user.is_superuser:
        reports = reports.filter(commune__province_id=user.province_id)
    return reports


def get_received_report_for_user(user, report_id: int) -> Report:
    """A report sent to the user's province; 404 for any other (another province's, a unit's, a draft)."""
    return get_object_or_404(visible_received_reports(user), pk=report_id)


def get_report_for_reader(user, report_id: int) -> Report:
    """The report for whoever may read it: province users the reports sent to them, commune users theirs."""
    if is_province_user(user) and not user.is_superuser:
        return get_received_report_for_user(user, report_id)
    return get_report_for_user(user, report_id)


def can_read_report_receipts(user) -> bool:
    return can_view_reports(user) or can_view_received_reports(user)


# --- PAR INDEX: the province's scheme, the commune's self-score, the province's appraisal --------------
def can_view_schemes(user) -> bool:
    return is_province_user(user)


def can_manage_schemes(user) -> bool:
    """Define the province's scheme of a year (copy the default or an earlier year, edit its criteria)."""
    return is_province_officer(user)


def visible_schemes(user):
    from .models import ScoringScheme

    if not can_view_schemes(user):
        return ScoringScheme.objects.none()
    schemes = ScoringScheme.objects.select_related("province", "updated_by")
    return schemes if user.is_superuser else schemes.filter(province_id=user.province_id)


def get_scheme_for_user(user, scheme_id: int):
    return get_object_or_404(visible_schemes(user), pk=scheme_id)


def can_view_self_scores(user) -> bool:
    return reads_whole_commune(user)


def can_self_score(user) -> bool:
    """Score the commune against the scheme, attach evidence, send it, answer the appraisal."""
    return is_cchc_manager(user)


def get_self_score_for_user(user, appraisal_id: int):
    from .models import Appraisal

    return get_object_or_404(Appraisal.objects.select_related("commune__province"), pk=appraisal_id,
                             **({} if user.is_superuser else {"commune_id": user.commune_id}))


def can_view_appraisals(user) -> bool:
    return is_province_user(user)


def can_appraise(user) -> bool:
    return is_province_officer(user)


def visible_appraisals(user):
    """The self-scores sent to the user's province (drafts stay the commune's)."""
    from .models import Appraisal, AppraisalStatus

    if not can_view_appraisals(user):
        return Appraisal.objects.none()
    rows = Appraisal.objects.exclude(status=AppraisalStatus.DRAFT).select_related("commune__province")
    return rows if user.is_superuser else rows.filter(commune__province_id=user.province_id)


def get_appraisal_for_user(user, appraisal_id: int):
    return get_object_or_404(visible_appraisals(user), pk=appraisal_id)


def get_appraisal_for_reader(user, appraisal_id: int):
    """For the evidence package: province users the sent self-scores, commune users their own."""
    if is_province_user(user) and not user.is_superuser:
        return get_appraisal_for_user(user, appraisal_id)
    if not can_view_self_scores(user):
        raise PermissionDenied("Bạn không có quyền xem hồ sơ chấm điểm.")
    return get_self_score_for_user(user, appraisal_id)


def can_read_evidence_package(user) -> bool:
    return can_view_self_scores(user) or can_view_appraisals(user)
