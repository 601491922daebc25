from django.conf import settings
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

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "tuyentruyen.web.views.bad_request"
handler403 = "tuyentruyen.web.views.permission_denied"
handler404 = "tuyentruyen.web.views.not_found"
