from tuyentruyen.web.navigation import NavItem

from . import access

NAV_ITEMS = [
    NavItem("Thủ tục hành chính", "procedures:catalogue", allowed=access.can_view_catalogue, order=60),
]
