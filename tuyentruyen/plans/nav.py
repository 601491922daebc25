from tuyentruyen.web.navigation import NavItem

from . import access

NAV_ITEMS = [
    NavItem("Kế hoạch", "plans:list", allowed=access.can_view_plans, province=True, order=10),
    NavItem("Kế hoạch của các xã", "plans:commune_plans", allowed=access.can_view_commune_plan_status,
            commune=False, province=True, order=11),
]
