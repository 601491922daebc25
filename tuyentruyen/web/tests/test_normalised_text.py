"""Text at the boundary: typed, uploaded or imported text is stored NFC without invisible control
characters, and ``normalise_text`` brings what was stored before to the same form."""

import io
import unicodedata
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook

from tuyentruyen.conftest import client_for, unit_of
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.localities.models import Unit
from tuyentruyen.work import services, xlsx
from tuyentruyen.work.models import Activity
from tuyentruyen.work.tests.factories import activity, issued_plan
from tuyentruyen.work.tests.test_evidence import png_bytes

pytestmark = pytest.mark.django_db


def nfd(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    return decomposed


def test_a_title_typed_in_nfd_is_stored_nfc_and_found_by_an_nfc_search(commune_a, officer_a):
    with commune_scope(commune_a):
        kind = services.get_kind(commune_a, "banner")
    client = client_for(officer_a)
    client.post("/hoat-dong/them/", {"kind": kind.pk, "date": "2025-08-05",
                                     "title": nfd("Tuyên truyền dịch vụ công") + "\u200b\u202e"})
    with commune_scope(commune_a):
        assert Activity.objects.get().title == "Tuyên truyền dịch vụ công"
    assert "Tuyên truyền dịch vụ công" in client.get("/hoat-dong/?q=dịch+vụ+công").content.decode()


def test_a_unit_name_in_nfd_is_found_by_the_importer(commune_a, officer_a):
    with commune_scope(commune_a):
        issued_plan(commune_a, officer_a)
    wb = Workbook()
    ws = wb.active
    ws.append([c.label for c in xlsx.ACTIVITY_COLUMNS])
    values = {"date": date(2025, 8, 1), "unit": nfd("Trung tâm Dịch vụ sự nghiệp công"),
              "kind": nfd("Phát thanh trên đài truyền thanh"), "title": "Phát thanh", "is_public": "Không"}
    ws.append([values.get(c.key) for c in xlsx.ACTIVITY_COLUMNS])
    out = io.BytesIO()
    wb.save(out)
    response = client_for(officer_a).post("/hoat-dong/excel/nhap/",
                                          {"file": SimpleUploadedFile("a.xlsx", out.getvalue())})
    assert response.status_code == 302, response.content.decode()[-1500:]
    with commune_scope(commune_a):
        assert Activity.objects.get().unit == unit_of(commune_a, "media_center")


def test_an_uploaded_file_name_loses_its_right_to_left_override(commune_a, officer_a):
    with commune_scope(commune_a):
        recorded = activity(commune_a)
    link = client_for(officer_a).post(f"/hoat-dong/{recorded.pk}/minh-chung/", {
        "files": [SimpleUploadedFile("anh\u202egnp.png", png_bytes())]})
    assert link.status_code == 302
    with commune_scope(commune_a):
        names = [e.original_name for e in recorded.evidence.all()]
    assert names == ["anhgnp.png"]


def test_normalise_text_command_fixes_stored_text(commune_a, capsys):
    with commune_scope(commune_a):
        unit = Unit.objects.first()
        Unit.objects.filter(pk=unit.pk).update(name=nfd("Phòng Văn hóa") + "\u200b")
    call_command("normalise_text", "--dry-run")
    assert "localities.Unit: 1 dòng" in capsys.readouterr().out
    with commune_scope(commune_a):
        assert Unit.objects.get(pk=unit.pk).name != "Phòng Văn hóa"
    call_command("normalise_text")
    with commune_scope(commune_a):
        assert Unit.objects.get(pk=unit.pk).name == "Phòng Văn hóa"
    call_command("normalise_text")
    assert "Tổng cộng 0 dòng" in capsys.readouterr().out.splitlines()[-1]
