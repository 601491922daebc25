"""Uploads are all-or-nothing: a connection cut mid-upload, a full disk, a refused file in a batch, and
what a killed process leaves behind (swept daily)."""

import errno
import io
import os
import time
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.utils import timezone

from tuyentruyen.conftest import client_for
from tuyentruyen.lib import stored
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.tests.sample_files import DOCX, docx_bytes, image_bytes, pdf_bytes, png_header_only, rezip
from tuyentruyen.work import services
from tuyentruyen.work.evidence import EvidenceError, stored_name
from tuyentruyen.work.models import Activity, Evidence

from .factories import activity, evidence_in_storage, is_stored

pytestmark = pytest.mark.django_db


def every_file(root):
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def activity_fields(kind, title="Hội nghị tuyên truyền CCHC quý III"):
    return {"kind": kind.pk, "date": "2025-08-05", "title": title}


def cut_post(client, url, data, *, keep):
    """POST a multipart body cut short after ``keep`` of its bytes, as when the connection closes
    half-way: the declared length is the whole body's."""
    body = encode_multipart(BOUNDARY, data)
    return client.generic("POST", url, b"", CONTENT_TYPE=MULTIPART_CONTENT, CONTENT_LENGTH=str(len(body)),
                          **{"wsgi.input": io.BytesIO(body[:keep])})  # reads end early, as on a closed socket


@pytest.mark.parametrize("size", [3_000, 6 * 1024 * 1024])  # kept in memory; spooled to a temporary file
def test_an_upload_cut_short_creates_no_activity(plan_a, staff_a, settings, size):
    with commune_scope(plan_a.commune):
        kind = services.get_kind(plan_a.commune, "conference")
    data = {**activity_fields(kind), "files": SimpleUploadedFile("bien-ban.pdf", pdf_bytes() + b"%" * size)}
    response = cut_post(client_for(staff_a), "/hoat-dong/them/", data, keep=size // 2)
    assert response.status_code == 400 and "Chưa có gì được lưu" in response.content.decode()
    with commune_scope(plan_a.commune):
        assert not Activity.objects.exists() and not Evidence.objects.exists()
    assert evidence_in_storage() == [] and every_file(settings.FILE_UPLOAD_TEMP_DIR) == []


def test_a_whole_upload_still_goes_through(plan_a, staff_a):
    with commune_scope(plan_a.commune):
        kind = services.get_kind(plan_a.commune, "conference")
    data = {**activity_fields(kind), "files": SimpleUploadedFile("bien-ban.pdf", pdf_bytes())}
    body = encode_multipart(BOUNDARY, data)
    response = client_for(staff_a).generic("POST", "/hoat-dong/them/", body, content_type=MULTIPART_CONTENT)
    assert response.status_code == 302
    with commune_scope(plan_a.commune):
        assert Evidence.objects.get().activity.title == data["title"]


class FullDisk:
    """The storage's writer, which writes a few bytes of a file and then fails as a full disk does."""

    def __init__(self, code=errno.ENOSPC):
        self.code = code

    def __call__(self, out, content):
        out.write(next(iter(content.chunks()))[:10])
        out.flush()
        raise OSError(self.code, os.strerror(self.code))


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT])
def test_a_full_disk_keeps_the_form_and_leaves_no_file(plan_a, staff_a, monkeypatch, code):
    with commune_scope(plan_a.commune):
        kind = services.get_kind(plan_a.commune, "conference")
    monkeypatch.setattr(stored.LocalStorage, "_write", staticmethod(FullDisk(code)))
    title = "Hội nghị đối thoại với doanh nghiệp về thủ tục đất đai"
    response = client_for(staff_a).post("/hoat-dong/them/", {
        **activity_fields(kind, title), "place": "Hội trường UBND xã",
        "files": [SimpleUploadedFile("anh.png", image_bytes("PNG"))]})
    page = response.content.decode()
    assert response.status_code == 200 and "hết chỗ lưu tệp" in page
    assert title in page and "Hội trường UBND xã" in page  # what the user typed is still there
    with commune_scope(plan_a.commune):
        assert not Activity.objects.exists()
    assert evidence_in_storage() == []  # neither the .part file nor a zero-byte one


