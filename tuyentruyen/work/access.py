"""Who sees and changes what, and the reading helpers views use.

- CCHC officers and commune admins (managers) see and change every task and activity of the commune.
- Leaders read everything (a summary first), change nothing.
- Unit staff see the tasks their unit leads or coordinates and update those it leads; they see and
  record their own unit's activities.
- Editors and contributors record activities (news, posts); they see the ones they recorded.
Objects of another commune answer 404 (the scope hides them); objects of the same commune the user
may not touch answer 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404

from tuyentruyen.accounts.models import Role
from tuyentruyen.accounts.permissions import holds, is_cchc_manager, is_province_user, reads_whole_commune
from tuyentruyen.lib.tenancy import commune_scope

from .models import Activity, Evidence, Task

DENIED = "Bạn không có quyền với mục này của đơn vị khác."

def can_view_tasks(user) -> bool:
    """Managers, leaders and unit staff; anyone else only while a task is assigned to them."""
    if holds(user, Role.OFFICER, Role.COMMUNE_ADMIN, Role.LEADER, Role.UNIT_STAFF):
        return True
    if not user.is_authenticated or user.commune_id is None:
        return False
    # the navigation asks this outside any request scope too: look in the user's own commune
    with commune_scope(user.commune_id):
        return Task.objects.filter(assignee=user).exists()


def can_view_activities(user) -> bool:
    return holds(user, Role.OFFICER, Role.COMMUNE_ADMIN, Role.LEADER, Role.UNIT_STAFF, Role.EDITOR,
                 Role.CONTRIBUTOR)


def can_record_activities(user) -> bool:
    """May record activities at all (the quick-entry form, the Excel template and import)."""
    return holds(user, Role.OFFICER, Role.COMMUNE_ADMIN, Role.UNIT_STAFF, Role.EDITOR, Role.CONTRIBUTOR)


def can_manage_tasks(user) -> bool:
    """Add, split, reassign, cancel tasks; import the task sheet; manage activity kinds."""
    return is_cchc_manager(user)


def can_import(user, kind: str) -> bool:
    return {"activities": can_record_activities, "tasks": can_manage_tasks}[kind](user)


def default_unit_id(user):
    """The unit an activity recorded by ``user`` belongs to when none is chosen: a manager chooses any unit
    (None), everyone else records for their own unit (None when they have none)."""
    return None if is_cchc_manager(user) else user.unit_id


def can_record_activity_for(user, unit_id) -> bool:
    """May record a new activity for ``unit_id`` (None: no unit). The same rule as the activity form, where
    only managers choose the unit."""
    if not can_record_activities(user):
        return False
    return is_cchc_manager(user) or unit_id == user.unit_id


# --- tasks -----------------------------------------------------------------------------------------
def visible_tasks(user):
    tasks = Task.objects.all()
    if reads_whole_commune(user):
        return tasks
    if user.has_role(Role.UNIT_STAFF) and user.unit_id:
        coordinated = Task.coordinating_units.through.objects.filter(task_id=OuterRef("pk"), unit_id=user.unit_id)
        return tasks.filter(Q(lead_unit_id=user.unit_id) | Exists(coordinated) | Q(assignee=user))
    return tasks.filter(assignee=user) if user.is_authenticated else tasks.none()


def can_update_task(user, task: Task) -> bool:
    return is_cchc_manager(user) or (user.has_role(Role.UNIT_STAFF) and user.unit_id is not None
                                and task.lead_unit_id == user.unit_id) or (
        user.is_authenticated and task.assignee_id == user.pk)


def can_assign_task(user, task: Task) -> bool:
    """Give a task to a person of its lead unit: the CCHC managers, and the lead unit's own staff (who
    share out their unit's work)."""
    return is_cchc_manager(user) or (user.has_role(Role.UNIT_STAFF) and user.unit_id is not None
                                     and task.lead_unit_id == user.unit_id)


def assignable_people(task: Task):
    """The people a task may be given to: the active users of its lead unit."""
    from django.contrib.auth import get_user_model

    if task.lead_unit_id is None:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(commune_id=task.commune_id, unit_id=task.lead_unit_id,
                                           is_active=True).order_by("full_name", "username")


