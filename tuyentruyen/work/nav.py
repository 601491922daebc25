from tuyentruyen.web.navigation import NavItem

from . import access

NAV_ITEMS = [
    NavItem("Nhiệm vụ", "work:task_list", allowed=access.can_view_tasks, order=20),
    NavItem("Hoạt động", "work:activity_list", allowed=access.can_view_activities, order=25),
]
