import pytest
from django.test import Client, override_settings

from tuyentruyen.portal.middleware import PublicHostMiddleware

pytestmark = pytest.mark.django_db


@pytest.fixture
def mapped(settings, commune_a):
    settings.PUBLIC_HOSTS = {"xaanhoa.gov.vn": commune_a.slug}
    settings.ALLOWED_HOSTS = ["xaanhoa.gov.vn", "testserver"]
    middleware = list(settings.MIDDLEWARE)
    if "tuyentruyen.portal.middleware.PublicHostMiddleware" not in middleware:
        middleware.insert(middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
                          "tuyentruyen.portal.middleware.PublicHostMiddleware")
    settings.MIDDLEWARE = middleware
    return commune_a


def test_the_root_of_a_mapped_host_is_the_communes_site(mapped):
    response = Client(HTTP_HOST="xaanhoa.gov.vn").get("/")
    assert response.status_code == 200 and mapped.full_name in response.content.decode()
    assert Client(HTTP_HOST="xaanhoa.gov.vn").get("/tin-tuc/").status_code == 200
    assert Client(HTTP_HOST="xaanhoa.gov.vn").get("/tin-tuc/rss.xml").status_code == 200


def test_staff_pages_and_slugged_paths_still_work_on_a_mapped_host(mapped):
    client = Client(HTTP_HOST="xaanhoa.gov.vn")
    assert client.get("/dang-nhap/").status_code == 200
    assert client.get(f"/{mapped.slug}/tin-tuc/").status_code == 200


def test_other_hosts_are_untouched(mapped):
    response = Client().get("/")
    assert response.status_code == 302  # the staff home asks for a login


@override_settings(PUBLIC_HOSTS={"xaanhoa.gov.vn": "xa-an-hoa-1"})
def test_rewrite_rule():
    assert PublicHostMiddleware.public_path("xa-an-hoa-1", "/xa-an-hoa-1/tin-tuc/") == "/xa-an-hoa-1/tin-tuc/"
    assert PublicHostMiddleware.public_path("xa-an-hoa-1", "/tin-bai/") == "/tin-bai/"
    assert PublicHostMiddleware.public_path("xa-an-hoa-1", "/") == "/xa-an-hoa-1/"
