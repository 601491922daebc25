"""The list of plans says each plan's number and status; a derived plan names its source once."""

from datetime import date

import pytest

from tuyentruyen.conftest import client_for
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.plans import services

pytestmark = pytest.mark.django_db


def test_the_list_shows_number_and_status(plan_a, officer_a, django_assert_max_num_queries):
    leader = officer_a  # the services do not check roles (the views do)
    with commune_scope(plan_a.commune):
        revision = services.current_revision(plan_a)
        for action in ("submit", "approve"):
            revision = services.transition(revision, action, user=leader)
        services.transition(revision, "issue", user=leader, number="17/KH-UBND", issued_on=date(2026, 1, 5))
        draft = services.create_plan(commune=plan_a.commune, user=officer_a,
                                     document={**services.current_revision(plan_a).document, "title": "Bản nháp mới",
                                               "number": None})
    client = client_for(officer_a)
    with django_assert_max_num_queries(20):
        page = client.get("/ke-hoach/").content.decode()
    assert "17/KH-UBND" in page and "Đã ban hành" in page
    row = page[page.index(draft.title) - 300:page.index(draft.title) + 300]
    assert "Dự thảo" in row


def test_a_derived_plan_says_where_it_came_from_once(plan_a, officer_a):
    with commune_scope(plan_a.commune):
        revision = services.current_revision(plan_a)
        for action in ("submit", "approve"):
            revision = services.transition(revision, action, user=officer_a)
        services.transition(revision, "issue", user=officer_a, number="18/KH-UBND", issued_on=date(2026, 1, 5))
        derived = services.derive_plan(plan_a, commune=plan_a.commune, user=officer_a)
    page = client_for(officer_a).get(f"/ke-hoach/{derived.pk}/").content.decode()
    assert page.count("Lập từ") == 1 and "Nguồn: Lập từ" not in page and derived.source_name == ""
