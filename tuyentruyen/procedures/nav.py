from tuyentruyen.accounts.models import Role
from tuyentruyen.web.navigation import NavItem

NAV_ITEMS = [
    NavItem("Thủ tục hành chính", "procedures:catalogue", roles=(Role.OFFICER, Role.EDITOR, Role.COMMUNE_ADMIN),
            order=60),
]
