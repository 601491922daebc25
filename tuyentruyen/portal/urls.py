from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("tin-bai/", views.article_list, name="articles"),
    path("tin-bai/them/", views.new_article, name="new_article"),
    path("tin-bai/them/nhap/", views.save_new_draft, name="save_new_draft"),
    path("tin-bai/<int:article_id>/", views.article_detail, name="article"),
    path("tin-bai/<int:article_id>/sua/", views.edit_article, name="edit_article"),
    path("tin-bai/<int:article_id>/xem-truoc/", views.preview_article, name="preview_article"),
    path("tin-bai/<int:article_id>/anh/tai-len/", views.upload_picture, name="upload_picture"),
    path("tin-bai/chuyen-muc/", views.categories, name="categories"),
    path("tin-bai/chuyen-muc/<int:category_id>/sua/", views.edit_category, name="edit_category"),
    path("tin-bai/chuyen-muc/<int:category_id>/xoa/", views.delete_category, name="delete_category"),
    path("tin-bai/<int:article_id>/lich-su/", views.article_revisions, name="article_revisions"),
    path("tin-bai/<int:article_id>/gui-duyet/", views.submit_article, name="submit_article"),
    path("tin-bai/<int:article_id>/tra-lai/", views.return_article, name="return_article"),
    path("tin-bai/<int:article_id>/dang/", views.publish_article, name="publish_article"),
    path("tin-bai/<int:article_id>/hen-gio/", views.schedule_article, name="schedule_article"),
    path("tin-bai/<int:article_id>/huy-hen-gio/", views.unschedule_article, name="unschedule_article"),
    path("tin-bai/<int:article_id>/go/", views.withdraw_article, name="withdraw_article"),
    path("tin-bai/<int:article_id>/anh/", views.add_picture, name="add_picture"),
    path("tin-bai/<int:article_id>/anh/<int:picture_id>/xoa/", views.delete_picture, name="delete_picture"),
    path("phat-thanh/", views.broadcast, name="broadcast"),
    path("phat-thanh/lich/<int:slot_id>/sua/", views.edit_slot, name="edit_slot"),
    path("phat-thanh/lich/<int:slot_id>/xoa/", views.delete_slot, name="delete_slot"),
    path("phat-thanh/cach-doc/", views.save_pronunciations, name="save_pronunciations"),
    path("phat-thanh/ban-tin/them/", views.new_bulletin, name="new_bulletin"),
    path("phat-thanh/ban-tin/<int:bulletin_id>/", views.bulletin_detail, name="bulletin"),
    path("phat-thanh/ban-tin/<int:bulletin_id>/them-tin/", views.add_bulletin_articles, name="add_bulletin_articles"),
    path("phat-thanh/ban-tin/<int:bulletin_id>/in/", views.print_bulletin, name="print_bulletin"),
    path("phat-thanh/ban-tin/<int:bulletin_id>/am-thanh/", views.bulletin_audio, name="bulletin_audio"),
    path("phat-thanh/ban-tin/<int:bulletin_id>/goi.<str:fmt>", views.bulletin_package, name="bulletin_package"),
    path("phat-thanh/ban-tin/<int:bulletin_id>/da-phat/", views.record_broadcast, name="record_broadcast"),
]
