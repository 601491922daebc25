"""Staff pages of the API app (tokens) and its docs page; the operations are in ``v1_urls.py``."""

from django.urls import path

from . import views

app_name = "api"
urlpatterns = [
    path("api/v1/docs", views.docs, name="docs"),
    path("he-thong/khoa-api/", views.tokens, name="tokens"),
    path("he-thong/khoa-api/<int:token_id>/thu-hoi/", views.revoke, name="revoke_token"),
]
