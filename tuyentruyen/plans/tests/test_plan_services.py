from datetime import date

import pytest

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.plans import services
from tuyentruyen.plans.models import LegalDocument, PlanRevision, PlanTopic
from tuyentruyen.plans.signals import plan_issued


def latest(plan):
    return services.current_revision(plan)


@pytest.mark.django_db
def test_citations_land_in_each_communes_own_registry_until_shared(commune_a, commune_b, demo_document):
    with commune_scope(commune_a):
        services.create_plan(commune=commune_a, document=demo_document)
    with commune_scope(commune_b):
        services.create_plan(commune=commune_b, document=demo_document)
    own = LegalDocument.objects.filter(key="nghị quyết|76/NQ-CP")
    assert sorted(own.values_list("owner_commune_id", "shared")) == sorted(
        [(commune_a.pk, False), (commune_b.pk, False)])
    assert all(d.citations.with_scopes_disabled().count() == 1 for d in own)
    assert own.first().date.isoformat() == "2021-07-15"


@pytest.mark.django_db
def test_units_are_linked_by_name(plan_a, commune_a):
    with commune_scope(commune_a):
        links = latest(plan_a).unit_links
        from tuyentruyen.localities.models import Unit

        culture = Unit.objects.get(kind="culture_social").pk
    assert links["responsibilities"][0] == culture
    assert any(culture in t["lead"] for t in links["tasks"])


@pytest.mark.django_db
def test_a_stale_save_is_refused(plan_a, commune_a, demo_document):
    with commune_scope(commune_a):
        revision = latest(plan_a)
        first = dict(demo_document, title="Bản của người thứ nhất")
        services.save_document(revision, first, expected_version=revision.version)
        with pytest.raises(services.EditConflict, match="người khác"):
            services.save_document(revision, dict(demo_document, title="Bản thứ hai"), expected_version=revision.version)
        assert latest(plan_a).document["title"] == "Bản của người thứ nhất"


@pytest.mark.django_db
def test_an_invalid_document_is_refused_and_nothing_changes(plan_a, commune_a, demo_document):
    with commune_scope(commune_a):
        revision = latest(plan_a)
        with pytest.raises(services.PlanError, match="không hợp lệ"):
            services.save_document(revision, dict(demo_document, topics=[{"text": 3}]), expected_version=revision.version)
        revision.refresh_from_db()
        assert len(revision.document["topics"]) == len(demo_document["topics"])


@pytest.mark.django_db
def test_the_workflow_to_issue_and_after(plan_a, commune_a, officer_a):
    received = []
    plan_issued.connect(lambda sender, revision, **kw: received.append(revision.pk), weak=False, dispatch_uid="t")
    try:
        with commune_scope(commune_a):
            revision = latest(plan_a)
            with pytest.raises(services.PlanError):
                services.transition(revision, "issue")
            for action in ("submit", "approve"):
                services.transition(revision, action, user=officer_a)
            issued = services.transition(revision, "issue", number="15", issued_on=__import__("datetime").date(2026, 2, 5))
            assert issued.status == "issued" and issued.document["number"] == "15"
            assert issued.document["date"] == "2026-02-05"
            assert received == [issued.pk]
            assert PlanTopic.objects.filter(revision=issued).count() == len(issued.document["topics"])
            assert [t.text for t in services.issued_topics(plan_a)][0] == issued.document["topics"][0]["text"]
            with pytest.raises(services.PlanError, match="bản sửa đổi"):
                services.save_document(issued, issued.document, expected_version=issued.version)
            second = services.start_new_revision(plan_a)
            assert second.number == 2 and second.status == "draft"
            services.save_document(second, dict(second.document, title="Sửa đổi"), expected_version=second.version)
            assert PlanRevision.objects.get(pk=issued.pk).document["title"] != "Sửa đổi"
    finally:
        plan_issued.disconnect(dispatch_uid="t")


@pytest.mark.django_db
def test_derive_next_period_keeps_a_link(plan_a, commune_a):
    with commune_scope(commune_a):
        derived = services.derive_plan(plan_a, commune=commune_a)
        assert derived.derived_from == plan_a
        assert derived.period_label == "năm 2027"
        assert latest(derived).status == "draft"


@pytest.mark.django_db
def test_derive_from_the_province_plan(commune_a, province, demo_document):
    plan = services.create_plan(province=province, document=demo_document)
    assert plan.commune is None
    with commune_scope(commune_a):
        assert list(services.province_plans_for(commune_a)) == []  # a province's draft is not the communes'
    revision = services.current_revision(plan)
    for action in ("submit", "approve"):
        revision = services.transition(revision, action)
    services.transition(revision, "issue", number="05/KH-UBND", issued_on=date(2026, 1, 5))
    with commune_scope(commune_a):
        assert list(services.province_plans_for(commune_a)) == [plan]
        derived = services.derive_plan(plan, commune=commune_a)
        document = latest(derived).document
    assert document["issuer"] == "Ủy ban nhân dân xã An Hòa"
    assert document["period"] == demo_document["period"]
