from django.urls import path

from . import appraisal_views as av
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
    path("bao-cao/<int:report_id>/lan-gui/<int:receipt_id>/tai-ve.<str:fmt>", signoff_views.download_receipt,
         name="receipt"),
    path("tinh/bao-cao/", province_views.inbox, name="province_inbox"),
    path("tinh/bao-cao/<int:report_id>/", province_views.report, name="province_detail"),
    path("tinh/bao-cao/<int:report_id>/tiep-nhan/", province_views.decide, {"action": "accept"},
         name="province_accept"),
    path("tinh/bao-cao/<int:report_id>/tra-lai/", province_views.decide, {"action": "return"},
         name="province_return"),
    path("tinh/bo-tieu-chi/", av.scheme_list, name="schemes"),
    path("tinh/bo-tieu-chi/tao/", av.scheme_create, name="scheme_create"),
    path("tinh/bo-tieu-chi/<int:scheme_id>/", av.scheme_detail, name="scheme"),
    path("tinh/bo-tieu-chi/<int:scheme_id>/tieu-chi/", av.scheme_item, name="scheme_item"),
    path("tinh/tham-dinh/", av.appraisal_list, name="appraisals"),
    path("tinh/tham-dinh/<int:appraisal_id>/", av.appraise, name="appraise"),
    path("tinh/tham-dinh/<int:appraisal_id>/tieu-chi/<int:item_id>/", av.appraise_item, name="appraise_item"),
    path("tinh/tham-dinh/<int:appraisal_id>/hoan-tat/", av.appraise_complete, name="appraise_complete"),
    path("bao-cao/chi-so-cchc/", av.self_score_home, name="self_scores"),
    path("bao-cao/chi-so-cchc/<int:appraisal_id>/", av.self_score, name="self_score"),
    path("bao-cao/chi-so-cchc/<int:appraisal_id>/tieu-chi/<int:item_id>/", av.self_score_item,
         name="self_score_item"),
    path("bao-cao/chi-so-cchc/<int:appraisal_id>/gui/", av.self_score_submit, name="self_score_submit"),
    path("bao-cao/chi-so-cchc/<int:appraisal_id>/phan-hoi/", av.self_score_answer, name="self_score_answer"),
    path("bao-cao/chi-so-cchc/<int:appraisal_id>/ho-so-minh-chung.zip", av.evidence_zip, name="evidence_package"),
    path("tong-quan/", views.dashboard, name="dashboard"),
    path("tong-quan/tinh/", views.province_overview, name="province"),
]
