from django.urls import path

from . import province_views, signoff_views, views

app_name = "reports"
urlpatterns = [
    path("bao-cao/", views.report_list, name="list"),
    path("bao-cao/lap/", views.open_report, name="open"),
    path("bao-cao/lich/", views.deadline_calendar, name="calendar"),
    path("bao-cao/tu-danh-gia/", views.self_assessment, name="assessment"),
    path("bao-cao/<int:report_id>/", views.report_detail, name="detail"),
    path("bao-cao/<int:report_id>/gui/", views.submit_report, name="submit"),
    path("bao-cao/<int:report_id>/tiep-nhan/", views.decide_report, {"action": "accept"}, name="accept"),
    path("bao-cao/<int:report_id>/tra-lai/", views.decide_report, {"action": "return"}, name="return"),
    path("bao-cao/<int:report_id>/tai-ve.<str:fmt>", views.download_report, name="download"),
    path("bao-cao/<int:report_id>/duyet/", signoff_views.approve_report, name="approve"),
    path("bao-cao/<int:report_id>/lanh-dao-tra-lai/", signoff_views.return_for_revision, name="leader_return"),
    path("bao-cao/<int:report_id>/lan-gui/<int:version>/tai-ve.<str:fmt>", signoff_views.download_receipt,
         name="receipt"),
    path("tinh/bao-cao/", province_views.inbox, name="province_inbox"),
    path("tinh/bao-cao/<int:report_id>/", province_views.report, name="province_detail"),
    path("tinh/bao-cao/<int:report_id>/tiep-nhan/", province_views.decide, {"action": "accept"},
         name="province_accept"),
    path("tinh/bao-cao/<int:report_id>/tra-lai/", province_views.decide, {"action": "return"},
         name="province_return"),
    path("tong-quan/", views.dashboard, name="dashboard"),
    path("tong-quan/tinh/", views.province_overview, name="province"),
]
