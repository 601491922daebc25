from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Tuyên truyền CCHC — Quản trị hệ thống"
admin.site.site_title = "Quản trị hệ thống"
admin.site.index_title = "Dữ liệu"

urlpatterns = [
    path("quan-tri/", admin.site.urls),
    path("", include("tuyentruyen.accounts.urls")),
    path("", include("tuyentruyen.localities.urls")),
    path("", include("tuyentruyen.audit.urls")),
    path("", include("tuyentruyen.plans.urls")),
    path("", include("tuyentruyen.web.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
