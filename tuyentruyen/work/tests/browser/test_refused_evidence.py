import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfWriter

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.work.models import Activity

from .quick_entry import OTHER_FILES, open_quick_entry, save_with_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_encrypted_pdf_is_refused_and_the_form_keeps_what_was_typed(page, login, live_server, staff_a, tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("mat-khau")
    out = io.BytesIO()
    writer.write(out)
    locked = tmp_path / "bien-ban.pdf"
    locked.write_bytes(out.getvalue())
    open_quick_entry(page, login, live_server, "Hội nghị tuyên truyền CCHC quý III")
    save_with_file(page, OTHER_FILES, locked)
    expect(page.get_by_role("alert")).to_contain_text("mật khẩu")
    expect(page.get_by_label("Tiêu đề, nội dung ngắn")).to_have_value("Hội nghị tuyên truyền CCHC quý III")
    with commune_scope(staff_a.commune):
        assert not Activity.objects.exists()
