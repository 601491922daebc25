from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("ke-hoach/", views.plan_list, name="list"),
    path("ke-hoach/tao-moi/", views.create_blank, name="create_blank"),
    path("ke-hoach/cac-xa/", views.commune_plans, name="commune_plans"),
    path("ke-hoach/nhap/", views.import_upload, name="import_upload"),
    path("ke-hoach/nhap/xem-lai/", views.import_review, name="import_review"),
    path("ke-hoach/nhap/xem-lai/sua/", views.import_review_edit, name="import_review_edit"),
    path("ke-hoach/trich-dan/", views.parse_citation_preview, name="parse_citation"),
    path("ke-hoach/<int:plan_id>/", views.plan_detail, name="detail"),
    path("ke-hoach/<int:plan_id>/ban/<int:revision_no>/", views.plan_detail, name="revision"),
    path("ke-hoach/<int:plan_id>/so-sanh/", views.compare, name="compare"),
    path("ke-hoach/<int:plan_id>/sua/thong-tin-chung/", views.edit_header, name="edit_header"),
    path("ke-hoach/<int:plan_id>/sua/can-cu-tu-danh-muc/", views.add_registry_citation, name="add_registry_citation"),
    path("ke-hoach/<int:plan_id>/sua/dung-lai-than-van-ban/", views.rebuild_body, name="rebuild_body"),
    path("ke-hoach/<int:plan_id>/sua/<slug:part>/", views.edit_part, name="edit_part"),
    path("ke-hoach/<int:plan_id>/trang-thai/", views.change_status, name="change_status"),
    path("ke-hoach/<int:plan_id>/don-vi-thuc-hien/", views.map_owner, name="map_owner"),
    path("ke-hoach/<int:plan_id>/ban-sua-doi/", views.new_revision, name="new_revision"),
    path("ke-hoach/<int:plan_id>/lap-ky-moi/", views.derive, name="derive"),
    path("ke-hoach/<int:plan_id>/tai-ve.<str:fmt>", views.download, name="download"),
    path("api/ke-hoach/<int:plan_id>/", views.plan_json, name="api_detail"),
]
