from tuyentruyen.accounts.models import Role
from tuyentruyen.web.navigation import NavItem

R = Role
NAV_ITEMS = [
    NavItem("Tổng quan", "reports:dashboard", roles=(R.LEADER, R.OFFICER, R.COMMUNE_ADMIN), province=True, order=12),
    NavItem("Báo cáo", "reports:list", roles=(R.COMMUNE_ADMIN, R.LEADER, R.OFFICER, R.UNIT_STAFF), order=40),
]
