from tuyentruyen.web.navigation import NavItem

from . import access

# System admins see every item; nobody else manages tokens.
NAV_ITEMS = [NavItem("Khóa API", "api:tokens", allowed=access.can_manage_api_tokens, commune=False, order=98)]
