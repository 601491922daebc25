from tuyentruyen.web.navigation import NavItem

from . import access

NAV_ITEMS = [
    NavItem("Tổng quan", "reports:dashboard", allowed=access.can_view_dashboard, order=12),
    NavItem("Báo cáo", "reports:list", allowed=access.can_view_reports, order=40),
    NavItem("Báo cáo của các xã", "reports:province_inbox", allowed=access.can_view_received_reports, commune=False,
            province=True, order=41),
    NavItem("Chỉ số CCHC", "reports:self_scores", allowed=access.can_view_self_scores, order=42),
    NavItem("Thẩm định chỉ số CCHC", "reports:appraisals", allowed=access.can_view_appraisals, commune=False,
            province=True, order=42),
    NavItem("Bộ tiêu chí", "reports:schemes", allowed=access.can_view_schemes, commune=False, province=True,
            order=43),
]
