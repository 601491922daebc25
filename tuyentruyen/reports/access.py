"""Who reads, writes and decides reports, and sees the dashboard (see ``accounts/permissions.py``).

- Managers (CCHC officer, commune admin) open and write the commune's report and every unit's, accept or
  return units' reports; leaders read every report and the dashboard.
- Unit staff open, write and submit their own unit's report, and read only their unit's, and see their
  unit's dashboard (its figures only; the commune's self-assessment stays with managers and leaders).
- What awaits a decision: managers accept or return the units' submitted reports; leaders sign off what a
  leader decides (see ``LEADER_DECIDES``).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from tuyentruyen.accounts.models import Role
from tuyentruyen.accounts.permissions import holds, is_cchc_manager, reads_whole_commune

from .models import Report, ReportStatus


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
LEADER_DECIDES = tuple(s for s in ReportStatus if any(word in s.value for word in ("sign", "leader", "approv")))


def reports_awaiting_decision(user):
    """Reports waiting for ``user``'s decision: units' submitted reports for managers (accept or return),
    reports awaiting a leader's sign-off for leaders."""
    reports = Report.objects.none()
    if can_manage_reports(user):
        reports = reports | Report.objects.filter(unit__isnull=False, status=ReportStatus.SUBMITTED)
    if LEADER_DECIDES and holds(user, Role.LEADER):
        reports = reports | Report.objects.filter(status__in=LEADER_DECIDES)
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
