"""Files in S3-compatible object storage: with ``S3_BUCKET`` set, every stored file (evidence and its
thumbnail, residents' attachments, bulletin audio, XLSX imports waiting for a worker, backups) is written
to and read from the bucket, through the same views and tasks as on disk, and nothing appears under
MEDIA_ROOT. The bucket is served by moto's S3 server on loopback (production uses a real object store)."""

import io
import zipfile
from datetime import date, timedelta
from pathlib import Path
from uuid import uuid4

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from PIL import Image

from tuyentruyen.conftest import client_for
from tuyentruyen.lib import stored
from tuyentruyen.lib.s3config import s3_storages
from tuyentruyen.lib.tenancy import commune_scope

PORTS = range(55530, 55540)  # loopback ports kept for this test; the first free one is used
ACCESS_KEY, SECRET_KEY = "kiem-thu", "khoa-bi-mat-kiem-thu"


@pytest.fixture(scope="module")
def s3_server():
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        pytest.skip("moto[server] is not installed (pip install -r requirements-dev.txt): no S3 server to test "
                    "object storage against")
    port = next((port for port in PORTS if _free(port)), None)
    if port is None:
        pytest.fail(f"no free loopback port in {PORTS.start}-{PORTS.stop - 1} for the S3 server")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def _free(port: int) -> bool:
    import socket

    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class Bucket:
    """The test's own view of the bucket, through boto3 directly (not through the code under test)."""

    def __init__(self, endpoint, name):
        import boto3

        self.name = name
        self.client = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=ACCESS_KEY,
                                   aws_secret_access_key=SECRET_KEY, region_name="us-east-1")
        self.client.create_bucket(Bucket=name)

    def keys(self, prefix=""):
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name, Prefix=prefix)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", ()))

    def read(self, key):
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def acl_grants(self, key):
        return self.client.get_object_acl(Bucket=self.name, Key=key)["Grants"]


@pytest.fixture
def bucket(s3_server, settings):
    """A fresh bucket per test, and the site's storages pointed at it exactly as settings.py does."""
    name = f"tuyentruyen-{uuid4().hex[:12]}"
    made = Bucket(s3_server, name)
    environ = {"S3_BUCKET": name, "S3_ENDPOINT_URL": s3_server, "S3_ACCESS_KEY_ID": ACCESS_KEY,
               "S3_SECRET_ACCESS_KEY": SECRET_KEY}
    settings.STORAGES = {**settings.STORAGES, **s3_storages(environ)}
    from storages.backends.s3 import S3Storage

    assert type(stored_default()) is S3Storage  # the override reached the storage the code uses
    yield made
    assert local_media_files(settings) == []  # nothing of this test went to the local disk


def stored_default():
    from django.core.files.storage import storages

    return storages["default"]


