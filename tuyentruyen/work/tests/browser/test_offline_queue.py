"""An activity recorded on a phone with no signal, or a weak one (the request dropped, left unanswered, met by
a proxy's 503), waits on the device with its photo and is sent when the signal returns: once, even when the
first sending's answer is lost, two tabs retry at once, or another tab opens while it is on its way. An entry
the server refused is put back into the form to be fixed. With no storage the form is sent as a plain form."""

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


# What the device keeps of each entry: state, tries so far, and whether its next try is still to come.
KEPT = """() => new Promise((resolve, reject) => {
    const opening = indexedDB.open('tuyentruyen-offline', 1);
    opening.onsuccess = () => {
        const all = opening.result.transaction('activities').objectStore('activities').getAll();
        all.onsuccess = () => resolve(all.result.map(e => ({title: e.title, state: e.state, id: e.id,
            attempts: e.attempts || 0, later: (e.retryAt || 0) > Date.now()})));
    };
    opening.onerror = () => reject(opening.error);
})"""
ONLINE = "() => window.dispatchEvent(new Event('online'))"


def phone(browser):
    # No service worker: page.route must see the queue's requests (the worker has its own test).
    return browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN", service_workers="block")


class WeakSignal:
    """Every POST of the activity form meets ``self.now``: "abort" (the network drops it), "hang" (no
    answer ever; the page's time limit ends it), "503" (a proxy) or "pass" (a good signal)."""

    def __init__(self, context, now):
        self.now, self.posts, self.held = now, [], []
        context.route("**/hoat-dong/them/", self.handle)

    def handle(self, route):
        if route.request.method != "POST":
            return route.continue_()
        self.posts.append(self.now)
        if self.now == "abort":
            route.abort("internetdisconnected")
        elif self.now == "503":
            route.fulfill(status=503, content_type="text/html", body="<h1>Service Unavailable</h1>")
        elif self.now == "hang":
            self.held.append(route)
        else:
            route.continue_()


def open_form(page, login, live_server, *, timeout_ms=None):
    login(page, "donvi_a")
    page.goto(f"{live_server.url}/hoat-dong/them/")
    if timeout_ms:  # the 20 s of a real phone, shortened for the test
        page.locator("form[data-offline-queue]").evaluate(f"form => form.dataset.sendTimeoutMs = '{timeout_ms}'")


@pytest.mark.parametrize("failure", ["abort", "hang", "503"])
def test_on_a_weak_signal_the_entry_waits_and_is_sent_once(browser, login, live_server, staff_a, tmp_path,
                                                           failure):
    photo = tmp_path / "IMG_0110.png"
    photo.write_bytes(png_bytes())
    context = phone(browser)
    signal = WeakSignal(context, failure)
    page = context.new_page()
    open_form(page, login, live_server, timeout_ms=1000)
    record_offline(page, photo)  # the phone says it is online all along
    expect(page.get_by_test_id("offline-queue")).to_contain_text("Mạng yếu nên chưa gửi được")
    expect(page.get_by_test_id("offline-queue")).to_contain_text("sẽ tự gửi khi có sóng")
    expect(page.get_by_test_id("queue-count")).to_have_text("1 hoạt động chờ gửi")
    expect(page.get_by_label("Tiêu đề, nội dung ngắn")).to_have_value("")  # ready for the next entry
    kept = page.evaluate(KEPT)
    assert [(e["title"], e["state"], e["attempts"], e["later"]) for e in kept] == [(TITLE, "waiting", 1, True)]
    assert page.evaluate(STORED) == [[TITLE, 1]]
    assert signal.posts == [failure] and activities(staff_a.commune) == []

    # The signal is good again. A second tab opens (it waits out the pause: nothing sent), then both hear
    # the signal return at once: one of them sends, the other finds nothing left.
    signal.now = "pass"
    other = context.new_page()
    other.goto(f"{live_server.url}/hoat-dong/them/")
    expect(other.get_by_test_id("queue-count")).to_have_text("1 hoạt động chờ gửi")
    assert signal.posts == [failure]
    page.evaluate(ONLINE)
    other.evaluate(ONLINE)
    expect(page.get_by_test_id("offline-queue")).to_contain_text("Đã gửi 1 hoạt động")
    expect(other.get_by_test_id("queue-count")).to_have_count(0)
    expect(page.get_by_test_id("queue-count")).to_have_count(0)
    assert signal.posts == [failure, "pass"]
    assert page.evaluate(STORED) == []
    assert activities(staff_a.commune) == [(TITLE, 1)]
    context.close()


