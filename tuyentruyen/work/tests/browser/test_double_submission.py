import pytest
from playwright.sync_api import expect

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.work.models import Activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_double_click_on_save_records_one_activity(page, login, live_server, staff_a, artifacts):
    login(page, "donvi_a")
    page.goto(f"{live_server.url}/hoat-dong/them/")
    page.get_by_label("Hình thức").select_option(label="Băng rôn, khẩu hiệu, pa nô, áp phích")
    page.get_by_label("Tiêu đề, nội dung ngắn").fill("Treo băng rôn tại nhà văn hóa")
    # The same form sent twice behind the user's back (a lost answer resent), then clicked (a third time).
    statuses = page.evaluate("""async () => {
        const form = document.querySelector('[data-testid=activity-form]');
        const body = () => new FormData(form);
        const first = await fetch(location.href, {method: 'POST', body: body(), redirect: 'manual'});
        const second = await fetch(location.href, {method: 'POST', body: body(), redirect: 'manual'});
        return [first.type, second.type];
    }""")
    assert statuses == ["opaqueredirect", "opaqueredirect"]
    page.get_by_role("button", name="Lưu").dblclick()
    expect(page.get_by_role("heading", level=1)).to_have_text("Treo băng rôn tại nhà văn hóa")
    page.screenshot(path=str(artifacts / "work-double-submission.png"), full_page=True)
    with commune_scope(staff_a.commune):
        assert Activity.objects.filter(title="Treo băng rôn tại nhà văn hóa").count() == 1
