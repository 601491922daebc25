from tuyentruyen.web.navigation import NavItem

from . import access

NAV_ITEMS = [
    NavItem("Tin bài", "portal:articles", allowed=access.can_write_articles, order=40),
    NavItem("Phát thanh", "portal:broadcast", allowed=access.can_run_broadcasts, order=42),
]
