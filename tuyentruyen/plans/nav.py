from tuyentruyen.web.navigation import NavItem

from . import access

NAV_ITEMS = [NavItem("Kế hoạch", "plans:list", allowed=access.can_view_plans, province=True, order=10)]
