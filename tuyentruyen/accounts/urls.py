from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.login, name="login"),
    path("dang-xuat/", views.logout, name="logout"),
    path("doi-mat-khau/", views.password_change, name="password_change"),
    path("doi-mat-khau/xong/", views.password_change_done, name="password_change_done"),
    path("nguoi-dung/", views.users, name="users"),
    path("nguoi-dung/them/", views.add_user, name="add_user"),
    path("nguoi-dung/<int:user_id>/sua/", views.edit_user, name="edit_user"),
]
