import pytest
from playwright.sync_api import expect

from tuyentruyen.engagement.tests.conftest import make_feedback

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_masks_a_selected_phrase_and_publishes_exactly_the_preview(
        browser, live_server, login, artifacts, commune_a, officer_a):
    commune_a.slug = "xa-an-hoa-90001"
    commune_a.save(update_fields=["slug"])
    feedback = make_feedback(commune_a, title="Quán lấn chiếm vỉa hè",
                             content="Toi ten Nguyen Van Tam, sdt 0912 345 678. Quán của Tư Mập lấn vỉa hè.")
    page = browser.new_page()
    login(page, "canbo_a")
    page.goto(f"{live_server.url}/phan-anh-kien-nghi/{feedback.pk}/")
    page.get_by_label("Nội dung trả lời").fill("Xã đã nhắc nhở Tư Mập; anh Tâm gọi 0987 654 321 nếu tái diễn.")
    page.get_by_role("button", name="Lưu câu trả lời").click()
    preview = page.get_by_test_id("publication-preview")
    expect(preview).to_contain_text("Toi ten ***, sdt ***.")
    expect(preview).to_contain_text("anh *** gọi ***")
    expect(preview).to_contain_text("Tư Mập")  # a nickname the automatic masking cannot know
    # select the nickname in the preview, as the officer would with the mouse
    page.evaluate("""() => {
        const node = [...document.querySelectorAll('[data-mask-source] .pre')][0].firstChild;
        const start = node.textContent.indexOf('Tư Mập');
        const range = document.createRange();
        range.setStart(node, start); range.setEnd(node, start + 'Tư Mập'.length);
        const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
    }""")
    page.get_by_role("button", name="Che đoạn đã chọn").click()
    expect(page.get_by_label("Che thêm các cụm từ (mỗi dòng một cụm từ)")).to_have_value("Tư Mập")
    expect(preview).not_to_contain_text("Tư Mập")
    previewed = preview.inner_text()
    page.get_by_role("button", name="Công khai đúng nội dung này").click()
    page.goto(f"{live_server.url}/{commune_a.slug}/phan-anh/da-tra-loi/")
    public = page.locator("article").inner_text()
    for line in (line.strip() for line in previewed.splitlines()):
        if line and line != "Trả lời":
            assert line in public
    for secret in ("Nguyen Van Tam", "0912 345 678", "0987 654 321", "Tư Mập"):
        assert secret not in public
    page.screenshot(path=str(artifacts / "engagement-publication-preview.png"), full_page=True)
    page.close()
