"""The public feedback form is all-or-nothing with its attachments: a cut connection, a full disk, and the
daily sweep of attachment files no row references."""

import errno
import io
import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from tuyentruyen.engagement import services
from tuyentruyen.engagement.models import Feedback, FeedbackAttachment
from tuyentruyen.engagement.uploads import JudgedFile
from tuyentruyen.lib.stored import LocalStorage
from tuyentruyen.lib.tenancy import scopes_disabled
from tuyentruyen.tests.sample_files import pdf_bytes

from .conftest import make_feedback

pytestmark = pytest.mark.django_db

FORM = {"category": "procedure", "title": "Chờ lâu", "content": "Tôi chờ ba ngày ở bộ phận một cửa chưa có kết quả.",
        "full_name": "Trần Thị Bích", "phone": "0987 654 321"}


def attachment_files(settings):
    root = settings.MEDIA_ROOT / services.ATTACHMENT_DIR
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_cut_upload_creates_no_feedback(commune_a, settings):
    body = encode_multipart(BOUNDARY, {**FORM, "attachments": SimpleUploadedFile("giay.pdf", pdf_bytes() * 20)})
    response = Client().generic("POST", f"/{commune_a.slug}/phan-anh/", b"", CONTENT_TYPE=MULTIPART_CONTENT,
                                CONTENT_LENGTH=str(len(body)), **{"wsgi.input": io.BytesIO(body[: len(body) - 200])})
    assert response.status_code == 400
    with scopes_disabled():
        assert not Feedback.objects.exists()
    assert attachment_files(settings) == []


def test_a_full_disk_keeps_the_residents_text_and_no_file(commune_a, settings, monkeypatch):
    real_save = LocalStorage._save
    calls = []

    def save(self, name, content):
        calls.append(name)
        if len(calls) == 2:  # the first attachment fits, the second meets a full disk half-way
            (settings.MEDIA_ROOT / name).write_bytes(b"%PDF")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_save(self, name, content)

    monkeypatch.setattr(LocalStorage, "_save", save)
    files = [SimpleUploadedFile("a.pdf", pdf_bytes()), SimpleUploadedFile("b.pdf", pdf_bytes())]
    response = Client().post(f"/{commune_a.slug}/phan-anh/", {**FORM, "attachments": files})
    page = response.content.decode()
    assert response.status_code == 503 and "hết chỗ lưu tệp" in page
    assert FORM["content"] in page and FORM["full_name"] in page  # nothing the resident typed is lost
    with scopes_disabled():
        assert not Feedback.objects.exists() and not FeedbackAttachment.objects.exists()
    assert len(calls) == 2 and attachment_files(settings) == []


def test_the_daily_sweep_removes_attachment_files_no_row_references(commune_a, settings):
    feedback = make_feedback(commune_a, attachments=[("giay.pdf", pdf_bytes(), JudgedFile("application/pdf", "pdf"))])
    with scopes_disabled():
        kept = [settings.MEDIA_ROOT / a.path for a in FeedbackAttachment.objects.filter(feedback=feedback)]
    orphan = settings.MEDIA_ROOT / services.ATTACHMENT_DIR / "2025/08/abc.pdf"
    fresh = orphan.with_name("new.pdf")
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"x" * 10)
    fresh.write_bytes(b"y")
    then = time.time() - 2 * 86400
    for path in (orphan, *kept):
        os.utime(path, (then, then))
    assert services.remove_orphan_attachments() == {"attachment_files": 1, "attachment_bytes": 10}
    assert sorted(attachment_files(settings)) == sorted([*kept, fresh])
