import pytest
from playwright.sync_api import expect

from tuyentruyen.accounts.models import Role
from tuyentruyen.accounts.services import create_user
from tuyentruyen.conftest import PASSWORD, unit_of
from tuyentruyen.web.navigation import items_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = [Role.COMMUNE_ADMIN, Role.LEADER, Role.OFFICER, Role.UNIT_STAFF, Role.EDITOR, Role.CONTRIBUTOR]
# What must hold whatever entries later apps add: (role, must see, must not see)
INVARIANTS = {
    Role.COMMUNE_ADMIN: ({"Trang chủ", "Kế hoạch", "Người dùng", "Nhật ký thay đổi"}, set()),
    Role.OFFICER: ({"Trang chủ", "Kế hoạch", "Đơn vị"}, {"Người dùng", "Nhật ký thay đổi"}),
    Role.LEADER: ({"Trang chủ", "Kế hoạch"}, {"Người dùng"}),
    Role.UNIT_STAFF: ({"Trang chủ"}, {"Người dùng", "Đơn vị", "Nhật ký thay đổi"}),
    Role.EDITOR: ({"Trang chủ"}, {"Người dùng", "Đơn vị"}),
    Role.CONTRIBUTOR: ({"Trang chủ"}, {"Người dùng", "Đơn vị"}),
}


def test_each_role_logs_in_and_sees_its_navigation(page, login, commune_a, viewer_province):
    users = {}
    for role in ROLES:
        unit = unit_of(commune_a, "media_center") if role == Role.UNIT_STAFF else None
        users[role] = create_user(f"u_{role}", PASSWORD, roles=[role], commune=commune_a, unit=unit,
                                  full_name=f"Người {role}")
    menus = {}
    for role in ROLES:
        page.context.clear_cookies()
        login(page, f"u_{role}")
        expect(page.get_by_role("heading", level=1)).to_have_text("Việc của tôi")
        expect(page.get_by_text(f"Xin chào, Người {role}")).to_be_visible()
        nav = page.get_by_test_id("main-nav").get_by_role("link")
        # the browser shows exactly the server's menu for this role...
        expect(nav).to_have_text([item["label"] for item in items_for(users[role])])
        menus[role] = set(nav.all_inner_texts())
        must, must_not = INVARIANTS[role]
        # ...and the menu follows the role
        assert must <= menus[role] and not (must_not & menus[role]), (role, menus[role])
    assert len({frozenset(menu) for menu in menus.values()}) >= 4  # roles really differ
    page.context.clear_cookies()
    login(page, "tinh")
    province_menu = page.get_by_test_id("main-nav").get_by_role("link")
    expect(province_menu).to_have_text([item["label"] for item in items_for(viewer_province)])
    assert {"Các xã trong tỉnh", "Kế hoạch"} <= set(province_menu.all_inner_texts())
    assert "Đơn vị" not in province_menu.all_inner_texts()


def test_another_communes_page_is_refused(page, login, live_server, officer_b, commune_a, admin_a):
    login(page, "quantri_a")
    unit_b = unit_of(officer_b.commune, "office")
    response = page.goto(f"{live_server.url}/don-vi/{unit_b.pk}/sua/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy trang")


def test_wrong_password_and_lockout_messages(page, login, officer_a, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    login(page, "canbo_a", "sai-mat-khau")
    expect(page.get_by_role("alert").first).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng.")
    login(page, "canbo_a", "sai-mat-khau")
    login(page, "canbo_a")
    expect(page.get_by_role("alert").first).to_contain_text("Đăng nhập sai quá nhiều lần")


@pytest.mark.parametrize("name,viewport", [("phone", {"width": 375, "height": 812}),
                                           ("desktop", {"width": 1366, "height": 900})])
def test_home_page_screenshots(browser, live_server, artifacts, admin_a, name, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("quantri_a")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Việc của tôi")
    # nothing spills sideways on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.screenshot(path=str(artifacts / f"home-{name}.png"), full_page=True)
    assert (artifacts / f"home-{name}.png").stat().st_size > 5000
    context.close()


def test_keyboard_reaches_the_skip_link_first(page, login, officer_a):
    login(page, "canbo_a")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Bỏ qua" in focused
