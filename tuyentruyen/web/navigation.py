"""The navigation menu. Each app lists its own entries in a ``nav.py`` module
(``NAV_ITEMS = [NavItem(...)]``); this module gathers them in ``order``. An item shows when the predicate
of the access map that guards its page holds (``allowed``), so the menu and the page never disagree."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.apps import apps
from django.urls import reverse

from tuyentruyen.accounts import permissions


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    allowed: Callable | None = None  # the page's predicate for commune users; None: every commune user
    commune: bool = True  # shown to commune users
    province: bool = False  # shown to province viewers
    order: int = 50


CORE_ITEMS = [
    NavItem("Trang chủ", "web:home", province=True, order=0),
    NavItem("Các xã trong tỉnh", "localities:province_communes", commune=False, province=True, order=5),
    NavItem("Đơn vị", "localities:units", allowed=permissions.reads_whole_commune, order=80),
    NavItem("Liên hệ của xã", "localities:civic_information", allowed=permissions.is_commune_admin, order=82),
    NavItem("Người dùng", "accounts:users", allowed=permissions.is_commune_admin, order=85),
    NavItem("Nhật ký thay đổi", "audit:log", allowed=permissions.is_commune_admin, order=90),
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
            show = item.commune and (item.allowed is None or item.allowed(user))
        else:
            show = item.province and user.is_province_user
        if show:
            visible.append({"label": item.label, "url": reverse(item.url_name), "name": item.url_name})
    return visible
