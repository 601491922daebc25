"""Residents' pages of one commune, under /<commune-slug>/. Each app keeps its public routes in its
own ``public_urls.py``; they are gathered here. The portal's own pages are named ``portal_public:…``."""

from django.urls import include, path

from . import offline, public_views

site_patterns = [
    path("", public_views.home, name="home"),
    path("tin-tuc/", public_views.news, name="news"),
    path("lien-he/", public_views.contacts, name="contacts"),
    path("tin-tuc/rss.xml", public_views.feed, name="feed"),
    path("tin-tuc/<int:article_id>/", public_views.article, name="article"),
    path("tin-tuc/anh/<int:picture_id>/<str:rendition>", public_views.picture, name="picture"),
    path("phat-thanh/", public_views.radio, name="radio"),
    path("phat-thanh/<int:bulletin_id>/am-thanh", public_views.radio_audio, name="radio_audio"),
    # installable, and open with no signal (offline.py)
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("ngoai-tuyen/", offline.offline, name="offline"),
]

urlpatterns = [
    path("", include((site_patterns, "portal_public"))),
    path("thu-tuc/", include("tuyentruyen.procedures.public_urls")),
    path("", include("tuyentruyen.engagement.public_urls")),
]
