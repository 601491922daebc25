from tuyentruyen.accounts.models import Role as R
from tuyentruyen.web.navigation import NavItem

NAV_ITEMS = [
    NavItem("Phản ánh, kiến nghị", "engagement:feedback_inbox",
            roles=(R.OFFICER, R.COMMUNE_ADMIN, R.UNIT_STAFF, R.LEADER), order=60),
    NavItem("Khảo sát", "engagement:survey_list", roles=(R.OFFICER, R.COMMUNE_ADMIN, R.LEADER), order=62),
    NavItem("Cuộc thi", "engagement:contest_list", roles=(R.OFFICER, R.EDITOR, R.COMMUNE_ADMIN), order=64),
]
