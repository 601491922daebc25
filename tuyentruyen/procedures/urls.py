"""Staff pages for procedures, under /thu-tuc-hanh-chinh/."""

from django.urls import path

from . import views

app_name = "procedures"
urlpatterns = [
    path("thu-tuc-hanh-chinh/", views.catalogue, name="catalogue"),
    path("thu-tuc-hanh-chinh/cong-bo/", views.publish, name="publish"),
    path("thu-tuc-hanh-chinh/bo-cong-bo/", views.unpublish, name="unpublish"),
    path("thu-tuc-hanh-chinh/nhap/", views.import_upload, name="import_upload"),
    path("thu-tuc-hanh-chinh/xuat.json", views.export_json, name="export_json"),
    path("thu-tuc-hanh-chinh/tai-xa/<int:publication_id>/", views.edit_local_details, name="edit_local_details"),
    path("thu-tuc-hanh-chinh/cach-noi/", views.synonyms, name="synonyms"),
    path("thu-tuc-hanh-chinh/cach-noi/<int:synonym_id>/xoa/", views.delete_synonym, name="delete_synonym"),
    path("thu-tuc-hanh-chinh/cau-hoi-chua-tra-loi/", views.unanswered, name="unanswered"),
    path("thu-tuc-hanh-chinh/cau-hoi-chua-tra-loi/<int:question_id>/thanh-cach-noi/", views.unanswered_to_synonym,
         name="unanswered_to_synonym"),
    path("thu-tuc-hanh-chinh/cau-hoi-chua-tra-loi/<int:question_id>/xoa/", views.dismiss_unanswered,
         name="dismiss_unanswered"),
]
