from tuyentruyen.web.navigation import NavItem

from . import access

NAV_ITEMS = [
    NavItem("Tổng quan", "reports:dashboard", allowed=access.can_view_dashboard, order=12),
    NavItem("Báo cáo", "reports:list", allowed=access.can_view_reports, order=40),
]
