import io
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tuyentruyen.conftest import client_for
from tuyentruyen.lib.files import sniff_content_type
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.work import services
from tuyentruyen.work.evidence import EvidenceError, open_stored
from tuyentruyen.work.models import Evidence

from .factories import activity, is_stored, stored_bytes

pytestmark = pytest.mark.django_db


def png_bytes(color=(200, 30, 30), size=(800, 600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.parametrize(("head", "expected"), [
    (b"\xff\xd8\xff\xe0" + b"0" * 20, "image/jpeg"),
    (b"%PDF-1.7\n", "application/pdf"),
    (b"ID3\x03\x00", "audio/mpeg"),
    (b"\x00\x00\x00\x18ftypmp42", "video/mp4"),
    (b"MZ\x90\x00", None),
    (b"<html><script>", None),
])
def test_type_is_judged_by_content(head, expected):
    assert sniff_content_type(head) == expected


def test_docx_is_recognised_inside_the_zip():
    data = docx_bytes()
    assert sniff_content_type(data[:64], io.BytesIO(data)).endswith("wordprocessingml.document")


def test_files_are_stored_by_hash_once_with_thumbnails(scope_a):
    a, b = activity(scope_a), activity(scope_a, title="Khác")
    data = png_bytes()
    [first] = services.add_evidence_files(scope_a, [SimpleUploadedFile("IMG_1.png", data)], activity=a)
    [second] = services.add_evidence_files(scope_a, [SimpleUploadedFile("khac-ten.jpg", data)], activity=b)
    assert first.storage_name == second.storage_name and first.sha256 in first.storage_name
    assert first.content_type == "image/png"  # the name said .jpg for the second; content decides
    assert stored_bytes(first.storage_name) == data
    with open_stored(first.thumbnail_name) as handle, Image.open(handle) as thumb:
        assert max(thumb.size) <= 320
    assert services.evidence_used_bytes(scope_a) == len(data)


def test_forbidden_type_is_refused(scope_a):
    a = activity(scope_a)
    with pytest.raises(EvidenceError, match="không phải loại được nhận"):
        services.add_evidence_files(scope_a, [SimpleUploadedFile("virus.jpg", b"MZ\x90\x00" + b"x" * 100)],
                                    activity=a)
    assert not Evidence.objects.exists()


def test_size_limit_and_quota_come_from_the_commune(scope_a):
    a = activity(scope_a)
    scope_a.settings = {"evidence_max_mb": 0}
    with pytest.raises(EvidenceError, match="vượt giới hạn 0 MB"):
        services.add_evidence_files(scope_a, [SimpleUploadedFile("a.png", png_bytes())], activity=a)
    scope_a.settings = {"evidence_quota_mb": 0}
    with pytest.raises(EvidenceError, match="Không đủ dung lượng"):
        services.add_evidence_files(scope_a, [SimpleUploadedFile("a.png", png_bytes())], activity=a)
    assert not Evidence.objects.exists()


def test_one_bad_file_refuses_the_batch(scope_a):
    a = activity(scope_a)
    files = [SimpleUploadedFile("a.png", png_bytes()), SimpleUploadedFile("b.exe", b"MZ" + b"0" * 64)]
    with pytest.raises(EvidenceError):
        services.add_evidence_files(scope_a, files, activity=a)
    assert not Evidence.objects.exists()


def _evidence(commune, **activity_kwargs):
    with commune_scope(commune):
        a = activity(commune, **activity_kwargs)
        return services.add_evidence_files(commune, [SimpleUploadedFile("a.png", png_bytes())], activity=a)[0]


def test_served_only_to_those_who_see_the_activity(commune_a, officer_a, staff_a, other_staff_a):
    from tuyentruyen.conftest import unit_of

    evidence = _evidence(commune_a, unit=unit_of(commune_a, "media_center"))
    url = f"/hoat-dong/minh-chung/{evidence.pk}/"
    response = client_for(staff_a).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content)[:4] == b"\x89PNG"
    assert client_for(officer_a).get(url + "anh-nho/").status_code == 200
    assert client_for(other_staff_a).get(url).status_code == 403
    from django.test import Client

    assert Client().get(url).status_code == 404


def test_public_evidence_of_a_public_activity_is_public(commune_a):
    from django.test import Client

    evidence = _evidence(commune_a, is_public=True)
    url = f"/hoat-dong/minh-chung/{evidence.pk}/"
    assert Client().get(url).status_code == 404  # the activity is public, the file not yet
    with commune_scope(commune_a):
        services.set_evidence_public(evidence, True)
    assert Client().get(url).status_code == 200


def test_deleted_activity_keeps_its_files_until_purged(commune_a, officer_a):
    from datetime import timedelta

    from django.utils import timezone

    evidence = _evidence(commune_a)
    name = evidence.storage_name
    with commune_scope(commune_a):
        services.delete_activity(evidence.activity)
        services.purge_deleted_activities(commune_a)
        assert is_stored(name)
        services.restore_activity(evidence.activity)
        services.delete_activity(evidence.activity)
        services.purge_deleted_activities(commune_a, now=timezone.now() + timedelta(days=31))
    assert not is_stored(name)


def test_a_file_shared_by_two_activities_survives_one_purge(commune_a):
    from datetime import timedelta

    from django.utils import timezone

    data = png_bytes()
    with commune_scope(commune_a):
        a, b = activity(commune_a), activity(commune_a, title="B")
        [ea] = services.add_evidence_files(commune_a, [SimpleUploadedFile("a.png", data)], activity=a)
        services.add_evidence_files(commune_a, [SimpleUploadedFile("b.png", data)], activity=b)
        services.delete_activity(a)
        services.purge_deleted_activities(commune_a, now=timezone.now() + timedelta(days=31))
    assert is_stored(ea.storage_name)


def test_upload_through_the_page_refuses_a_forbidden_type(commune_a, officer_a):
    with commune_scope(commune_a):
        a = activity(commune_a, date=date(2025, 8, 1))
    response = client_for(officer_a).post(f"/hoat-dong/{a.pk}/minh-chung/",
                                          {"files": SimpleUploadedFile("x.pdf", b"not a pdf at all")}, follow=True)
    assert "không phải loại được nhận" in response.content.decode()
    with commune_scope(commune_a):
        assert not Evidence.objects.exists()


def test_removing_evidence_asks_first(scope_a, officer_a):
    from tuyentruyen.conftest import client_for
    from tuyentruyen.work.models import Evidence, EvidenceKind

    from .factories import activity as make_activity

    activity = make_activity(scope_a, links=["https://xa.gov.vn/tin-cchc"])
    evidence = Evidence.objects.get(activity=activity, kind=EvidenceKind.LINK)
    client = client_for(officer_a)
    detail = client.get(f"/hoat-dong/{activity.pk}/").content.decode()
    assert f'href="/hoat-dong/minh-chung/{evidence.pk}/go/"' in detail  # a link to the question, not a delete
    asked = client.get(f"/hoat-dong/minh-chung/{evidence.pk}/go/")
    page = asked.content.decode()
    assert asked.status_code == 200 and "Gỡ minh chứng?" in page and "https://xa.gov.vn/tin-cchc" in page
    assert "Không gỡ, quay lại" in page and f'href="/hoat-dong/{activity.pk}/"' in page
    assert client.post(f"/hoat-dong/minh-chung/{evidence.pk}/go/").status_code == 200  # a bare post only asks
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    done = client.post(f"/hoat-dong/minh-chung/{evidence.pk}/go/", {"xac_nhan": "go"})
    assert done.status_code == 302 and done["Location"] == f"/hoat-dong/{activity.pk}/"
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
