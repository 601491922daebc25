"""Residents' pages of one commune, under /<commune-slug>/. Each app keeps its public routes in its
own ``public_urls.py``; they are gathered here."""

from django.urls import include, path

urlpatterns = [
    path("thu-tuc/", include("tuyentruyen.procedures.public_urls")),
    path("", include("tuyentruyen.engagement.public_urls")),
]
