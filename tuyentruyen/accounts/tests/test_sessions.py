"""Staff sessions end when idle and at browser close; staff pages are never stored by the browser."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from tuyentruyen.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def test_an_idle_session_ends_and_the_next_page_asks_to_log_in_again(officer_a, settings):
    settings.SESSION_IDLE_SECONDS = 8 * 3600
    with time_machine.travel(T0, tick=False):
        client = client_for(officer_a)
        assert client.get("/").status_code == 200
    with time_machine.travel(T0 + dt.timedelta(hours=8, minutes=1), tick=False):
        response = client.get("/ke-hoach/")
        assert response.status_code == 302 and response.url == "/dang-nhap/?next=/ke-hoach/"
        assert "_auth_user_id" not in client.session
        page = client.get(response.url).content.decode()
        assert "lâu không thao tác" in page


def test_a_session_in_use_lives_on(officer_a, settings):
    settings.SESSION_IDLE_SECONDS = 8 * 3600
    client = None
    for hour in range(0, 24, 2):
        with time_machine.travel(T0 + dt.timedelta(hours=hour), tick=False):
            client = client or client_for(officer_a)
            assert client.get("/").status_code == 200, f"logged out after {hour} h of use"


def test_the_session_cookie_ends_with_the_browser(officer_a):
    client = Client()
    response = client.post("/dang-nhap/", {"username": "canbo_a", "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and not cookie["expires"] and not cookie["max-age"]


@pytest.mark.parametrize("path", ["/", "/ke-hoach/", "/hoat-dong/", "/nguoi-dung/", "/xac-thuc-hai-buoc/"])
def test_staff_pages_are_not_stored(admin_a, path):
    response = client_for(admin_a).get(path)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def test_the_login_page_is_not_stored_either():
    assert "no-store" in Client().get("/dang-nhap/")["Cache-Control"]
