"""Issuing a plan: number and date required, the next number from the commune's register, replacement."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tuyentruyen.accounts.models import Role
from tuyentruyen.accounts.services import create_user
from tuyentruyen.conftest import PASSWORD, client_for
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.plans import services
from tuyentruyen.plans.models import Plan, PlanTopic
from tuyentruyen.work.models import Task, TaskStatus

from .conftest import owners_to_all_units

YEAR_2026 = {"label": "năm 2026", "start": "2026-01-01", "end": "2026-12-31"}


def approved(commune, user, document, **changes):
    """A plan of ``commune`` whose revision is approved, ready to issue; ``changes`` go into its document."""
    document = dict(document, **changes)
    plan = services.create_plan(commune=commune, document=document, user=user)
    revision = owners_to_all_units(plan)
    for action in ("submit", "approve"):
        revision = services.transition(revision, action, user=user)
    return plan, revision


def issue(revision, number, issued_on, **kwargs):
    return services.transition(revision, "issue", number=number, issued_on=issued_on, **kwargs)


@pytest.mark.django_db
def test_a_plan_without_number_or_date_is_not_issued(commune_a, officer_a, demo_document):
    with commune_scope(commune_a):
        plan, revision = approved(commune_a, officer_a, demo_document, number=None, date=None)
        with pytest.raises(services.IssueError) as refused:
            services.transition(revision, "issue")
        assert refused.value.errors == {"number": services.NUMBER_MISSING, "issued_on": services.DATE_MISSING}
        revision.refresh_from_db()
        assert revision.status == "approved" and revision.issued_at is None
        assert not PlanTopic.objects.filter(plan=plan).exists() and not Task.objects.filter(plan=plan).exists()

        with pytest.raises(services.IssueError) as refused:
            issue(revision, "số mười hai", timezone.localdate() + timedelta(days=1))
        assert "bắt đầu bằng số thứ tự" in refused.value.errors["number"]
        assert refused.value.errors["issued_on"] == "Ngày ban hành không được sau hôm nay."

        issued = issue(revision, " 12/KH-UBND ", date(2026, 2, 3))
        assert issued.status == "issued"
        assert (issued.document["number"], issued.document["date"]) == ("12/KH-UBND", "2026-02-03")


@pytest.mark.django_db
def test_the_number_and_date_already_in_the_document_are_used(commune_a, officer_a, demo_document):
    with commune_scope(commune_a):
        _, revision = approved(commune_a, officer_a, demo_document, number="05/KH-UBND", date="2026-01-08")
        issued = services.transition(revision, "issue")
        assert (issued.document["number"], issued.document["date"]) == ("05/KH-UBND", "2026-01-08")


@pytest.mark.django_db
def test_the_next_number_comes_from_the_communes_register_of_the_year(commune_a, commune_b, officer_a, officer_b,
                                                                      demo_document):
    with commune_scope(commune_a):
        first, revision = approved(commune_a, officer_a, demo_document, number=None, date=None)
        assert services.next_number(first, date(2026, 3, 1)) == "01/KH-UBND"
        issue(revision, "07/KH-UBND-VP", date(2026, 1, 8))
        second, revision = approved(commune_a, officer_a, demo_document, number=None, date=None,
                                    period={"label": "quý II năm 2026", "start": "2026-04-01", "end": "2026-06-30"})
        assert services.next_number(second, date(2026, 3, 1)) == "08/KH-UBND-VP"
        assert services.next_number(second, date(2025, 3, 1)) == "01/KH-UBND-VP"  # a new register each year

        with pytest.raises(services.IssueError) as refused:
            issue(revision, "7/KH-UBND", date(2026, 4, 2))
        message = refused.value.errors["number"]
        assert "Số 07/KH-UBND-VP đã dùng" in message and "08/KH-UBND-VP" in message and "08/01/2026" in message
        issue(revision, "08/KH-UBND-VP", date(2026, 4, 2))
        assert services.next_number(second, date(2026, 5, 1)) == "09/KH-UBND-VP"
    with commune_scope(commune_b):
        other, _ = approved(commune_b, officer_b, demo_document, number=None, date=None)
        assert services.next_number(other, date(2026, 5, 1)) == "01/KH-UBND"  # commune A's register is its own


@pytest.mark.django_db
def test_a_second_plan_for_the_same_period_must_say_it_replaces_the_first(commune_a, officer_a, demo_document):
    with commune_scope(commune_a):
        first, revision = approved(commune_a, officer_a, demo_document, number=None, date=None, period=YEAR_2026)
        first_issued = issue(revision, "03/KH-UBND", date(2026, 1, 8))
        tasks = list(Task.objects.filter(plan=first).order_by("pk"))
        assert len(tasks) > 2
        Task.objects.filter(pk=tasks[0].pk).update(status=TaskStatus.DONE)
        Task.objects.filter(pk=tasks[1].pk).update(status=TaskStatus.IN_PROGRESS)
        other_period, other_revision = approved(commune_a, officer_a, demo_document, number=None, date=None,
                                                period={"label": "quý I", "start": "2026-01-01", "end": "2026-03-31"})

        second, revision = approved(commune_a, officer_a, demo_document, number=None, date=None, period=YEAR_2026)
        assert list(services.same_period_issued(second)) == [first]
        with pytest.raises(services.IssueError) as refused:
            issue(revision, "09/KH-UBND", date(2026, 6, 1))
        assert set(refused.value.errors) == {"replaces"} and "số 03/KH-UBND" in refused.value.errors["replaces"]
        with pytest.raises(services.IssueError) as refused:
            issue(revision, "09/KH-UBND", date(2026, 6, 1), replaces=other_period)
        assert "cùng kỳ" in refused.value.errors["replaces"]
        first.refresh_from_db()
        assert first.replaced_by is None

        issue(revision, "09/KH-UBND", date(2026, 6, 1), replaces=first.pk)
        first.refresh_from_db()
        assert first.replaced_by == second and first.replaced_at is not None
        statuses = dict(Task.objects.filter(plan=first).values_list("pk", "status"))
        assert statuses[tasks[0].pk] == TaskStatus.DONE
        assert {statuses[t.pk] for t in tasks[1:]} == {TaskStatus.CANCELLED}
        assert Task.objects.get(pk=tasks[1].pk).cancel_reason == "Kế hoạch đã được thay thế bởi kế hoạch số 09/KH-UBND"
        assert Task.objects.filter(plan=second).exclude(status=TaskStatus.CANCELLED).count() == len(tasks)
        assert services.current_revision(first).document == first_issued.document  # still readable, unchanged
        assert not services.same_period_issued(second).exists()

        # A plan for another period needs no replacement.
        assert issue(other_revision, "10/KH-UBND", date(2026, 6, 2)).status == "issued"
        assert Plan.objects.get(pk=other_period.pk).replaced_by is None


@pytest.mark.django_db
def test_the_issue_form_shows_refusals_at_its_fields_and_offers_the_replacement(commune_a, officer_a, demo_document):
    leader = create_user("lanhdao_a", PASSWORD, roles=[Role.LEADER], commune=commune_a)
    boss = client_for(leader)
    with commune_scope(commune_a):
        first, revision = approved(commune_a, officer_a, demo_document, number=None, date=None, period=YEAR_2026)
        issue(revision, "04/KH-UBND", date(2026, 1, 8))
        second, _ = approved(commune_a, officer_a, demo_document, number=None, date=None, period=YEAR_2026)
    url = f"/ke-hoach/{second.pk}/trang-thai/"

    page = boss.get(f"/ke-hoach/{second.pk}/").content.decode()
    assert 'value="05/KH-UBND"' in page and "Thay thế kế hoạch số …" in page and "số 04/KH-UBND" in page

    response = boss.post(url, {"action": "issue", "number": "", "issued_on": ""})
    assert response.status_code == 400
    page = response.content.decode()
    for message in (services.NUMBER_MISSING, services.DATE_MISSING, "Hãy chọn kế hoạch mà kế hoạch này thay thế"):
        assert message in page
    with commune_scope(commune_a):
        assert services.current_revision(second).status == "approved"

    response = boss.post(url, {"action": "issue", "number": "04/KH-UBND", "issued_on": "2026-05-04",
                               "replaces": str(first.pk)})
    assert response.status_code == 400 and "Số 04/KH-UBND đã dùng" in response.content.decode()

    response = boss.post(url, {"action": "issue", "number": "05/KH-UBND", "issued_on": "2026-05-04",
                               "replaces": str(first.pk)})
    assert response.status_code == 302
    with commune_scope(commune_a):
        assert services.current_revision(second).status == "issued"
    old_page = client_for(officer_a).get(f"/ke-hoach/{first.pk}/")
    assert old_page.status_code == 200
    assert "Đã được thay thế bởi" in old_page.content.decode() and "số 05/KH-UBND" in old_page.content.decode()
    assert "Thay thế kế hoạch" in client_for(officer_a).get(f"/ke-hoach/{second.pk}/").content.decode()
    assert client_for(officer_a).get("/ke-hoach/").content.decode().count("Đã được thay thế") == 1
