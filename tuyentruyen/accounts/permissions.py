"""Who may do what: the shared vocabulary of the access map, and the decorator views use.

The access map is one ``access.py`` per app (``work/access.py``, ``plans/access.py``, …). Each holds the
app's named predicates — ``can_<verb>_<thing>(user[, obj])`` returning a bool — and ``get_<thing>_for_user``
helpers that look an object up inside the tenant and check a predicate in one call (404 for another commune,
403 for a thing of the same commune the user may not touch). Views (through ``access_required``),
navigation (``NavItem(allowed=...)``), template buttons (a view passes the predicate's result), importers
(row by row), APIs and exports all ask those predicates; role codes are named only in the access modules.

Why per-app modules rather than the ``rules`` package: most decisions here are not a yes/no on one object
but a queryset (``visible_tasks(user)``, the documents a commune sees), which ``rules`` predicates cannot
express, so half of every decision would live outside it anyway; plain functions are greppable, typed, and
testable without a registry; and the project avoids a dependency for thirty lines of code.

Shared words, one meaning each:
- ``is_commune_admin``: manages the commune's users, units and audit log (Quản trị xã).
- ``is_cchc_manager``: runs the commune's CCHC work — plans, tasks, activities of every unit, reports
  (the CCHC officer and the commune admin).
- ``reads_whole_commune``: sees every plan, task, activity and report of the commune (managers and leaders).
- ``is_system_admin``: the superuser; the only one who changes records shared by every commune.
- ``is_province_user``: any province role (officer, leader, viewer); reads the communes of its province.
- ``is_province_officer``: issues the province's plans, receives and decides communes' reports, appraises
  their scores (Sở Nội vụ or Sở Văn hóa staff). ``is_province_leader``: approves the province's documents.
  Province users write province records and their own decisions, never a commune's own records. The
  middleware refuses every write by a province user except to views marked ``@province_writes``.
Tenant scoping (``lib/tenancy.py``) is the net under these, not a replacement.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from tuyentruyen.lib.public import public_view  # noqa: F401  (re-exported: views import it from here)

from .models import PROVINCE_ROLES, Role

DENIED = "Bạn không có quyền thực hiện chức năng này."

_CCHC_MANAGERS = (Role.OFFICER, Role.COMMUNE_ADMIN)
_WHOLE_COMMUNE_READERS = (Role.OFFICER, Role.COMMUNE_ADMIN, Role.LEADER)


def holds(user, *roles: str) -> bool:
    """A commune user holding one of ``roles`` (system admins always pass). For access modules only."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or bool(user.commune_id and user.has_role(*roles))


def is_system_admin(user) -> bool:
    return user.is_authenticated and user.is_superuser


def is_commune_admin(user) -> bool:
    return holds(user, Role.COMMUNE_ADMIN)


def is_cchc_manager(user) -> bool:
    return holds(user, *_CCHC_MANAGERS)


def reads_whole_commune(user) -> bool:
    return holds(user, *_WHOLE_COMMUNE_READERS)


def is_commune_user(user) -> bool:
    return holds(user, *(r for r in Role if r not in PROVINCE_ROLES))


def holds_in_province(user, *roles: str) -> bool:
    """A province user holding one of ``roles`` (system admins always pass). For access modules only."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or bool(user.province_id and not user.commune_id and user.has_role(*roles))


def is_province_user(user) -> bool:
    return holds_in_province(user, *PROVINCE_ROLES)


def is_province_officer(user) -> bool:
    return holds_in_province(user, Role.PROVINCE_OFFICER)


def is_province_leader(user) -> bool:
    return holds_in_province(user, Role.PROVINCE_LEADER)


def province_writes(view):
    """Marks a view a province officer or leader may POST to (the middleware refuses every other write by a
    province user). The view still checks its own predicate with ``access_required``; put this outermost."""
    view.province_writes = True
    return view


def access_required(predicate, message: str = DENIED):
    """The view runs only when ``predicate(request.user)`` holds; otherwise 403 with ``message``."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        wrapped.access_predicate = predicate
        return wrapped

    return decorator


province_user_required = access_required(is_province_user, "Chức năng này dành cho cán bộ cấp tỉnh.")


