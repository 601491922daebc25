from tuyentruyen.web.navigation import NavItem

NAV_ITEMS = [NavItem("Kế hoạch", "plans:list", province=True, order=10)]
