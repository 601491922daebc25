"""A photo taken on a phone goes to the object store and comes back on the page, through the app."""

import pytest
from playwright.sync_api import expect

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.portal.tests.helpers import loaded_width
from tuyentruyen.tests.test_object_storage import bucket, png, s3_server  # noqa: F401 - fixtures
from tuyentruyen.work.models import Evidence
from tuyentruyen.work.tests.browser.quick_entry import PHOTOS, open_quick_entry, save_with_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_photo_is_kept_in_the_bucket_and_shown_from_it(page, login, live_server, staff_a, bucket, tmp_path,  # noqa: F811
                                                         artifacts):
    page.set_viewport_size({"width": 375, "height": 740})
    photo = tmp_path / "IMG_0815.png"
    photo.write_bytes(png())
    open_quick_entry(page, login, live_server, "Pa nô dịch vụ công trực tuyến tại bưu điện xã")
    save_with_file(page, PHOTOS, photo)
    thumbnail = page.get_by_role("img", name="Ảnh minh chứng IMG_0815.png")
    expect(thumbnail).to_be_visible()
    assert loaded_width(thumbnail) > 0  # the bytes came back
    page.screenshot(path=str(artifacts / "files-in-object-storage.png"), full_page=True)
    with commune_scope(staff_a.commune):
        evidence = Evidence.objects.get()
    assert bucket.keys("evidence/") == sorted([f"evidence/{evidence.storage_name}",
                                               f"evidence/{evidence.thumbnail_name}"])
