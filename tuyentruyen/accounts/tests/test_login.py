import pytest
from django.test import Client

from tuyentruyen.conftest import PASSWORD, client_for


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
def test_one_persons_typos_do_not_lock_out_the_office(officer_a, admin_a, settings):
    office = "10.5.5.5"  # the whole commune office behind one address
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        Client(REMOTE_ADDR=office).post("/dang-nhap/", {"username": "canbo_a", "password": "sai"})
    locked = Client(REMOTE_ADDR=office).post("/dang-nhap/", {"username": "canbo_a", "password": PASSWORD})
    assert "Đăng nhập sai quá nhiều lần" in locked.content.decode()
    colleague = Client(REMOTE_ADDR=office)
    assert colleague.post("/dang-nhap/", {"username": "quantri_a", "password": PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_failures_from_one_address_lock_that_address(officer_a, admin_a, settings, time_machine):
    time_machine.move_to("2026-03-01 08:00 +07:00", tick=False)
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 50
    attacker = Client(REMOTE_ADDR="10.9.9.9")
    for n in range(49):  # spread over many accounts, none reaching its own limit
        attacker.post("/dang-nhap/", {"username": f"nguoi{n}", "password": "sai"})
    assert Client(REMOTE_ADDR="10.9.9.9").post(
        "/dang-nhap/", {"username": "quantri_a", "password": PASSWORD}).status_code == 302
    attacker.post("/dang-nhap/", {"username": "nguoi49", "password": "sai"})
    locked = Client(REMOTE_ADDR="10.9.9.9").post("/dang-nhap/", {"username": "canbo_a", "password": PASSWORD})
    assert "Có quá nhiều lần đăng nhập sai từ mạng của bạn" in locked.content.decode()
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


@pytest.mark.django_db
def test_forwarded_headers_do_not_dodge_the_address_ceiling(officer_a, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    for n in range(3):
        Client(REMOTE_ADDR="10.9.9.8", HTTP_X_FORWARDED_FOR=f"1.1.1.{n}", HTTP_X_REAL_IP=f"2.2.2.{n}").post(
            "/dang-nhap/", {"username": f"x{n}", "password": "sai"})
    response = Client(REMOTE_ADDR="10.9.9.8", HTTP_X_REAL_IP="3.3.3.3").post(
        "/dang-nhap/", {"username": "canbo_a", "password": PASSWORD})
    assert "Có quá nhiều lần đăng nhập sai" in response.content.decode()


@pytest.mark.django_db
def test_the_admin_login_locks_out_too(settings, time_machine):
    from tuyentruyen.accounts.models import User

    time_machine.move_to("2026-03-01 08:00 +07:00", tick=False)
    User.objects.create_superuser("hethong", "ht@example.com", PASSWORD)
    client = Client()
    # The admin's login is the product's: a password posted to it is never taken there.
    response = client.post("/quan-tri/login/", {"username": "hethong", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")
    assert "_auth_user_id" not in client.session
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        assert client.post("/dang-nhap/", {"username": "hethong", "password": "sai"}).status_code == 200
    response = client.post("/dang-nhap/?next=/quan-tri/", {"username": "hethong", "password": PASSWORD})
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session
    time_machine.move_to("2026-03-01 08:16 +07:00", tick=False)
    assert client.post("/dang-nhap/?next=/quan-tri/", {"username": "hethong", "password": PASSWORD}).status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_the_admin_login_refuses_non_staff(officer_a):
    client = client_for(officer_a)
    response = client.get("/quan-tri/", follow=True)
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()  # not a redirect loop back to the login