def test_a_full_disk_while_adding_evidence_says_so(scope_a, monkeypatch):
    a = activity(scope_a)
    monkeypatch.setattr(stored.LocalStorage, "_write", staticmethod(FullDisk()))
    with pytest.raises(EvidenceError, match="hết chỗ lưu tệp"):
        services.add_evidence_files(scope_a, [SimpleUploadedFile("a.pdf", pdf_bytes())], activity=a)
    assert not Evidence.objects.exists() and evidence_in_storage() == []


def test_a_full_disk_for_the_thumbnail_still_stores_the_evidence(scope_a, monkeypatch):
    a = activity(scope_a)
    real_write = stored.LocalStorage._write

    def write(out, content):
        if (content.name or "").endswith(".thumb.jpg"):
            FullDisk()(out, content)
        real_write(out, content)

    monkeypatch.setattr(stored.LocalStorage, "_write", staticmethod(write))
    [stored_file] = services.add_evidence_files(scope_a, [SimpleUploadedFile("a.png", image_bytes("PNG"))],
                                                activity=a)
    assert stored_file.thumbnail_name == "" and is_stored(stored_file.storage_name)
    assert evidence_in_storage() == [stored_file.storage_name]


def test_a_refused_file_in_a_batch_removes_the_files_already_written(scope_a):
    a = activity(scope_a)
    batch = [SimpleUploadedFile("tot.png", image_bytes("PNG")), SimpleUploadedFile("tot.pdf", pdf_bytes()),
             SimpleUploadedFile("hong.pdf", pdf_bytes(password="x"))]
    with pytest.raises(EvidenceError, match="mật khẩu"):
        services.add_evidence_files(scope_a, batch, activity=a)
    assert not Evidence.objects.exists() and evidence_in_storage() == []


def test_a_failed_batch_keeps_a_file_another_row_already_uses(scope_a):
    a, b = activity(scope_a), activity(scope_a, title="Khác")
    data = image_bytes("PNG")
    [kept] = services.add_evidence_files(scope_a, [SimpleUploadedFile("a.png", data)], activity=a)
    with pytest.raises(EvidenceError):
        services.add_evidence_files(scope_a, [SimpleUploadedFile("a.png", data),
                                              SimpleUploadedFile("b.pdf", pdf_bytes()[:200])], activity=b)
    assert is_stored(kept.storage_name) and is_stored(kept.thumbnail_name)


@pytest.mark.parametrize("name, data, message", [
    ("ma-hoa.pdf", pdf_bytes(password="x"), "mật khẩu"),
    ("cut.pdf", pdf_bytes()[:250], "cắt cụt"),
    ("script.pdf", pdf_bytes(script="app.alert(1)"), "JavaScript"),
    ("cut.jpg", image_bytes("JPEG", (300, 200))[:400], "cắt cụt"),
    ("bom.png", png_header_only(50_000, 50_000), "quá lớn"),
    ("hong.docx", rezip(docx_bytes(), {"word/document.xml": b"<broken"}), "hỏng"),
    ("bom.docx", rezip(docx_bytes(), {"word/media/z.bin": b"\0" * (20 * 1024 * 1024)}), "bom nén"),
])
def test_evidence_that_does_not_open_is_refused_at_the_form(plan_a, staff_a, name, data, message):
    with commune_scope(plan_a.commune):
        kind = services.get_kind(plan_a.commune, "conference")
    response = client_for(staff_a).post("/hoat-dong/them/", {
        **activity_fields(kind), "files": [SimpleUploadedFile(name, data)]})
    assert response.status_code == 200 and message in response.content.decode()
    with commune_scope(plan_a.commune):
        assert not Activity.objects.exists()
    assert evidence_in_storage() == []


def test_a_sound_docx_is_accepted(scope_a):
    [stored] = services.add_evidence_files(scope_a, [SimpleUploadedFile("bao-cao.docx", docx_bytes())],
                                           activity=activity(scope_a))
    assert stored.content_type == DOCX


def test_a_right_to_left_override_never_reaches_the_download_header(scope_a, officer_a):
    a = activity(scope_a)
    [stored] = services.add_evidence_files(scope_a, [SimpleUploadedFile("bao-cao\u202efdp.exe", pdf_bytes())],
                                           activity=a)
    assert stored.original_name == "bao-caofdp.exe"
    Evidence.objects.filter(pk=stored.pk).update(original_name="cu\u202efdp.exe")  # stored before the rule
    response = client_for(officer_a).get(f"/hoat-dong/minh-chung/{stored.pk}/")
    assert response.status_code == 200 and "\u202e" not in response["Content-Disposition"]
    assert "cufdp.exe" in response["Content-Disposition"]


