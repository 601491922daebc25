"""Who reads and changes plans and the registry of cited documents (see ``accounts/permissions.py``).

- Every commune user reads the commune's plans and its province's; province viewers read their province's.
- CCHC managers (officer, commune admin) import, draft, edit, submit, revise and derive the commune's plans.
- Leaders return, approve and issue them.
- A province's own plans (``commune`` empty): its province officers import, edit, submit and issue them, its
  province leaders return and approve them; its communes read the issued ones (never a draft) and derive
  their plans from them. Province users never change a commune's plan.
- The legal-document registry: shared documents for everyone, a commune's own documents for that commune
  (and its province's viewers); only system admins change a shared document or mark one shared.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from tuyentruyen.accounts.models import Role
from tuyentruyen.accounts.permissions import (
    holds,
    is_cchc_manager,
    is_province_leader,
    is_province_officer,
    is_system_admin,
)

from .models import LegalDocument, Plan, RevisionStatus

EDIT_DENIED = "Chỉ cán bộ phụ trách CCHC của xã được sửa kế hoạch."
PROVINCE_EDIT_DENIED = "Chỉ cán bộ của tỉnh phụ trách kế hoạch tuyên truyền CCHC được sửa kế hoạch của tỉnh."


def can_view_plans(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.is_province_user or holds(
        user, Role.COMMUNE_ADMIN, Role.LEADER, Role.OFFICER, Role.UNIT_STAFF, Role.EDITOR, Role.CONTRIBUTOR))


def can_edit_plans(user) -> bool:
    """May import and draft plans for their commune, or (a province officer) for their province."""
    return is_cchc_manager(user) or is_province_officer(user)


def can_derive_plans(user) -> bool:
    """May make the commune's plan from another plan (its own earlier one, or the province's)."""
    return bool(user.is_authenticated and user.commune_id) and is_cchc_manager(user)


def is_province_plan(plan: Plan) -> bool:
    return plan.commune_id is None


def _own(user, plan: Plan) -> bool:
    if is_province_plan(plan):
        return bool(user.province_id) and not user.commune_id and plan.province_id == user.province_id
    return plan.commune_id == user.commune_id


def can_edit_plan(user, plan: Plan) -> bool:
    if user.is_superuser:
        return True
    if not _own(user, plan):
        return False
    return is_province_officer(user) if is_province_plan(plan) else is_cchc_manager(user)


def can_decide_plans(user) -> bool:
    """Return, approve and issue: the leaders."""
    return holds(user, Role.LEADER)


TRANSITIONS = {"submit": can_edit_plans, "return": can_decide_plans, "approve": can_decide_plans,
               "issue": can_decide_plans}
# A province's plan: the officer drafts, submits and (once the leader approved it) issues it under the
# province's register; the leader returns or approves.
PROVINCE_TRANSITIONS = {"submit": is_province_officer, "return": is_province_leader,
                        "approve": is_province_leader, "issue": is_province_officer}


def can_transition_plan(user, plan: Plan, action: str) -> bool:
    if user.is_superuser:
        return action in TRANSITIONS
    if is_province_plan(plan):
        predicate = PROVINCE_TRANSITIONS.get(action)
        return predicate is not None and _own(user, plan) and predicate(user)
    predicate = TRANSITIONS.get(action)
    return predicate is not None and _own(user, plan) and predicate(user)


def reads_drafts(user, plan: Plan) -> bool:
    """Whether the user sees the plan's unissued revisions: not a commune reading its province's plan."""
    return user.is_superuser or not is_province_plan(plan) or _own(user, plan)


def visible_revisions(user, plan: Plan):
    from . import services

    revisions = services.revisions_of(plan)
    return revisions if reads_drafts(user, plan) else revisions.filter(status=RevisionStatus.ISSUED)


def province_plan_recipients(province):
    """Who hears that the province issued a plan: the CCHC managers and leaders of each of its communes."""
    from tuyentruyen.accounts.models import User

    return (User.objects.filter(is_active=True, commune__province=province,
                                role_rows__role__in=(Role.OFFICER, Role.COMMUNE_ADMIN, Role.LEADER))
            .select_related("commune").distinct().order_by("commune_id", "pk"))


def can_view_commune_plan_status(user) -> bool:
    """The province's table of its communes' plans (issued or not, topics dropped)."""
    from tuyentruyen.accounts.permissions import is_province_user

    return is_province_user(user) and bool(user.province_id)


def can_map_plan_owners(user, plan: Plan) -> bool:
    """Say which unit an owner named in the plan is, before it is issued: who drafts it and who issues it."""
    return user.is_superuser or (_own(user, plan) and (can_edit_plans(user) or can_decide_plans(user)))


def visible_plans(user):
    """Plans the user may read: their commune's (the scope filters), plus their province's own plans."""
    from . import services

    if user.is_superuser:
        return Plan.objects.all()
    if user.commune_id:
        return Plan.objects.all() | services.province_plans_for(user.commune)  # issued ones only
    if user.is_province_user:
        return Plan.objects.all() | Plan.objects.with_scopes_disabled().filter(
            commune__isnull=True, province_id=user.province_id)
    return Plan.objects.none()


def get_plan_for_user(user, plan_id: int) -> Plan:
    return get_object_or_404(visible_plans(user).select_related("commune", "province"), pk=plan_id)


def get_plan_for_editor(user, plan_id: int) -> Plan:
    plan = get_plan_for_user(user, plan_id)
    if not can_edit_plan(user, plan):
        raise PermissionDenied(PROVINCE_EDIT_DENIED if is_province_plan(plan) else EDIT_DENIED)
    return plan


# --- the registry of cited documents ---------------------------------------------------------------
def visible_legal_documents(user):
    documents = LegalDocument.objects.all()
    if user.is_superuser:
        return documents
    if user.commune_id:
        return documents.filter(Q(shared=True) | Q(owner_commune_id=user.commune_id))
    if user.is_province_user:
        return documents.filter(Q(shared=True) | Q(owner_commune__province_id=user.province_id))
    return documents.filter(shared=True)


def can_change_legal_document(user, document: LegalDocument) -> bool:
    """Shared documents: system admins only. A commune's own: nobody through the app but the plans that
    cite it (the registry fills in from citations); system admins in the admin."""
    return is_system_admin(user)


def can_share_legal_document(user) -> bool:
    return is_system_admin(user)


def get_legal_document_for_user(user, document_id) -> LegalDocument:
    return get_object_or_404(visible_legal_documents(user), pk=document_id if str(document_id).isdigit() else 0)


def commune_sees_legal_document(commune_id, document: LegalDocument) -> bool:
    """For code without a user (importers, jobs): whether ``commune_id``'s plans may cite ``document``."""
    return document.shared or document.owner_commune_id == commune_id

