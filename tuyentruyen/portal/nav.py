from tuyentruyen.accounts.models import Role
from tuyentruyen.web.navigation import NavItem

NAV_ITEMS = [
    NavItem("Tin bài", "portal:articles", roles=(Role.EDITOR, Role.CONTRIBUTOR, Role.OFFICER, Role.COMMUNE_ADMIN),
            order=40),
    NavItem("Phát thanh", "portal:broadcast", roles=(Role.EDITOR, Role.OFFICER), order=42),
]
