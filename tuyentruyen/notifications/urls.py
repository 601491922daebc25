from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("thong-bao/", views.list_notifications, name="list"),
    path("thong-bao/chuong/", views.bell, name="bell"),
    path("thong-bao/da-doc-tat-ca/", views.mark_all_read, name="mark_all_read"),
    path("thong-bao/<int:notification_id>/mo/", views.open_notification, name="open"),
    path("thong-bao/<int:notification_id>/da-doc/", views.mark_read, name="mark_read"),
]
