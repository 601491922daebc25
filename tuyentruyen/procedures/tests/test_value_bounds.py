"""Random dates and text through the catalogue's JSON import: a catalogue within bounds, or a refusal
naming the procedure, with nothing saved."""

import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuyentruyen.lib import bounds
from tuyentruyen.procedures.importer import CatalogueImportError, parse_catalogue
from tuyentruyen.procedures.models import Procedure, ProcedureChange
from tuyentruyen.procedures.services import import_catalogue
from tuyentruyen.tests.values import ISO_DATE, PROPERTY, rolled_back

pytestmark = pytest.mark.django_db


@PROPERTY
@given(status_date=st.one_of(ISO_DATE, st.sampled_from(["31/12/9999", "01/01/1900", "1/1/1990"])),
       name=st.text(min_size=1, max_size=40))
def test_json_import_within_bounds_or_refused(status_date, name):
    records = [{"code": "9.000001", "name": f"Thủ tục {name}", "status": "abolished", "status_date": status_date}]

    def check():
        try:
            parsed = parse_catalogue(json.dumps(records).encode(), "danh-muc.json")
        except CatalogueImportError as exc:
            assert exc.errors and all("Thủ tục thứ 1" in e for e in exc.errors)
            assert not Procedure.objects.exists()
            return
        import_catalogue(parsed.records, source="thử")
        for procedure in Procedure.objects.all():
            assert bounds.LEGAL_DATE.contains(procedure.status_date)
            assert unicodedata.is_normalized("NFC", procedure.name) and "\u200b" not in procedure.name
        assert all(bounds.LEGAL_DATE.contains(c.changed_on) for c in ProcedureChange.objects.all())

    rolled_back(check)


def test_a_status_date_in_year_9999_is_refused_with_its_procedure():
    records = [{"code": "9.000001", "name": "Thủ tục thử", "status": "abolished", "status_date": "9999-12-31"}]
    with pytest.raises(CatalogueImportError) as refused:
        parse_catalogue(json.dumps(records).encode(), "danh-muc.json")
    assert "ngày đổi tình trạng (status_date) 31/12/9999: phải từ 02/09/1945" in refused.value.errors[0]
