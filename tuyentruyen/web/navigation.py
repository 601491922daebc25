"""The navigation menu, by role. Apps add their entries here as their issues land."""

from dataclasses import dataclass

from django.urls import reverse

from tuyentruyen.accounts.models import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...] = ()  # commune users holding one of these; empty: every commune user
    commune: bool = True  # shown to commune users
    province: bool = False  # shown to province viewers


R = Role
ITEMS = [
    NavItem("Trang chủ", "web:home", province=True),
    NavItem("Các xã trong tỉnh", "localities:province_communes", commune=False, province=True),
    NavItem("Kế hoạch", "plans:list", province=True),
    NavItem("Đơn vị", "localities:units", roles=(R.COMMUNE_ADMIN, R.LEADER, R.OFFICER)),
    NavItem("Người dùng", "accounts:users", roles=(R.COMMUNE_ADMIN,)),
    NavItem("Nhật ký thay đổi", "audit:log", roles=(R.COMMUNE_ADMIN,)),
    NavItem("Quản trị hệ thống", "admin:index", commune=False),  # system admins see every item
]


def items_for(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    visible = []
    for item in ITEMS:
        if user.is_superuser:
            show = True
        elif user.commune_id:
            show = item.commune and (not item.roles or user.has_role(*item.roles))
        else:
            show = item.province and user.is_province_viewer
        if show:
            visible.append({"label": item.label, "url": reverse(item.url_name), "name": item.url_name})
    return visible