def local_media_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def png(color=(30, 120, 200), size=(640, 480)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def plan_a(commune_a, officer_a):
    from tuyentruyen.work.tests.factories import issued_plan

    with commune_scope(commune_a):
        return issued_plan(commune_a, officer_a)


@pytest.mark.django_db
def test_evidence_is_uploaded_to_the_bucket_and_streamed_back_after_the_permission_check(
        bucket, plan_a, commune_a, officer_a, officer_b):
    from tuyentruyen.work import services
    from tuyentruyen.work.models import Evidence

    with commune_scope(commune_a):
        activity = services.record_activity(commune_a, kind_code="banner", title="Băng rôn CCHC tại chợ xã",
                                            date=date(2025, 8, 1), user=officer_a)
    data = png()
    client = client_for(officer_a)
    response = client.post(f"/hoat-dong/{activity.pk}/minh-chung/", {"files": SimpleUploadedFile("cho.png", data)})
    assert response.status_code == 302
    with commune_scope(commune_a):
        evidence = Evidence.objects.get()
    key = f"evidence/{evidence.storage_name}"
    assert bucket.keys("evidence/") == sorted([key, f"evidence/{evidence.thumbnail_name}"])
    assert bucket.read(key) == data
    assert not any(g["Grantee"].get("URI", "").endswith("AllUsers") for g in bucket.acl_grants(key))  # private

    download = client.get(f"/hoat-dong/minh-chung/{evidence.pk}/")
    assert download.status_code == 200 and body(download) == data
    thumb = client.get(f"/hoat-dong/minh-chung/{evidence.pk}/anh-nho/")
    with Image.open(io.BytesIO(body(thumb))) as image:
        assert image.format == "JPEG" and max(image.size) <= 320
    assert client_for(officer_b).get(f"/hoat-dong/minh-chung/{evidence.pk}/").status_code == 404
    assert Client().get(f"/hoat-dong/minh-chung/{evidence.pk}/").status_code == 404

    # the same bytes attached again are stored once (content-hash names)
    client.post(f"/hoat-dong/{activity.pk}/minh-chung/", {"files": SimpleUploadedFile("lai.png", data)})
    assert len(bucket.keys("evidence/")) == 2


@pytest.mark.django_db
def test_the_30_day_restore_and_the_sweeps_work_on_the_bucket(bucket, plan_a, commune_a, officer_a):
    from tuyentruyen.work import services

    with commune_scope(commune_a):
        activity = services.record_activity(commune_a, kind_code="banner", title="Pa nô tuyên truyền",
                                            date=date(2025, 8, 1), user=officer_a)
        [evidence] = services.add_evidence_files(commune_a, [SimpleUploadedFile("a.png", png())], activity=activity)
        key = f"evidence/{evidence.storage_name}"
        services.delete_activity(activity)
        services.purge_deleted_activities(commune_a)  # deleted today: restorable, its file stays
        assert key in bucket.keys()
        services.restore_activity(activity)
    assert client_for(officer_a).get(f"/hoat-dong/minh-chung/{evidence.pk}/").status_code == 200

    orphan = f"evidence/{commune_a.pk}/ff/{'f' * 64}.pdf"  # left by a worker killed before its commit
    bucket.client.put_object(Bucket=bucket.name, Key=orphan, Body=b"%PDF-1.4 orphan")
    assert services.remove_orphan_files()["evidence_files"] == 0  # not a day old yet
    later = timezone.now() + timedelta(days=2)
    assert services.remove_orphan_files(now=later)["evidence_files"] == 1
    assert orphan not in bucket.keys() and key in bucket.keys()  # the referenced file is kept

    with commune_scope(commune_a):
        services.delete_activity(activity)
        services.purge_deleted_activities(commune_a, now=timezone.now() + timedelta(days=31))
    assert bucket.keys("evidence/") == []


@pytest.mark.django_db
def test_a_residents_attachment_is_in_the_bucket_and_erasure_removes_it(
        bucket, commune_a, officer_a, django_capture_on_commit_callbacks):
    from tuyentruyen.engagement import services
    from tuyentruyen.engagement.models import FeedbackAttachment
    from tuyentruyen.engagement.uploads import JudgedFile

    data = b"%PDF-1.4 giay hen tra ket qua"
    with commune_scope(commune_a):
        feedback = services.submit_feedback(
            commune_a, category="procedure", title="Hồ sơ bị trả lại", content="Hồ sơ của tôi bị trả lại hai lần.",
            contact={"full_name": "Trần Thị Bình", "phone": "0912000111"},
            attachments=[("giay-hen.pdf", data, JudgedFile("application/pdf", "pdf"))])
        attachment = FeedbackAttachment.objects.get(feedback=feedback)
    assert bucket.keys() == [attachment.path] and bucket.read(attachment.path) == data
    response = client_for(officer_a).get(f"/phan-anh-kien-nghi/{feedback.pk}/tep/{attachment.pk}/")
    assert response.status_code == 200 and body(response) == data

    with django_capture_on_commit_callbacks(execute=True):
        client_for(officer_a).post(f"/phan-anh-kien-nghi/{feedback.pk}/xoa-thong-tin-ca-nhan/")
    assert bucket.keys() == []


@pytest.mark.django_db
def test_bulletin_audio_is_written_by_the_worker_and_served_in_ranges(bucket, commune_a, officer_a, settings):
    from tuyentruyen.portal import services
    from tuyentruyen.portal.models import AudioStatus
    from tuyentruyen.portal.tasks import render_bulletin_audio

    settings.TTS_ENGINE = "tuyentruyen.portal.tests.test_radio.SilentEngine"
    with commune_scope(commune_a):
        bulletin = services.create_bulletin(commune_a, officer_a, title="Bản tin CCHC tuần này", channel="radio")
        services.update_bulletin(bulletin, title=bulletin.title, channel="radio", slot=None, air_date=None,
                                 intro="Xã thông báo lịch tiếp công dân.", outro="", items=[], is_public=True)
    assert render_bulletin_audio.call(bulletin.pk) == AudioStatus.READY
    with commune_scope(commune_a):
        bulletin.refresh_from_db()
    assert bucket.keys() == [bulletin.audio] and bulletin.audio.startswith(f"portal/{commune_a.pk}/bulletins/")
    whole = Client().get(f"/{commune_a.slug}/phat-thanh/{bulletin.pk}/am-thanh")
    audio = bucket.read(bulletin.audio)
    assert whole.status_code == 200 and body(whole) == audio
    part = Client().get(f"/{commune_a.slug}/phat-thanh/{bulletin.pk}/am-thanh", HTTP_RANGE="bytes=0-99")
    assert part.status_code == 206 and body(part) == audio[:100]
    with commune_scope(commune_a):
        _, package = services.bulletin_package(bulletin)  # the ZIP for the loudspeaker system
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert archive.read(bulletin.audio.rsplit("/", 1)[-1]) == audio


@pytest.mark.django_db
def test_article_pictures_are_in_the_bucket_and_deleting_one_removes_its_renditions(
        bucket, commune_a, officer_a, django_capture_on_commit_callbacks):
    from tuyentruyen.portal import services

    with commune_scope(commune_a):
        article = services.create_article(commune_a, officer_a, title="Dịch vụ công trực tuyến toàn trình",
                                          summary="Hướng dẫn nộp hồ sơ trực tuyến.")
        picture = services.add_picture(article, officer_a, png(size=(1600, 900)), "Cán bộ hướng dẫn người dân")
    keys = bucket.keys()
    assert len(keys) == 4 and all(key.startswith(f"portal/{commune_a.pk}/{picture.token}/") for key in keys)
    response = client_for(officer_a).get(f"/{commune_a.slug}/tin-tuc/anh/{picture.pk}/480.jpg")
    assert response.status_code == 200 and body(response) == bucket.read(picture.small_jpeg)
    with commune_scope(commune_a), django_capture_on_commit_callbacks(execute=True):
        services.delete_picture(picture, officer_a)
    assert bucket.keys() == []


@pytest.mark.django_db
def test_an_xlsx_import_waits_in_the_bucket_for_whichever_worker_takes_it(bucket, plan_a, commune_a, officer_a):
    from tuyentruyen.work.models import Activity, ImportJob, ImportStatus
    from tuyentruyen.work.tasks import import_xlsx
    from tuyentruyen.work.tests.test_xlsx import row, sheet

    commune_a.settings = {"xlsx_background_rows": 3}
    commune_a.save()
    rows = [row(title=f"Phát thanh CCHC số {n}") for n in range(8)]
    response = client_for(officer_a).post("/hoat-dong/excel/nhap/", {"file": sheet(rows)})
    assert response.status_code == 302 and "/lan-nhap/" in response["Location"]
    with commune_scope(commune_a):
        job = ImportJob.objects.get()
    assert bucket.keys("imports/") == [f"imports/{job.storage_name}"]  # any worker on any machine reads it

    import_xlsx.call(job.pk)
    with commune_scope(commune_a):
        job.refresh_from_db()
        assert job.status == ImportStatus.DONE and Activity.objects.count() == 8
    assert bucket.keys("imports/") == []  # the uploaded file went with the job


@pytest.mark.django_db(transaction=True)  # the database copy reads through a connection of its own
def test_backups_are_kept_in_the_bucket_listed_and_checked_from_it(bucket, commune_a, capsys):
    from tuyentruyen.backups.archive import fetched, list_backups, make_backup, verify_backup

    default_storage.save("portal/1/ghi-chu.txt", ContentFile("Tệp của cổng thông tin".encode()))
    name = make_backup()
    assert bucket.keys("backups/") == [f"backups/{name}", f"backups/{name}.sha256"]
    [listed] = list_backups()
    assert listed["name"] == name and listed["checksum"] and listed["size"] > 0
    with fetched(name) as archive:
        manifest = verify_backup(archive)
    assert "portal/1/ghi-chu.txt" in manifest["files"] and not any(f.startswith("backups/") for f in manifest["files"])

    later = make_backup(now=timezone.now() + timedelta(seconds=5))  # the first archive is in the bucket now
    with fetched(later) as archive:
        assert not any(f.startswith("backups/") for f in verify_backup(archive)["files"])  # archives are not media
    assert [entry["name"] for entry in list_backups()] == [later, name]

    call_command("backup", "--list")
    assert name in capsys.readouterr().out
    call_command("restore", name, "--check")  # a name in the bucket, fetched and verified
    assert "Bản sao lưu còn nguyên vẹn" in capsys.readouterr().out
    default_storage.delete("portal/1/ghi-chu.txt")


def test_a_readiness_probe_sees_the_bucket_answer(bucket, settings):
    assert stored.reachable(stored_default())
    settings.STORAGES = {**settings.STORAGES, "default": {**settings.STORAGES["default"], "OPTIONS": {
        **settings.STORAGES["default"]["OPTIONS"], "bucket_name": "khong-co-kho-nay"}}}
    assert not stored.reachable(stored_default())  # the server answers, the bucket is not there


@pytest.mark.django_db
def test_a_store_that_refuses_the_write_gets_a_vietnamese_message_and_nothing_is_saved(
        bucket, settings, plan_a, commune_a, officer_a):
    from tuyentruyen.engagement import services as engagement
    from tuyentruyen.engagement.models import Feedback
    from tuyentruyen.engagement.uploads import JudgedFile
    from tuyentruyen.work import services as work
    from tuyentruyen.work.evidence import EvidenceError
    from tuyentruyen.work.models import Evidence

    settings.STORAGES = {**settings.STORAGES, "default": {**settings.STORAGES["default"], "OPTIONS": {
        **settings.STORAGES["default"]["OPTIONS"], "bucket_name": "kho-da-bi-xoa"}}}
    with commune_scope(commune_a):
        activity = work.record_activity(commune_a, kind_code="banner", title="Băng rôn", date=date(2025, 8, 1),
                                        user=officer_a)
        with pytest.raises(EvidenceError, match="Kho lưu tệp của máy chủ tạm thời không trả lời"):
            work.add_evidence_files(commune_a, [SimpleUploadedFile("a.png", png())], activity=activity)
        assert not Evidence.objects.exists()
        with pytest.raises(engagement.EngagementError, match="Kho lưu tệp đính kèm tạm thời không trả lời"):
            engagement.submit_feedback(commune_a, category="procedure", title="Hồ sơ", content="Nội dung phản ánh.",
                                       attachments=[("a.pdf", b"%PDF-1.4 x", JudgedFile("application/pdf", "pdf"))])
        assert not Feedback.objects.exists()


def test_the_storage_walk_lists_every_key_once_with_its_size(bucket):
    for name in ("a/1.txt", "a/b/2.txt", "a/b/c/3.txt", "z.txt"):
        default_storage.save(name, ContentFile(name.encode()))
    walked = {item.name: item.size for item in stored.walk(stored_default(), "a")}
    assert walked == {"a/1.txt": 7, "a/b/2.txt": 9, "a/b/c/3.txt": 11}
    swept = stored.sweep_unreferenced(stored_default(), "a", {"1.txt"},
                                      modified_before=timezone.now() + timedelta(seconds=2))
    assert swept == (2, 20)
    assert bucket.keys() == ["a/1.txt", "z.txt"]
