from tuyentruyen.web.navigation import NavItem

from .access import ACTIVITY_ROLES, TASK_ROLES

NAV_ITEMS = [
    NavItem("Nhiệm vụ", "work:task_list", roles=TASK_ROLES, order=20),
    NavItem("Hoạt động", "work:activity_list", roles=ACTIVITY_ROLES, order=25),
]

