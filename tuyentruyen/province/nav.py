from tuyentruyen.web.navigation import NavItem

from . import access

NAV_ITEMS = [
    NavItem("Tổng quan các xã", "province:overview", allowed=access.can_view_province_overview, commune=False,
            province=True, order=6),
    NavItem("Báo cáo tổng hợp", "province:consolidated", allowed=access.can_view_consolidated_report,
            commune=False, province=True, order=7),
]
