"""The registry of cited documents is national: shared rows for everyone, a commune's own rows for it only."""

import pytest
from django.contrib.auth import get_user_model

from tuyentruyen.conftest import SECRET_B, client_for
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.plans import services
from tuyentruyen.plans.models import LegalDocument

pytestmark = pytest.mark.django_db

INTERNAL_B = {"type": "Quyết định", "number": "77/QĐ-UBND", "date": "2025-08-01",
              "issuer": "UBND xã", "title": f"về việc nội bộ {SECRET_B}"}


def _cite(commune, citation, demo_document):
    document = dict(demo_document, legal_bases=[*demo_document["legal_bases"], citation])
    with commune_scope(commune):
        return services.create_plan(commune=commune, document=document)


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("hethong", "ht@example.vn", "x")


def test_another_communes_internal_document_is_not_offered_nor_citable(plan_a, officer_a, commune_b, demo_document):
    _cite(commune_b, INTERNAL_B, demo_document)
    internal = LegalDocument.objects.get(number="77/QĐ-UBND")
    assert internal.owner_commune_id == commune_b.pk and not internal.shared
    client = client_for(officer_a)
    page = client.get(f"/ke-hoach/{plan_a.pk}/sua/legal_bases/")
    assert page.status_code == 200 and SECRET_B not in page.content.decode()
    assert 'name="legal_document"' in page.content.decode()  # the registry is offered, without B's row
    response = client.post(f"/ke-hoach/{plan_a.pk}/sua/can-cu-tu-danh-muc/",
                           {"legal_document": internal.pk, "version": 1})
    assert response.status_code == 404
    with commune_scope(plan_a.commune):
        assert SECRET_B not in str(services.current_revision(plan_a).document)


def test_a_communes_citation_never_changes_a_shared_document(commune_a, demo_document):
    shared = LegalDocument.objects.create(key="quyết định|99/QĐ-TTG", doc_type="Quyết định", number="99/QĐ-TTg",
                                          shared=True)
    _cite(commune_a, {"type": "Quyết định", "number": "99/QĐ-TTg", "date": "2024-01-02", "issuer": "Thủ tướng",
                      "title": "trích yếu do xã gõ"}, demo_document)
    shared.refresh_from_db()
    assert shared.title == "" and shared.issuer == "" and shared.date is None
    assert shared.citations.with_scopes_disabled().count() == 1  # cited, not copied
    assert not LegalDocument.objects.filter(key="quyết định|99/QĐ-TTG", shared=False).exists()


def test_a_system_admin_shares_a_document_and_every_commune_then_sees_it(commune_a, commune_b, officer_a, plan_a,
                                                                         demo_document, superuser):
    _cite(commune_b, INTERNAL_B, demo_document)
    _cite(commune_a, dict(INTERNAL_B, title="bản của xã A"), demo_document)
    own_b = LegalDocument.objects.get(number="77/QĐ-UBND", owner_commune=commune_b)
    with pytest.raises(services.PlanError):
        services.share_legal_document(own_b, user=officer_a)
    shared = services.share_legal_document(own_b, user=superuser)
    assert shared.shared
    own_a = LegalDocument.objects.get(number="77/QĐ-UBND", owner_commune=commune_a, shared=False)
    merged = services.share_legal_document(own_a, user=superuser)
    assert merged.pk == shared.pk and not LegalDocument.objects.filter(pk=own_a.pk).exists()
    assert merged.citations.with_scopes_disabled().count() == 2
    page = client_for(officer_a).get(f"/ke-hoach/{plan_a.pk}/sua/legal_bases/").content.decode()
    assert SECRET_B in page  # shared now: the national registry offers it


@pytest.mark.django_db(transaction=True)
def test_existing_documents_stay_shared_after_the_migration():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("plans", "0002_topics")])
    old_apps = executor.loader.project_state([("plans", "0002_topics")]).apps
    old_apps.get_model("plans", "LegalDocument").objects.create(key="luật|1/2025/qh15", doc_type="Luật")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert LegalDocument.objects.get(key="luật|1/2025/qh15").shared


def test_the_admin_action_shares_a_communes_document(commune_b, demo_document, superuser):
    _cite(commune_b, INTERNAL_B, demo_document)
    internal = LegalDocument.objects.get(number="77/QĐ-UBND")
    response = client_for(superuser).post("/quan-tri/plans/legaldocument/", {
        "action": "share", "_selected_action": [internal.pk]})
    assert response.status_code == 302
    internal.refresh_from_db()
    assert internal.shared
