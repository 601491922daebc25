from django.urls import path

from . import views

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
    path("tong-quan/", views.dashboard, name="dashboard"),
    path("tong-quan/tinh/", views.province_overview, name="province"),
]
