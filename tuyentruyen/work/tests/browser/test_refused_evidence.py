import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfWriter

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.work.models import Activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_encrypted_pdf_is_refused_and_the_form_keeps_what_was_typed(page, login, live_server, staff_a, tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("mat-khau")
    out = io.BytesIO()
    writer.write(out)
    locked = tmp_path / "bien-ban.pdf"
    locked.write_bytes(out.getvalue())
    login(page, "donvi_a")
    page.goto(f"{live_server.url}/hoat-dong/them/")
    page.get_by_label("Hình thức").select_option(label="Băng rôn, khẩu hiệu, pa nô, áp phích")
    page.get_by_label("Tiêu đề, nội dung ngắn").fill("Hội nghị tuyên truyền CCHC quý III")
    page.get_by_label("Tệp khác (PDF, Word, âm thanh, video)").set_input_files(str(locked))
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert")).to_contain_text("mật khẩu")
    expect(page.get_by_label("Tiêu đề, nội dung ngắn")).to_have_value("Hội nghị tuyên truyền CCHC quý III")
    with commune_scope(staff_a.commune):
        assert not Activity.objects.exists()
