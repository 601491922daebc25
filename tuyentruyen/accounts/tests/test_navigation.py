import pytest

from tuyentruyen.conftest import client_for


def nav_labels(client):
    html = client.get("/").content.decode()
    nav = html.split('data-testid="main-nav"')[1].split("</nav>")[0]
    return nav


@pytest.mark.django_db
def test_each_role_sees_its_navigation(admin_a, officer_a, staff_a, viewer_province):
    admin_nav = nav_labels(client_for(admin_a))
    assert "Người dùng" in admin_nav and "Nhật ký thay đổi" in admin_nav
    officer_nav = nav_labels(client_for(officer_a))
    assert "Đơn vị" in officer_nav and "Người dùng" not in officer_nav
    staff_nav = nav_labels(client_for(staff_a))
    assert "Đơn vị" not in staff_nav and "Trang chủ" in staff_nav
    province_nav = nav_labels(client_for(viewer_province))
    assert "Các xã trong tỉnh" in province_nav and "Đơn vị" not in province_nav
