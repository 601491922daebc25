"""Who handles feedback, runs surveys and contests (see ``accounts/permissions.py``).

- Feedback: the CCHC officer handles it (assigns, publishes, erases personal data); the officer, admin and
  leaders read the whole inbox; unit staff read and answer what was assigned to their unit. Residents'
  contact details: the officer and the assigned unit's staff only.
- Surveys: managers (officer, commune admin) create and edit; leaders read results too.
- Contests: the officer, editors and the commune admin.
"""

from django.shortcuts import get_object_or_404

from tuyentruyen.accounts.models import Role
from tuyentruyen.accounts.permissions import holds, is_cchc_manager, reads_whole_commune

from .models import Contest, ContestQuestion, Feedback, Survey


# --- feedback ------------------------------------------------------------------------------------------
def can_view_feedback(user) -> bool:
    return holds(user, Role.OFFICER, Role.COMMUNE_ADMIN, Role.UNIT_STAFF, Role.LEADER)


def can_handle_feedback(user) -> bool:
    """Assign, publish, erase personal data: the CCHC officer."""
    return holds(user, Role.OFFICER)


def can_answer_feedback_at_all(user) -> bool:
    return holds(user, Role.OFFICER, Role.UNIT_STAFF)


def sees_whole_inbox(user) -> bool:
    return reads_whole_commune(user)


def _assigned_to_users_unit(user, feedback: Feedback) -> bool:
    return holds(user, Role.UNIT_STAFF) and feedback.unit_id is not None and feedback.unit_id == user.unit_id


def can_see_personal_data(user, feedback: Feedback) -> bool:
    """Only the CCHC officer and the staff of the unit the item was assigned to."""
    return can_handle_feedback(user) or _assigned_to_users_unit(user, feedback)


def can_answer_feedback(user, feedback: Feedback) -> bool:
    return can_handle_feedback(user) or _assigned_to_users_unit(user, feedback)


def visible_feedback(user):
    """The officer, admin and leaders see the commune's whole inbox; unit staff only what was assigned
    to their unit."""
    items = Feedback.objects.filter(commune_id=user.commune_id) if not user.is_superuser else Feedback.objects.all()
    if sees_whole_inbox(user):
        return items
    if user.unit_id:
        return items.filter(unit_id=user.unit_id)
    return items.none()


def get_feedback_for_user(user, feedback_id: int) -> Feedback:
    return get_object_or_404(visible_feedback(user).select_related("unit", "answered_by"), pk=feedback_id)


# --- surveys -------------------------------------------------------------------------------------------
def can_edit_surveys(user) -> bool:
    return is_cchc_manager(user)


def can_view_surveys(user) -> bool:
    return reads_whole_commune(user)


def get_survey_for_user(user, survey_id: int) -> Survey:
    qs = Survey.objects.all() if user.is_superuser else Survey.objects.filter(commune_id=user.commune_id)
    return get_object_or_404(qs, pk=survey_id)


# --- contests ------------------------------------------------------------------------------------------
def can_edit_contests(user) -> bool:
    return holds(user, Role.OFFICER, Role.EDITOR, Role.COMMUNE_ADMIN)


def get_contest_for_user(user, contest_id: int) -> Contest:
    qs = Contest.objects.all() if user.is_superuser else Contest.objects.filter(commune_id=user.commune_id)
    return get_object_or_404(qs, pk=contest_id)


def get_bank_question_for_user(user, item_id: int) -> ContestQuestion:
    qs = ContestQuestion.objects.all() if user.is_superuser else ContestQuestion.objects.filter(
        commune_id=user.commune_id)
    return get_object_or_404(qs, pk=item_id)
