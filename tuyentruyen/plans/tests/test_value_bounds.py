"""Random dates in a plan document (what the JSON, DOCX and editor imports all end in): a plan within
bounds or a refusal naming the place in the document, with nothing saved."""

import pytest
from hypothesis import given

from tuyentruyen.lib import bounds
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.plans import services
from tuyentruyen.plans.document import date_bound_errors
from tuyentruyen.plans.models import LegalDocument, Plan
from tuyentruyen.tests.values import ISO_DATE, PROPERTY, rolled_back

pytestmark = pytest.mark.django_db


@PROPERTY
@given(start=ISO_DATE, end=ISO_DATE, cited=ISO_DATE)
def test_plan_dates_within_bounds_or_refused(commune_a, officer_a, demo_document, start, end, cited):
    document = {**demo_document, "period": {**(demo_document.get("period") or {}), "start": start, "end": end}}
    if document.get("legal_bases"):
        document["legal_bases"] = [{**document["legal_bases"][0], "date": cited}, *document["legal_bases"][1:]]

    def check():
        with commune_scope(commune_a):
            try:
                plan = services.create_plan(commune=commune_a, document=document, user=officer_a)
            except services.PlanError as exc:
                assert "ngày" in exc.message or "date" in exc.message
                assert not Plan.objects.exists()
                return
            assert bounds.DATE.contains(plan.period_start) and bounds.DATE.contains(plan.period_end)
            assert all(bounds.LEGAL_DATE.contains(d.date) for d in LegalDocument.objects.all())

    rolled_back(check)


def test_out_of_range_dates_are_named_by_their_place():
    doc = {"period": {"start": "9999-12-31"}, "legal_bases": [{"date": "1992-04-15"}, {"date": "1800-01-01"}]}
    assert date_bound_errors(doc) == [
        "period/start: ngày 31/12/9999: phải từ 01/01/2000 đến 31/12/2100",
        "legal_bases/1/date: ngày 01/01/1800: phải từ 02/09/1945 đến 31/12/2100",
    ]
