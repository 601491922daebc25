from django.contrib import admin
from django.urls import include, path

from tuyentruyen.accounts.views import admin_login

admin.site.site_header = "Tuyên truyền CCHC — Quản trị hệ thống"
admin.site.site_title = "Quản trị hệ thống"
admin.site.index_title = "Dữ liệu"

urlpatterns = [
    path("quan-tri/login/", admin_login),  # the product's login serves the admin too
    path("quan-tri/", admin.site.urls),
    path("", include("tuyentruyen.accounts.urls")),
    path("", include("tuyentruyen.localities.urls")),
    path("", include("tuyentruyen.audit.urls")),
    path("", include("tuyentruyen.plans.urls")),
    path("", include("tuyentruyen.work.urls")),
    path("", include("tuyentruyen.notifications.urls")),
    path("", include("tuyentruyen.reports.urls")),
    path("", include("tuyentruyen.province.urls")),
    path("", include("tuyentruyen.portal.urls")),
    path("", include("tuyentruyen.engagement.urls")),
    path("", include("tuyentruyen.procedures.urls")),
    path("", include("tuyentruyen.api.urls")),
    path("", include("tuyentruyen.api.v1_urls")),
    path("", include("tuyentruyen.web.urls")),
    # Residents' pages come last: /<commune-slug>/ must not shadow the staff pages above.
    path("<slug:commune_slug>/", include("tuyentruyen.portal.public_urls")),
]

# No /media/ route, not even with DEBUG: every stored file is private until a view has checked who asks,
# and is streamed from the storage by that view (docs/deploy.md, "Files").

handler400 = "tuyentruyen.web.views.bad_request"
handler404 = "tuyentruyen.web.views.not_found"
