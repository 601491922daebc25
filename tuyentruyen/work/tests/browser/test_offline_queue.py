"""An activity recorded on a phone with no signal waits on the device with its photo, and is sent when the
signal returns: once, even when the first sending's answer is lost and the queue sends it again."""

import pytest
from playwright.sync_api import expect

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.work.models import Activity, Evidence

from ..test_evidence import png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Tuyên truyền lưu động tại chợ Đông"
# Evaluated as functions: a string expression would be eval'd in the page, which its CSP refuses.
CONTROLLED = """async () => {
    await navigator.serviceWorker.ready;
    for (let i = 0; i < 300 && !navigator.serviceWorker.controller; i++) await new Promise(r => setTimeout(r, 100));
    return navigator.serviceWorker.controller !== null;
}"""
STORED = """() => new Promise((resolve, reject) => {
    const opening = indexedDB.open('tuyentruyen-offline', 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore('activities', {keyPath: 'id'});
    opening.onsuccess = () => {
        const all = opening.result.transaction('activities').objectStore('activities').getAll();
        all.onsuccess = () => resolve(all.result.map(e => [e.title, e.fields.filter(f => f[1] instanceof File).length]));
    };
    opening.onerror = () => reject(opening.error);
})"""


def record_offline(page, photo):
    page.get_by_label("Hình thức").select_option(label="Băng rôn, khẩu hiệu, pa nô, áp phích")
    page.get_by_label("Tiêu đề, nội dung ngắn").fill(TITLE)
    page.get_by_label("Ảnh minh chứng (chụp hoặc chọn ảnh)").set_input_files(str(photo))
    page.get_by_role("button", name="Lưu").click()


def activities(commune):
    with commune_scope(commune):
        return [(a.title, Evidence.objects.filter(activity=a).count()) for a in Activity.objects.all()]


def test_an_entry_made_offline_is_sent_once_when_the_signal_returns(browser, login, live_server, staff_a,
                                                                     tmp_path, artifacts):
    photo = tmp_path / "IMG_0107.png"
    photo.write_bytes(png_bytes())
    # No service worker here: page.route must see the queue's requests (the worker has its own test).
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN", service_workers="block")
    page = context.new_page()
    login(page, "donvi_a")
    page.goto(f"{live_server.url}/hoat-dong/them/")
    context.set_offline(True)
    record_offline(page, photo)
    expect(page.get_by_test_id("queue-count")).to_have_text("1 hoạt động chờ gửi")
    expect(page.get_by_test_id("offline-queue")).to_contain_text("Đã lưu trên máy")
    assert page.get_by_label("Tiêu đề, nội dung ngắn").input_value() == ""  # ready for the next entry
    assert page.evaluate(STORED) == [[TITLE, 1]]
    assert activities(staff_a.commune) == []
    page.screenshot(path=str(artifacts / "work-offline-queued.png"), full_page=True)

    # The first sending reaches the server, but its answer is lost on the way back.
    lost = []

    def lose_first_answer(route):
        if route.request.method == "POST" and not lost:
            lost.append(route.fetch().status)
            route.abort()
        else:
            route.continue_()

    page.route("**/hoat-dong/them/", lose_first_answer)
    context.set_offline(False)  # the browser's "online" event starts the sending
    expect(page.get_by_test_id("offline-queue")).to_contain_text("mạng còn yếu")
    assert lost == [200] and activities(staff_a.commune) == [(TITLE, 1)]
    # Sent again (the officer taps "Gửi ngay" twice): the server knows the entry, nothing new is saved.
    send = page.get_by_role("button", name="Gửi ngay")
    send.click()
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(page.get_by_test_id("offline-queue")).to_contain_text("Đã gửi 1 hoạt động")
    expect(page.get_by_test_id("queue-count")).to_have_count(0)
    assert page.evaluate(STORED) == []
    assert activities(staff_a.commune) == [(TITLE, 1)]
    page.screenshot(path=str(artifacts / "work-offline-sent.png"), full_page=True)
    context.close()


def test_the_form_opens_offline_and_logging_out_clears_the_queue(browser, login, live_server, staff_a, tmp_path):
    photo = tmp_path / "IMG_0108.png"
    photo.write_bytes(png_bytes())
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    login(page, "donvi_a")
    page.goto(f"{live_server.url}/hoat-dong/them/")
    assert page.evaluate(CONTROLLED)
    page.reload()  # now through the worker, which keeps the form
    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ghi hoạt động tuyên truyền")
    record_offline(page, photo)
    expect(page.get_by_test_id("queue-count")).to_have_text("1 hoạt động chờ gửi")
    page.goto(f"{live_server.url}/hoat-dong/")  # a page the worker does not keep
    expect(page.get_by_role("heading", level=1)).to_have_text("Bạn đang ngoại tuyến")
    # back online, but every sending fails (a weak signal): the entry still waits when the officer logs out
    page.route("**/hoat-dong/them/", lambda route: route.abort() if route.request.method == "POST"
               else route.continue_())
    context.set_offline(False)
    page.goto(f"{live_server.url}/hoat-dong/them/")
    expect(page.get_by_test_id("queue-count")).to_have_text("1 hoạt động chờ gửi")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/dang-nhap/**")
    assert page.evaluate(STORED) == []
    assert page.evaluate("async () => (await caches.keys()).filter(n => n.startsWith('tuyentruyen-staff-'))") == []
    assert activities(staff_a.commune) == []
    context.close()
