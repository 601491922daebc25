from tuyentruyen.web.navigation import NavItem

from . import access

NAV_ITEMS = [
    NavItem("Phản ánh, kiến nghị", "engagement:feedback_inbox", allowed=access.can_view_feedback, order=60),
    NavItem("Khảo sát", "engagement:survey_list", allowed=access.can_view_surveys, order=62),
    NavItem("Cuộc thi", "engagement:contest_list", allowed=access.can_edit_contests, order=64),
]
