from tuyentruyen.web.navigation import NavItem

from . import access

NAV_ITEMS = [
    NavItem("Tổng quan", "reports:dashboard", allowed=access.can_view_dashboard, province=True, order=12),
    NavItem("Báo cáo", "reports:list", allowed=access.can_view_reports, order=40),
    NavItem("Báo cáo của các xã", "reports:province_inbox", allowed=access.can_view_received_reports, commune=False,
            province=True, order=41),
]
