from django.urls import path

from . import views

app_name = "province"
urlpatterns = [
    path("tinh/tong-quan/", views.overview, name="overview"),
    path("tinh/tong-quan/tai-ve.xlsx", views.download_overview, name="overview_xlsx"),
    path("tinh/tong-quan/xa/<int:commune_code>/", views.commune_detail, name="commune"),
    path("tinh/bao-cao-tong-hop/", views.consolidated_report, name="consolidated"),
    path("tinh/bao-cao-tong-hop/tai-ve.<str:fmt>", views.download_consolidated, name="consolidated_download"),
]
