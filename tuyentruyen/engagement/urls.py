from django.urls import path

from . import views

app_name = "engagement"
urlpatterns = [
    path("phan-anh-kien-nghi/", views.feedback_inbox, name="feedback_inbox"),
    path("phan-anh-kien-nghi/<int:feedback_id>/", views.feedback_detail, name="feedback_detail"),
    path("phan-anh-kien-nghi/<int:feedback_id>/giao/", views.assign_feedback, name="feedback_assign"),
    path("phan-anh-kien-nghi/<int:feedback_id>/tra-loi/", views.answer_feedback, name="feedback_answer"),
    path("phan-anh-kien-nghi/<int:feedback_id>/cong-khai/", views.publish_feedback, name="feedback_publish"),
    path("phan-anh-kien-nghi/<int:feedback_id>/che-them/", views.mask_feedback, name="feedback_mask"),
    path("phan-anh-kien-nghi/<int:feedback_id>/xoa-thong-tin-ca-nhan/", views.erase_feedback_personal_data,
         name="feedback_erase"),
    path("phan-anh-kien-nghi/<int:feedback_id>/tep/<int:attachment_id>/", views.feedback_attachment,
         name="feedback_attachment"),
    path("khao-sat/", views.survey_list, name="survey_list"),
    path("khao-sat/tao-moi/", views.create_survey, name="survey_create"),
    path("khao-sat/<int:survey_id>/", views.survey_detail, name="survey_detail"),
    path("khao-sat/<int:survey_id>/sua/", views.edit_survey, name="survey_edit"),
    path("khao-sat/<int:survey_id>/trang-thai/", views.survey_status, name="survey_status"),
    path("khao-sat/<int:survey_id>/phan/them/", views.add_section, name="section_add"),
    path("khao-sat/<int:survey_id>/phan/<int:section_id>/xoa/", views.delete_section, name="section_delete"),
    path("khao-sat/<int:survey_id>/cau-hoi/them/", views.add_question, name="question_add"),
    path("khao-sat/<int:survey_id>/cau-hoi/<int:question_id>/sua/", views.edit_question, name="question_edit"),
    path("khao-sat/<int:survey_id>/cau-hoi/<int:question_id>/xoa/", views.delete_question, name="question_delete"),
    path("khao-sat/<int:survey_id>/ket-qua/", views.survey_results_page, name="survey_results"),
    path("khao-sat/<int:survey_id>/ket-qua.xlsx", views.survey_results_xlsx, name="survey_results_xlsx"),
    path("khao-sat/<int:survey_id>/ma-qr.svg", views.survey_qr, name="survey_qr"),
    path("cuoc-thi/", views.contest_list, name="contest_list"),
    path("cuoc-thi/tao-moi/", views.create_contest, name="contest_create"),
    path("cuoc-thi/ngan-hang-cau-hoi/", views.question_bank, name="question_bank"),
    path("cuoc-thi/ngan-hang-cau-hoi/<int:item_id>/sua/", views.edit_bank_question, name="bank_question_edit"),
    path("cuoc-thi/<int:contest_id>/", views.contest_detail, name="contest_detail"),
    path("cuoc-thi/<int:contest_id>/sua/", views.edit_contest, name="contest_edit"),
    path("cuoc-thi/<int:contest_id>/giai-thuong.xlsx", views.contest_prizes_xlsx, name="contest_prizes_xlsx"),
    path("cuoc-thi/<int:contest_id>/ghi-nhan-hoat-dong/", views.record_contest, name="contest_record"),
]
