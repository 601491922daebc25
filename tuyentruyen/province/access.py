"""Who reads the province's pages (see ``accounts/permissions.py``).

Every province role (officer, leader, viewer) reads the overview, the consolidated report and a commune's
drill-down of its own province; nothing here writes. A commune of another province is a 404, as for any
other tenant's object. Commune users have no province page.
"""

from django.http import Http404

from tuyentruyen.accounts.permissions import is_province_user
from tuyentruyen.localities.models import Commune


def can_view_province_overview(user) -> bool:
    return is_province_user(user)


def can_view_consolidated_report(user) -> bool:
    return is_province_user(user)


def province_of(user):
    """The province a user reads (a system admin without one reads none here: the admin site is theirs)."""
    if user.province_id is None:
        raise Http404("Tài khoản chưa gắn với tỉnh, thành phố nào.")
    return user.province


def get_commune_for_user(user, commune_code: int) -> Commune:
    """A commune of the user's province that uses the product; 404 otherwise."""
    commune = (Commune.objects.filter(pk=commune_code, province_id=province_of(user).pk, onboarded_at__isnull=False)
               .select_related("province").first())
    if commune is None:
        raise Http404("Không tìm thấy xã này trong tỉnh.")
    return commune
