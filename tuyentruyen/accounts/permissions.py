"""Server-side permission checks for views. Tenant scoping is the net under these, not a replacement."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from tuyentruyen.lib.public import public_view  # noqa: F401  (re-exported: views import it from here)

from .models import Role


def role_required(*roles: str):
    """The user must hold one of ``roles`` in a commune (system admins pass)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_superuser and not (user.commune_id and user.has_role(*roles)):
                raise PermissionDenied("Bạn không có quyền thực hiện chức năng này.")
            return view(request, *args, **kwargs)

        wrapped.required_roles = roles
        return wrapped

    return decorator


def province_viewer_required(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not (request.user.is_superuser or request.user.is_province_viewer):
            raise PermissionDenied("Chức năng này dành cho cán bộ cấp tỉnh.")
        return view(request, *args, **kwargs)

    return wrapped


ALL_COMMUNE_ROLES = tuple(r.value for r in Role if r != Role.PROVINCE_VIEWER)
MANAGERS = (Role.COMMUNE_ADMIN,)
