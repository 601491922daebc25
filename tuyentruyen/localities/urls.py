from django.urls import path

from . import views

app_name = "localities"
urlpatterns = [
    path("don-vi/", views.units, name="units"),
    path("don-vi/them/", views.add_unit, name="add_unit"),
    path("don-vi/<int:unit_id>/sua/", views.edit_unit, name="edit_unit"),
    path("thong-tin-lien-he/", views.edit_civic_information, name="civic_information"),
    path("tinh/xa/", views.province_communes, name="province_communes"),
    path("tinh/xa/<int:commune_code>/", views.province_commune, name="province_commune"),
]
