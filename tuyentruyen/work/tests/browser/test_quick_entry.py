import pytest
from playwright.sync_api import expect

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.work.models import Activity, Evidence

from ..test_evidence import png_bytes
from .quick_entry import PHOTOS, open_quick_entry, save_with_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_quick_entry_with_a_photo_on_a_phone(page, login, live_server, staff_a, artifacts, tmp_path):
    page.set_viewport_size({"width": 375, "height": 740})
    photo = tmp_path / "IMG_2025.png"
    photo.write_bytes(png_bytes())
    open_quick_entry(page, login, live_server, "Treo băng rôn CCHC tại nhà văn hóa thôn")
    photos = page.get_by_label(PHOTOS)
    assert photos.get_attribute("accept") == "image/*" and photos.get_attribute("capture") is not None
    save_with_file(page, PHOTOS, photo)
    expect(page.get_by_role("heading", level=1)).to_have_text("Treo băng rôn CCHC tại nhà văn hóa thôn")
    expect(page.get_by_role("img", name="Ảnh minh chứng IMG_2025.png")).to_be_visible()
    page.screenshot(path=str(artifacts / "work-quick-entry.png"), full_page=True)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Hoạt động").click()
    expect(page.get_by_role("link", name="Treo băng rôn CCHC tại nhà văn hóa thôn")).to_be_visible()
    with commune_scope(staff_a.commune):
        activity = Activity.objects.get()
        assert activity.unit_id == staff_a.unit_id
        assert Evidence.objects.get(activity=activity).content_type == "image/png"
