"""A province's own plans: the province officer drafts, submits and issues; the leader approves; every
commune of the province hears of it and derives its plan from it; the province sees each commune's plan."""

from datetime import date

import pytest

from tuyentruyen.accounts.models import Role
from tuyentruyen.accounts.services import create_user
from tuyentruyen.conftest import PASSWORD, client_for
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.notifications.models import Notification
from tuyentruyen.plans import access, services
from tuyentruyen.plans.models import Plan, RevisionStatus
from tuyentruyen.plans.tests.conftest import owners_to_all_units

pytestmark = pytest.mark.django_db


def _status(plan):
    return services.current_revision(plan).status


@pytest.fixture
def province_plan(province, province_officer, demo_document):
    document = dict(demo_document, number=None, date=None, issuer=f"Ủy ban nhân dân {province.name}")
    return services.create_plan(province=province, document=document, user=province_officer)


def _issue(plan, officer, leader):
    revision = services.current_revision(plan)
    revision = services.transition(revision, "submit", user=officer)
    revision = services.transition(revision, "approve", user=leader)
    return services.transition(revision, "issue", user=officer, number="12/KH-UBND", issued_on=date(2026, 1, 5))


def test_the_province_officer_submits_the_leader_approves_the_officer_issues(
        province_plan, province_officer, province_leader):
    officer, leader = client_for(province_officer), client_for(province_leader)
    url = f"/ke-hoach/{province_plan.pk}/trang-thai/"
    assert leader.post(url, {"action": "submit"}).status_code == 403
    assert officer.post(url, {"action": "submit"}).status_code == 302
    assert _status(province_plan) == RevisionStatus.SUBMITTED
    assert officer.post(url, {"action": "approve"}).status_code == 403
    assert leader.post(url, {"action": "approve"}).status_code == 302
    assert _status(province_plan) == RevisionStatus.APPROVED
    assert leader.post(url, {"action": "issue", "number": "12/KH-UBND", "issued_on": "2026-01-05"}).status_code == 403
    refused = officer.post(url, {"action": "issue", "number": "", "issued_on": "2026-01-05"})
    assert refused.status_code == 400 and services.NUMBER_MISSING in refused.content.decode()
    assert officer.post(url, {"action": "issue", "number": "12/KH-UBND", "issued_on": "2026-01-05"}).status_code == 302
    assert _status(province_plan) == RevisionStatus.ISSUED
    assert services.plan_number(province_plan) == "12/KH-UBND"


def test_the_detail_page_offers_each_province_role_its_step(province_plan, province_officer, province_leader,
                                                          viewer_province):
    page = client_for(province_officer).get(f"/ke-hoach/{province_plan.pk}/").content.decode()
    assert "Trình lãnh đạo duyệt" in page and "Sửa kế hoạch" in page
    services.transition(services.current_revision(province_plan), "submit", user=province_officer)
    page = client_for(province_leader).get(f"/ke-hoach/{province_plan.pk}/").content.decode()
    assert ">Duyệt<" in page and "Trả lại để sửa" in page and "Sửa kế hoạch" not in page
    page = client_for(viewer_province).get(f"/ke-hoach/{province_plan.pk}/").content.decode()
    assert ">Duyệt<" not in page and "Trình lãnh đạo duyệt" not in page


def test_the_province_officer_edits_the_plan_with_the_same_editor(province_plan, province_officer):
    client = client_for(province_officer)
    revision = services.current_revision(province_plan)
    response = client.post(f"/ke-hoach/{province_plan.pk}/sua/topics/", {
        "action": "add", "version": revision.version, "label": "9", "text": "Nội dung tỉnh bổ sung"})
    assert response.status_code == 302
    assert services.current_revision(province_plan).document["topics"][-1]["text"] == "Nội dung tỉnh bổ sung"


