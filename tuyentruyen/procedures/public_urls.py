"""Residents' procedure pages, under /<commune-slug>/thu-tuc/."""

from django.urls import path

from . import public_views as views

app_name = "procedures_public"
urlpatterns = [
    path("", views.procedure_list, name="list"),
    path("tro-ly-ao/", views.assistant_page, name="assistant"),
    path("thay-doi/", views.changes, name="changes"),
    path("api/tim-kiem", views.api_search, name="api_search"),
    path("api/tro-ly-ao", views.api_assistant, name="api_assistant"),
    path("<str:procedure_code>/", views.procedure_detail, name="detail"),
]
