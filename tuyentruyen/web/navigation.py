"""The navigation menu, by role. Each app lists its own entries in a ``nav.py`` module
(``NAV_ITEMS = [NavItem(...)]``); this module gathers them in ``order``."""

from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.apps import apps
from django.urls import reverse

from tuyentruyen.accounts.models import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...] = ()  # commune users holding one of these; empty: every commune user
    commune: bool = True  # shown to commune users
    province: bool = False  # shown to province viewers
    order: int = 50


R = Role
CORE_ITEMS = [
    NavItem("Trang chủ", "web:home", province=True, order=0),
    NavItem("Các xã trong tỉnh", "localities:province_communes", commune=False, province=True, order=5),
    NavItem("Đơn vị", "localities:units", roles=(R.COMMUNE_ADMIN, R.LEADER, R.OFFICER), order=80),
    NavItem("Người dùng", "accounts:users", roles=(R.COMMUNE_ADMIN,), order=85),
    NavItem("Nhật ký thay đổi", "audit:log", roles=(R.COMMUNE_ADMIN,), order=90),
    NavItem("Quản trị hệ thống", "admin:index", commune=False, order=99),  # system admins see every item
]


@cache
def all_items() -> tuple[NavItem, ...]:
    items = list(CORE_ITEMS)
    for config in apps.get_app_configs():
        if config.name.startswith("tuyentruyen."):
            try:
                module = import_module(f"{config.name}.nav")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.nav":
                    raise
                continue
            items.extend(module.NAV_ITEMS)
    return tuple(sorted(items, key=lambda item: item.order))


def items_for(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    visible = []
    for item in all_items():
        if user.is_superuser:
            show = True
        elif user.commune_id:
            show = item.commune and (not item.roles or user.has_role(*item.roles))
        else:
            show = item.province and user.is_province_viewer
        if show:
            visible.append({"label": item.label, "url": reverse(item.url_name), "name": item.url_name})
    return visible
