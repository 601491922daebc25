from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.login, name="login"),
    path("dang-xuat/", views.logout, name="logout"),
    path("doi-mat-khau/", views.password_change, name="password_change"),
    path("doi-mat-khau/xong/", views.password_change_done, name="password_change_done"),
    path("xac-thuc-hai-buoc/", views.two_factor, name="two_factor"),
    path("xac-thuc-hai-buoc/nhap-ma/", views.two_factor_verify, name="two_factor_verify"),
    path("xac-thuc-hai-buoc/dang-ky/", views.two_factor_enrol, name="two_factor_enrol"),
    path("xac-thuc-hai-buoc/ma-khoi-phuc/", views.two_factor_new_recovery_codes, name="two_factor_recovery_codes"),
    path("nguoi-dung/", views.users, name="users"),
    path("nguoi-dung/them/", views.add_user, name="add_user"),
    path("nguoi-dung/<int:user_id>/sua/", views.edit_user, name="edit_user"),
    path("nguoi-dung/<int:user_id>/xac-thuc-hai-buoc/go/", views.reset_user_second_factor,
         name="reset_user_second_factor"),
]
