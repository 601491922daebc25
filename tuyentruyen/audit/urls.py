from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [path("nhat-ky/", views.log, name="log")]
