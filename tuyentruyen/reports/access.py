"""Who reads, writes and decides reports, and sees the dashboard (see ``accounts/permissions.py``).

- Managers (CCHC officer, commune admin) open and write the commune's report and every unit's, accept or
  return units' reports; leaders read every report and the dashboard.
- Unit staff open, write and submit their own unit's report, and read only their unit's.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from tuyentruyen.accounts.models import Role
from tuyentruyen.accounts.permissions import holds, is_cchc_manager, reads_whole_commune

from .models import Report


def can_view_reports(user) -> bool:
    return holds(user, Role.COMMUNE_ADMIN, Role.LEADER, Role.OFFICER, Role.UNIT_STAFF)


def can_manage_reports(user) -> bool:
    """Compile the commune's report, accept or return units' reports."""
    return is_cchc_manager(user)


def can_view_dashboard(user) -> bool:
    return reads_whole_commune(user)


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


def get_report_for_user(user, report_id: int) -> Report:
    """A report of the user's commune (404 otherwise); unit staff only their unit's (403)."""
    report = get_object_or_404(Report.objects.select_related("commune__province", "unit"), pk=report_id,
                               **({} if user.is_superuser else {"commune_id": user.commune_id}))
    if own_unit_only(user) and (report.unit_id is None or report.unit_id != user.unit_id):
        raise PermissionDenied("Bạn chỉ xem được báo cáo của đơn vị mình.")
    return report
