import pytest
from django.test import Client

from tuyentruyen.conftest import PASSWORD


@pytest.mark.django_db
def test_it_logs_in_and_out(officer_a):
    client = Client()
    response = client.post("/dang-nhap/", {"username": "canbo_a", "password": PASSWORD})
    assert response.status_code == 302
    assert "Xin chào, Cán Bộ A" in client.get("/").content.decode()
    client.post("/dang-xuat/")
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_a_wrong_password_says_so_in_vietnamese(officer_a):
    response = Client().post("/dang-nhap/", {"username": "canbo_a", "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()


@pytest.mark.django_db
def test_repeated_failures_lock_the_account(officer_a, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(3):
        client.post("/dang-nhap/", {"username": "canbo_a", "password": "sai"})
    response = client.post("/dang-nhap/", {"username": "canbo_a", "password": PASSWORD})
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_failures_from_one_address_lock_that_address(officer_a, admin_a, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    attacker = Client(REMOTE_ADDR="10.9.9.9")
    for name in ("a", "b", "c"):
        attacker.post("/dang-nhap/", {"username": name, "password": "sai"})
    locked = attacker.post("/dang-nhap/", {"username": "quantri_a", "password": PASSWORD})
    assert "Đăng nhập sai quá nhiều lần" in locked.content.decode()
    # someone else, from another address, still gets in
    assert Client(REMOTE_ADDR="10.1.1.1").post(
        "/dang-nhap/", {"username": "quantri_a", "password": PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_the_lock_expires(officer_a, settings, time_machine):
    settings.LOGIN_FAILURE_LIMIT = 2
    client = Client()
    time_machine.move_to("2026-03-01 08:00 +07:00")
    for _ in range(2):
        client.post("/dang-nhap/", {"username": "canbo_a", "password": "sai"})
    time_machine.move_to("2026-03-01 08:16 +07:00")
    assert client.post("/dang-nhap/", {"username": "canbo_a", "password": PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_login_form_needs_csrf(officer_a):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/dang-nhap/", {"username": "canbo_a", "password": PASSWORD}).status_code == 403


@pytest.mark.django_db
def test_password_change(officer_a):
    client = Client()
    client.force_login(officer_a)
    response = client.post("/doi-mat-khau/", {
        "old_password": PASSWORD, "new_password1": "Mat-khau-moi-2027", "new_password2": "Mat-khau-moi-2027"})
    assert response.status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.check_password("Mat-khau-moi-2027")