def test_the_province_officer_imports_a_province_plan(province, province_officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tuyentruyen.plans.tests.test_plan_views import DEMO_MD

    client = client_for(province_officer)
    upload = client.post("/ke-hoach/nhap/", {"file": SimpleUploadedFile("ke-hoach-tinh.md", DEMO_MD)})
    assert upload.status_code == 302, upload.content.decode()[:500]
    assert client.get("/ke-hoach/nhap/xem-lai/").status_code == 200
    saved = client.post("/ke-hoach/nhap/xem-lai/", {"action": "save"})
    assert saved.status_code == 302
    plan = Plan.objects.with_scopes_disabled().get(source_name="ke-hoach-tinh.md")
    assert plan.commune_id is None and plan.province_id == province.pk


def test_others_cannot_change_a_province_plan(province_plan, officer_a, officer_other_province, viewer_province):
    url = f"/ke-hoach/{province_plan.pk}/sua/thong-tin-chung/"
    assert client_for(officer_a).get(url).status_code in (403, 404)
    assert client_for(officer_other_province).get(url).status_code == 404
    assert client_for(viewer_province).get(url).status_code == 403
    assert client_for(viewer_province).post(f"/ke-hoach/{province_plan.pk}/trang-thai/",
                                            {"action": "submit"}).status_code == 403
    assert _status(province_plan) == RevisionStatus.DRAFT


def test_a_commune_officer_refused_a_province_plan_is_told_who_edits_it(
        province_plan, province_officer, province_leader, officer_a):
    _issue(province_plan, province_officer, province_leader)
    refused = client_for(officer_a).get(f"/ke-hoach/{province_plan.pk}/sua/thong-tin-chung/")
    assert refused.status_code == 403
    # The 403 page gives the refusal's own reason, worded for a province's plan, not "the commune's officer".
    page = refused.content.decode()
    assert access.PROVINCE_EDIT_DENIED in page and access.EDIT_DENIED not in page


def test_province_users_never_change_a_communes_plan(plan_a, province_officer, province_leader):
    for user in (province_officer, province_leader):
        client = client_for(user)
        assert client.get(f"/ke-hoach/{plan_a.pk}/").status_code == 200
        assert client.get(f"/ke-hoach/{plan_a.pk}/sua/thong-tin-chung/").status_code == 403
        for action in ("submit", "approve", "return"):
            assert client.post(f"/ke-hoach/{plan_a.pk}/trang-thai/", {"action": action}).status_code == 403
        assert not access.can_edit_plan(user, plan_a)
    with commune_scope(plan_a.commune):
        assert _status(plan_a) == RevisionStatus.DRAFT


def test_communes_read_only_the_issued_province_plan(province_plan, province_officer, province_leader, officer_a):
    client = client_for(officer_a)
    assert client.get(f"/ke-hoach/{province_plan.pk}/").status_code == 404  # a draft of the province
    _issue(province_plan, province_officer, province_leader)
    services.start_new_revision(province_plan, user=province_officer)  # the province drafts revision 2
    page = client.get(f"/ke-hoach/{province_plan.pk}/")
    assert page.status_code == 200
    assert page.context["revision"].number == 1 and len(page.context["revisions"]) == 1
    assert client.get(f"/ke-hoach/{province_plan.pk}/ban/2/").status_code == 404
    assert client.get(f"/ke-hoach/{province_plan.pk}/sua/thong-tin-chung/").status_code == 403


def test_issuing_notifies_every_commune_and_offers_the_derive_card(
        province_plan, province_officer, province_leader, officer_a, officer_b, commune_a, staff_a):
    leader_a = create_user("lanhdao_a", PASSWORD, roles=[Role.LEADER], commune=commune_a, full_name="Lãnh đạo A")
    _issue(province_plan, province_officer, province_leader)
    notified = set(Notification.personal.filter(url=f"/ke-hoach/{province_plan.pk}/").values_list("user_id", flat=True))
    assert {officer_a.pk, officer_b.pk, leader_a.pk} <= notified
    assert staff_a.pk not in notified and province_officer.pk not in notified

    client = client_for(officer_a)
    page = client.get("/ke-hoach/").content.decode()
    assert f'id="lap-tu-ke-hoach-tinh-{province_plan.pk}"' in page
    response = client.post(f"/ke-hoach/{province_plan.pk}/lap-ky-moi/")
    assert response.status_code == 302
    with commune_scope(commune_a):
        derived = Plan.objects.get(derived_from=province_plan)
    assert derived.commune_id == commune_a.pk
    assert f'id="lap-tu-ke-hoach-tinh-{province_plan.pk}"' not in client.get("/ke-hoach/").content.decode()


def test_the_province_sees_each_communes_plan_and_the_topics_it_dropped(
        province, province_plan, province_officer, province_leader, commune_a, commune_b, officer_a):
    _issue(province_plan, province_officer, province_leader)
    with commune_scope(commune_a):
        derived = services.derive_plan(province_plan, commune=commune_a, user=officer_a)
        revision = services.current_revision(derived)
        document = dict(revision.document, topics=revision.document["topics"][1:])
        services.save_document(revision, document, expected_version=revision.version)
        revision = owners_to_all_units(derived)  # the demo plan's "all units" owner, as the officer maps it
        for action in ("submit", "approve"):
            revision = services.transition(revision, action)
        services.transition(revision, "issue", number="03/KH-UBND", issued_on=date(2026, 2, 1))
    dropped = services.current_revision(province_plan).document["topics"][0]["text"]

    status = services.commune_plan_status(province, 2026)
    assert status[commune_a.pk]["issued"] and status[commune_a.pk]["number"] == "03/KH-UBND"
    assert status[commune_a.pk]["date"] == date(2026, 2, 1) and status[commune_a.pk]["derived"]
    assert status[commune_a.pk]["dropped_topics"] == [dropped]
    assert not status[commune_b.pk]["issued"] and status[commune_b.pk]["plan"] is None
    assert services.commune_plan_status(province, 2025)[commune_a.pk]["plan"] is None

    page = client_for(province_officer).get("/ke-hoach/cac-xa/?nam=2026")
    text = page.content.decode()
    assert page.status_code == 200 and "03/KH-UBND" in text and "01/02/2026" in text and dropped in text
    assert "1 / 2 xã" in text


def test_the_communes_table_is_for_the_province_and_its_query_count_is_fixed(
        province, province_officer, officer_a, viewer_other_province, django_assert_max_num_queries):
    from tuyentruyen.conftest import make_commune

    assert client_for(officer_a).get("/ke-hoach/cac-xa/").status_code == 403
    page = client_for(viewer_other_province).get("/ke-hoach/cac-xa/")
    assert province.name.encode() not in page.content
    for code in range(90100, 90110):
        make_commune(province, code, f"Xã thử {code}")
    with django_assert_max_num_queries(6):
        services.commune_plan_status(province, 2026)