def get_task_for_assigning(user, task_id: int) -> Task:
    task = get_task_for_user(user, task_id)
    if not can_assign_task(user, task):
        raise PermissionDenied(DENIED)
    return task


def get_task_for_user(user, task_id: int) -> Task:
    task = get_object_or_404(Task.objects.select_related("plan", "lead_unit", "parent", "commune__province",
                                                         "assignee"),
                             pk=task_id)
    if not visible_tasks(user).filter(pk=task.pk).exists():
        raise PermissionDenied(DENIED)
    return task


def get_task_for_update(user, task_id: int) -> Task:
    task = get_task_for_user(user, task_id)
    if not can_update_task(user, task):
        raise PermissionDenied(DENIED)
    return task


def get_task_for_manager(user, task_id: int) -> Task:
    task = get_task_for_user(user, task_id)
    if not can_manage_tasks(user):
        raise PermissionDenied("Chỉ cán bộ phụ trách CCHC được tách, giao lại hoặc hủy nhiệm vụ.")
    return task


# --- activities ------------------------------------------------------------------------------------
def visible_activities(user, *, deleted: bool = False):
    activities = Activity.objects.filter(deleted_at__isnull=not deleted, import_job__isnull=True)
    if reads_whole_commune(user):
        return activities
    if user.has_role(Role.UNIT_STAFF) and user.unit_id:
        return activities.filter(Q(unit_id=user.unit_id) | Q(created_by=user))
    if user.has_role(Role.EDITOR, Role.CONTRIBUTOR):
        return activities.filter(created_by=user)
    return activities.none()


def can_edit_activity(user, activity: Activity) -> bool:
    if is_cchc_manager(user):
        return True
    if user.has_role(Role.UNIT_STAFF) and user.unit_id is not None and activity.unit_id == user.unit_id:
        return True
    return can_record_activities(user) and activity.created_by_id == user.pk and activity.unit_id == user.unit_id


def get_activity_for_user(user, activity_id: int, *, include_deleted: bool = False) -> Activity:
    activity = get_object_or_404(Activity.objects.select_related("kind", "unit", "task", "created_by",
                                                                 "recorded_after_cutoff_of"),
                                 pk=activity_id)
    if activity.deleted_at is not None and not include_deleted:
        raise PermissionDenied("Hoạt động này đã bị xóa.")
    visible = visible_activities(user, deleted=activity.deleted_at is not None)
    if not visible.filter(pk=activity.pk).exists():
        raise PermissionDenied(DENIED)
    return activity


def get_activity_for_edit(user, activity_id: int, *, include_deleted: bool = False) -> Activity:
    activity = get_activity_for_user(user, activity_id, include_deleted=include_deleted)
    if not can_edit_activity(user, activity):
        raise PermissionDenied(DENIED)
    return activity


# --- evidence --------------------------------------------------------------------------------------
def _province_reads_evidence(user, evidence: Evidence) -> bool:
    """The province reads (never changes) the evidence of its communes' live activities and tasks: what it
    appraises a commune's report on. Evidence of a deleted activity stays the commune's."""
    from tuyentruyen.localities.models import Commune

    if not user.province_id or not Commune.objects.filter(pk=evidence.commune_id, province_id=user.province_id).exists():
        return False
    if evidence.activity_id:
        return evidence.activity.deleted_at is None
    return bool(evidence.task_id)


def can_see_evidence(user, evidence: Evidence) -> bool:
    """Evidence follows what it proves. Public evidence of a public activity may be seen by anyone."""
    if evidence.is_public and evidence.activity_id and evidence.activity.is_public \
            and evidence.activity.deleted_at is None:
        return True
    if is_province_user(user) and not user.is_superuser:
        return _province_reads_evidence(user, evidence)
    if not user.is_authenticated or not (user.is_superuser or user.commune_id == evidence.commune_id):
        return False
    if evidence.activity_id:
        return evidence.activity.deleted_at is None and visible_activities(user).filter(
            pk=evidence.activity_id).exists() or (
            evidence.activity.deleted_at is not None and is_cchc_manager(user))
    if evidence.task_id:
        return visible_tasks(user).filter(pk=evidence.task_id).exists()
    return False
