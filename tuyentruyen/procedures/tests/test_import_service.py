"""Importing into the shared catalogue: in place, all or nothing, with a change log and legal-basis links."""

import json
from datetime import date

import pytest

from tuyentruyen.plans.models import LegalDocument
from tuyentruyen.procedures.importer import parse_catalogue
from tuyentruyen.procedures.models import ChangeKind, Procedure, ProcedureChange, Publication
from tuyentruyen.procedures.services import import_catalogue

from .tables import BIRTH, GARDEN, MARRIAGE, docx_annex, xlsx_annex


def _import(data: bytes, **kwargs):
    parsed = parse_catalogue(data)
    return import_catalogue(parsed.records, source="test", partial=parsed.partial, **kwargs)


@pytest.mark.django_db
def test_demo_catalogue_loads_with_legal_bases_in_the_registry(demo_catalogue):
    assert Procedure.objects.count() == 47 and len(demo_catalogue.created) == 47
    birth = Procedure.objects.get(code="1.001193")
    documents = {row.legal_document.number for row in birth.legal_basis_rows.all() if row.legal_document}
    assert {"60/2014/QH13", "123/2015/NĐ-CP"} <= documents
    assert LegalDocument.objects.filter(number="123/2015/NĐ-CP").count() == 1  # shared, registered once
    assert ProcedureChange.objects.filter(kind=ChangeKind.NEW).count() == 47


@pytest.mark.django_db
def test_reimport_updates_in_place_and_records_what_changed(demo_catalogue):
    records = json.loads(parse_catalogue_bytes())
    records[0]["processing_time"] = "03 ngày làm việc"
    records[0]["fees"] = "10.000 đồng"
    records[1]["status"] = "abolished"
    summary = import_catalogue(parse_catalogue(json.dumps(records).encode()).records, source="lần 2",
                               changed_on=date(2026, 1, 15))
    assert len(summary.updated) == 2 and len(summary.unchanged) == 45 and not summary.created
    assert Procedure.objects.count() == 47
    change = ProcedureChange.objects.get(procedure__code=records[0]["code"], kind=ChangeKind.AMENDED)
    assert sorted(change.changed_fields) == ["fees", "processing_time"] and change.changed_on == date(2026, 1, 15)
    abolished = ProcedureChange.objects.get(procedure__code=records[1]["code"], kind=ChangeKind.ABOLISHED)
    assert (abolished.old_status, abolished.new_status) == ("in_force", "abolished")
    assert Procedure.objects.get(code=records[1]["code"]).status_date == date(2026, 1, 15)
    # the same file again changes nothing
    again = import_catalogue(parse_catalogue(json.dumps(records).encode()).records, source="lần 3")
    assert len(again.unchanged) == 47 and ProcedureChange.objects.count() == 47 + 2


def parse_catalogue_bytes() -> bytes:
    from tuyentruyen.procedures.management.commands.load_procedures import DEMO_CATALOGUE

    return DEMO_CATALOGUE.read_bytes()


@pytest.mark.django_db
def test_a_table_updates_only_its_columns_and_matches_by_name(demo_catalogue):
    steps_before = Procedure.objects.get(code="1.001193").steps
    _import(xlsx_annex([("I. Lĩnh vực Hộ tịch", [BIRTH])]))
    birth = Procedure.objects.get(code="1.001193")
    assert birth.processing_time == "Ngay trong ngày" and birth.steps == steps_before
    assert birth.submission["counter"] == "Bộ phận Một cửa UBND xã" and birth.submission["online"]  # kept
    change = birth.changes.get(kind=ChangeKind.AMENDED)
    assert "processing_time" in change.changed_fields and "steps" not in change.changed_fields


@pytest.mark.django_db
def test_new_procedures_without_a_code_get_a_stable_one_and_a_replacement_is_recorded(commune_a):
    _import(docx_annex([("I. Lĩnh vực Nông nghiệp", [GARDEN])]), publish_to=commune_a)
    garden = Procedure.objects.get(name=GARDEN[1])
    assert garden.code.startswith("TT-THU-TUC-THU-NGHIEM") and garden.field == "Nông nghiệp"
    assert Publication.objects.with_scopes_disabled().filter(commune=commune_a, procedure=garden).exists()
    records = [{"code": "9.000001", "name": "Thủ tục vườn cây mới"},
               {"code": garden.code, "name": garden.name, "replaced_by": "9.000001"}]
    import_catalogue(parse_catalogue(json.dumps(records).encode()).records, source="thay thế")
    garden.refresh_from_db()
    assert garden.status == "replaced" and garden.replaced_by.code == "9.000001"
    assert garden.changes.filter(kind=ChangeKind.REPLACED).exists()


@pytest.mark.django_db
def test_an_abolished_table_abolishes_and_a_dry_run_saves_nothing(demo_catalogue):
    data = docx_annex([("Lĩnh vực Hộ tịch", [MARRIAGE])], heading="DANH MỤC THỦ TỤC HÀNH CHÍNH BỊ BÃI BỎ")
    preview = _import(data, dry_run=True)
    assert preview.dry_run and preview.status_changes and Procedure.objects.get(name="Đăng ký kết hôn").status == "in_force"
    _import(data)
    assert Procedure.objects.get(name="Đăng ký kết hôn").status == "abolished"