def age(path, days):
    then = time.time() - days * 86400
    os.utime(path, (then, then))


def test_the_daily_sweep_removes_what_no_row_references(scope_a, settings):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    kept_row = activity(scope_a)
    deleted = activity(scope_a, title="Đã xóa, còn khôi phục được")
    [used] = services.add_evidence_files(scope_a, [SimpleUploadedFile("a.png", image_bytes("PNG"))],
                                         activity=kept_row)
    [restorable] = services.add_evidence_files(scope_a, [SimpleUploadedFile("b.pdf", pdf_bytes())],
                                               activity=deleted)
    services.delete_activity(deleted)
    folder = f"{scope_a.pk}/ff"
    orphan, fresh, part = f"{folder}/{'f' * 64}.pdf", f"{folder}/{'e' * 64}.pdf", f"{folder}/.x.pdf.part"
    for name in (orphan, fresh, part):
        assert default_storage.save(stored_name(name), ContentFile(b"%PDF-1.4 left by a killed worker")) \
            == stored_name(name)
    temp = settings.FILE_UPLOAD_TEMP_DIR
    temp.mkdir(parents=True)
    (temp / "tmpabc.upload.pdf").write_bytes(b"x" * 1000)
    (temp / "tmpnew.upload.pdf").write_bytes(b"y")
    for name in evidence_in_storage():  # the test ages local files; the product only asks the storage
        age(default_storage.path(stored_name(name)), 2)
    age(temp / "tmpabc.upload.pdf", 2)
    age(default_storage.path(stored_name(fresh)), 0)
    age(temp / "tmpnew.upload.pdf", 0)

    result = services.remove_orphan_files()

    left = evidence_in_storage()
    assert used.storage_name in left and used.thumbnail_name in left
    assert restorable.storage_name in left  # the 30-day restore finds its file
    assert fresh in left  # an upload whose transaction has not committed yet keeps its file
    assert orphan not in left and part not in left
    assert every_file(temp) == [temp / "tmpnew.upload.pdf"]
    assert result == {"evidence_files": 2, "evidence_bytes": 64, "temporary_files": 1, "temporary_bytes": 1000}


def test_the_sweep_runs_daily():
    import tuyentruyen.engagement.tasks
    import tuyentruyen.work.tasks  # noqa: F401 - registering is what importing the module does
    from tuyentruyen.jobs.schedule import registered_jobs

    names = {job.name for job in registered_jobs()}
    assert {"work.remove_orphan_files", "engagement.remove_orphan_feedback_files"} <= names


def test_the_purge_removes_the_purged_files(scope_a):
    a = activity(scope_a, date=date(2025, 7, 1))
    [stored] = services.add_evidence_files(scope_a, [SimpleUploadedFile("b.pdf", pdf_bytes())], activity=a)
    services.delete_activity(a)
    services.purge_deleted_activities(scope_a, now=timezone.now() + timedelta(days=31))
    assert not is_stored(stored.storage_name)


def test_a_full_disk_while_receiving_a_large_upload_keeps_the_form(plan_a, staff_a, settings, monkeypatch):
    from django.core.files import uploadhandler
    from django.core.files.uploadedfile import TemporaryUploadedFile

    class NoRoom(TemporaryUploadedFile):
        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(uploadhandler, "TemporaryUploadedFile", NoRoom)
    with commune_scope(plan_a.commune):
        kind = services.get_kind(plan_a.commune, "conference")
    title = "Hội nghị trực tuyến về chuyển đổi số"
    big = pdf_bytes() + b"%" * (6 * 1024 * 1024)  # above FILE_UPLOAD_MAX_MEMORY_SIZE: spooled to disk
    response = client_for(staff_a).post("/hoat-dong/them/", {
        **activity_fields(kind, title), "files": [SimpleUploadedFile("video-hoi-nghi.pdf", big)]})
    page = response.content.decode()
    assert response.status_code == 200 and "hết chỗ lưu tệp" in page and title in page
    with commune_scope(plan_a.commune):
        assert not Activity.objects.exists()
    assert every_file(settings.FILE_UPLOAD_TEMP_DIR) == [] and evidence_in_storage() == []
