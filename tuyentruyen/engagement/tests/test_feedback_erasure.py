"""Erasing a submitter's personal data: asked for on a confirmation page, and the attachments go too."""

import pytest
from django.core.files.storage import default_storage

from tuyentruyen.conftest import client_for
from tuyentruyen.engagement.models import FeedbackAttachment, FeedbackContact
from tuyentruyen.engagement.uploads import JudgedFile
from tuyentruyen.lib.tenancy import commune_scope

from .conftest import make_feedback

pytestmark = pytest.mark.django_db

PHOTO = ("nha-toi.pdf", b"%PDF-1.4 anh nha cua ong An", JudgedFile("application/pdf", "pdf"))


def erase_url(feedback):
    return f"/phan-anh-kien-nghi/{feedback.pk}/xoa-thong-tin-ca-nhan/"


def test_the_detail_page_links_to_a_confirmation_that_changes_nothing(commune_a, officer_a):
    feedback = make_feedback(commune_a, attachments=[PHOTO])
    client = client_for(officer_a)
    detail = client.get(f"/phan-anh-kien-nghi/{feedback.pk}/").content.decode()
    assert f'href="{erase_url(feedback)}"' in detail  # a link to the confirmation, not a one-click form
    page = client.get(erase_url(feedback))
    text = page.content.decode()
    assert page.status_code == 200 and "không hoàn tác được" in text and "nha-toi.pdf" in text
    assert 'method="post"' in text and "Quay lại, không xóa" in text
    feedback.refresh_from_db()
    assert feedback.personal_data_erased_at is None
    with commune_scope(commune_a):
        assert not FeedbackContact.objects.get(feedback=feedback).is_empty
        assert FeedbackAttachment.objects.filter(feedback=feedback).count() == 1


def test_confirming_removes_contact_and_attachments_with_their_files(
        commune_a, officer_a, django_capture_on_commit_callbacks):
    feedback = make_feedback(commune_a, attachments=[PHOTO, PHOTO])
    with commune_scope(commune_a):
        paths = list(FeedbackAttachment.objects.filter(feedback=feedback).values_list("path", flat=True))
    assert len(paths) == 2 and all(default_storage.exists(p) for p in paths)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(officer_a).post(erase_url(feedback))
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.personal_data_erased_at is not None
    with commune_scope(commune_a):
        assert FeedbackContact.objects.get(feedback=feedback).is_empty
        assert not FeedbackAttachment.objects.filter(feedback=feedback).exists()
    assert not any(default_storage.exists(p) for p in paths)
    # Asked again after the erasure: back to the record, nothing to confirm.
    again = client_for(officer_a).get(erase_url(feedback))
    assert again.status_code == 302 and again["Location"].endswith(f"/phan-anh-kien-nghi/{feedback.pk}/")


def test_only_the_officer_sees_the_confirmation(commune_a, staff_a, officer_b):
    feedback = make_feedback(commune_a)
    assert client_for(staff_a).get(erase_url(feedback)).status_code in (403, 404)
    assert client_for(officer_b).get(erase_url(feedback)).status_code == 404
