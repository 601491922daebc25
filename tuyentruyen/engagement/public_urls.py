"""Residents' pages under /<commune-slug>/ (gathered by portal/public_urls.py)."""

from django.urls import path

from . import public_views as views

app_name = "engagement_public"
urlpatterns = [
    path("phan-anh/", views.feedback_form, name="feedback"),
    path("phan-anh/tra-cuu/", views.feedback_lookup, name="feedback_lookup"),
    path("phan-anh/da-tra-loi/", views.feedback_published, name="feedback_published"),
    path("ket-qua/", views.results_index, name="results"),
    path("phan-anh/thong-ke/", views.feedback_statistics, name="feedback_statistics"),
    path("khao-sat/<int:survey_id>/ket-qua/", views.survey_results, name="survey_results"),
    path("cuoc-thi/<int:contest_id>/ket-qua/", views.contest_results, name="contest_results"),
    path("phan-anh/theo-doi/<str:code>/", views.feedback_track, name="feedback_track"),
    path("khao-sat/", views.survey_index, name="survey_index"),
    path("khao-sat/<int:survey_id>/", views.survey_answer, name="survey"),
    path("khao-sat/<int:survey_id>/cam-on/", views.survey_thanks, name="survey_thanks"),
    path("cuoc-thi/", views.contest_index, name="contest_index"),
    path("cuoc-thi/<int:contest_id>/", views.contest_detail, name="contest"),
    path("cuoc-thi/<int:contest_id>/bat-dau/", views.contest_start, name="contest_start"),
    path("cuoc-thi/<int:contest_id>/bai-thi/<int:attempt_id>/", views.contest_attempt, name="contest_attempt"),
]