def test_an_entry_on_its_way_is_not_sent_again_by_another_tab(browser, login, live_server, staff_a, tmp_path):
    photo = tmp_path / "IMG_0111.png"
    photo.write_bytes(png_bytes())
    context = phone(browser)
    signal = WeakSignal(context, "hang")
    page = context.new_page()
    open_form(page, login, live_server, timeout_ms=60000)
    with page.expect_request(lambda request: request.method == "POST"):
        record_offline(page, photo)
    # While the first sending waits for its answer, another tab opens and would send what waits.
    other = context.new_page()
    other.goto(f"{live_server.url}/hoat-dong/them/")
    expect(other.get_by_test_id("queue-sending")).to_have_text("Đang gửi 1 hoạt động…")
    assert [e["state"] for e in other.evaluate(KEPT)] == ["sending"]
    assert signal.posts == ["hang"]
    signal.held[0].continue_()  # the answer arrives: the activity's page, and the entry is forgotten
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("Đã ghi nhận hoạt động.")).to_be_visible()
    assert page.evaluate(STORED) == []
    assert signal.posts == ["hang"] and activities(staff_a.commune) == [(TITLE, 1)]
    context.close()


def test_a_refused_entry_is_put_back_into_the_form_fixed_and_sent(browser, login, live_server, staff_a, tmp_path,
                                                                  artifacts):
    photo = tmp_path / "IMG_0112.png"
    photo.write_bytes(png_bytes())
    context = phone(browser)
    page = context.new_page()
    open_form(page, login, live_server)
    context.set_offline(True)
    page.get_by_text("Thêm chi tiết").click()
    page.get_by_label("Địa điểm").fill("Chợ Đông, thôn 3")
    page.get_by_label("Đường dẫn minh chứng (mỗi dòng một đường dẫn)").fill("ftp://tai-lieu/bien-ban")
    record_offline(page, photo)
    expect(page.get_by_test_id("queue-count")).to_have_text("1 hoạt động chờ gửi")
    context.set_offline(False)  # sent when the signal returns, and refused by the server
    refused = page.locator(".queue-refused")
    expect(refused).to_contain_text(f"“{TITLE}” chưa được lưu")
    expect(refused).to_contain_text("không phải đường dẫn")
    [entry] = page.evaluate(KEPT)
    assert entry["state"] == "refused" and activities(staff_a.commune) == []

    page.get_by_role("button", name="Điền lại vào biểu mẫu để sửa").click()
    expect(page.get_by_test_id("offline-queue")).to_contain_text(f"Đã điền lại “{TITLE}”")
    expect(page.get_by_label("Tiêu đề, nội dung ngắn")).to_have_value(TITLE)
    expect(page.get_by_label("Địa điểm")).to_have_value("Chợ Đông, thôn 3")
    links = page.get_by_label("Đường dẫn minh chứng (mỗi dòng một đường dẫn)")
    expect(links).to_have_value("ftp://tai-lieu/bien-ban")
    photos = page.get_by_label("Ảnh minh chứng (chụp hoặc chọn ảnh)")
    assert photos.evaluate("input => input.files.length") == 1
    page.screenshot(path=str(artifacts / "work-offline-refilled.png"), full_page=True)

    # Sent as it is: the server's form comes back with its error; the entry still waits to be fixed.
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert")).to_contain_text("không phải đường dẫn")
    expect(page.get_by_label("Tiêu đề, nội dung ngắn")).to_have_value(TITLE)
    assert photos.evaluate("input => input.files.length") == 1  # the photo need not be taken again
    assert [e["state"] for e in page.evaluate(KEPT)] == ["refused"]

    links.fill("https://xa-a.gov.vn/tin-tuc/tuyen-truyen-cho-dong")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert page.evaluate(STORED) == []
    with commune_scope(staff_a.commune):
        saved = Activity.objects.get()
        assert str(saved.client_uuid) == entry["id"] and saved.place == "Chợ Đông, thôn 3"
        evidence = Evidence.objects.filter(activity=saved)
        assert sorted(evidence.values_list("kind", "url")) == [
            ("file", ""), ("link", "https://xa-a.gov.vn/tin-tuc/tuyen-truyen-cho-dong")]
    context.close()


# Run before the page's scripts (Playwright's own channel, not the page's CSP).
NO_STORAGE = {
    "missing": "Object.defineProperty(window, 'indexedDB', {value: undefined, configurable: true})",
    "refusing": "IDBFactory.prototype.open = function () { throw new DOMException('private mode', 'InvalidStateError'); }",
}


@pytest.mark.parametrize("storage", sorted(NO_STORAGE))
def test_without_storage_on_the_device_the_form_is_sent_as_a_plain_form(browser, login, live_server, staff_a,
                                                                         tmp_path, storage):
    photo = tmp_path / "IMG_0113.png"
    photo.write_bytes(png_bytes())
    context = phone(browser)
    context.add_init_script(script=NO_STORAGE[storage])
    signal = WeakSignal(context, "pass")
    page = context.new_page()
    open_form(page, login, live_server)
    record_offline(page, photo)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("Đã ghi nhận hoạt động.")).to_be_visible()
    assert signal.posts == ["pass"] and activities(staff_a.commune) == [(TITLE, 1)]
    context.close()
