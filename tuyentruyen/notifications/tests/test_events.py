"""notify_event: the bell item that a transition gives the next person, at once."""

import pytest

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.localities.models import Unit
from tuyentruyen.notifications.models import Notification
from tuyentruyen.notifications.services import mark_read, notify_event, unread_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def target(commune_a):
    with commune_scope(commune_a):
        return Unit.objects.filter(commune=commune_a).order_by("pk").first()


def unread(user):
    return Notification.personal.filter(user=user, read_at__isnull=True).count()


def rows(user):
    return list(Notification.personal.filter(user=user).order_by("pk"))


def test_each_recipient_gets_one_item_and_the_actor_none(target, officer_a, staff_a, admin_a):
    created = notify_event("report.submitted", target=target, recipients=[officer_a, admin_a, officer_a, None],
                           actor=admin_a, text="Đơn vị đã gửi báo cáo quý III", url="/bao-cao/1/")
    assert [n.user for n in created] == [officer_a]
    with commune_scope(target.commune):  # the bell's own count agrees
        assert unread_count(officer_a) == 1
    assert unread(officer_a) == 1 and unread(admin_a) == 0 and unread(staff_a) == 0
    assert rows(officer_a)[0].kind_label == "Báo cáo được gửi"
    assert rows(officer_a)[0].url == "/bao-cao/1/"


def test_an_unread_item_is_not_repeated_but_a_read_one_is(target, officer_a):
    kwargs = {"target": target, "recipients": [officer_a], "text": "Báo cáo bị trả lại"}
    assert len(notify_event("report.returned", **kwargs)) == 1
    assert notify_event("report.returned", **kwargs) == []  # still unread: the bell says it already
    assert unread(officer_a) == 1
    with commune_scope(target.commune):
        mark_read(officer_a, rows(officer_a)[0].pk)
    assert unread(officer_a) == 0
    assert len(notify_event("report.returned", **kwargs)) == 1  # returned again the same day
    assert unread(officer_a) == 1
    assert len(rows(officer_a)) == 2


def test_another_event_or_target_is_another_item(target, commune_a, officer_a):
    with commune_scope(commune_a):
        other = Unit.objects.filter(commune=commune_a).exclude(pk=target.pk).order_by("pk").first()
    notify_event("report.submitted", target=target, recipients=[officer_a], text="a")
    notify_event("report.returned", target=target, recipients=[officer_a], text="b")
    notify_event("report.submitted", target=other, recipients=[officer_a], text="c")
    assert unread(officer_a) == 3


def test_a_recipient_of_another_commune_is_never_told(target, officer_b, viewer_province, viewer_other_province):
    created = notify_event("plan.issued", target=target, recipients=[officer_b, viewer_other_province,
                                                                        viewer_province], text="Kế hoạch ban hành")
    assert [n.user for n in created] == [viewer_province]
    assert rows(officer_b) == [] and rows(viewer_other_province) == []


def test_inactive_recipients_are_skipped(target, officer_a):
    officer_a.is_active = False
    officer_a.save()
    assert notify_event("plan.returned", target=target, recipients=[officer_a], text="x") == []


# --- the transitions that call it ---------------------------------------------------------------------------
@pytest.fixture
def leader_a(commune_a):
    from tuyentruyen.accounts.models import Role
    from tuyentruyen.accounts.services import create_user

    return create_user("lanhdao_a", "x", roles=[Role.LEADER], commune=commune_a, full_name="Lãnh Đạo A")


def titles(user):
    return [n.title for n in rows(user)]


def test_a_unit_report_sent_reaches_the_officers_and_a_return_reaches_the_unit(commune_a, officer_a, staff_a,
                                                                               other_staff_a, admin_a):
    from tuyentruyen.conftest import unit_of
    from tuyentruyen.reports import services as reports
    from tuyentruyen.reports.periods import Period

    with commune_scope(commune_a):
        report = reports.get_or_create_report(commune_a, Period(2026, "q1"), unit_of(commune_a, "media_center"))
        reports.submit(report, user=staff_a)
        assert unread(officer_a) == 1 and unread(admin_a) == 1 and unread(staff_a) == 0
        assert titles(officer_a)[0].endswith("chờ tiếp nhận") and "đã gửi báo cáo" in titles(officer_a)[0]
        reports.submit(report, user=staff_a)  # a double click notifies nobody twice
        assert unread(officer_a) == 1
        reports.return_report(report, user=officer_a, comment="Thiếu số liệu tháng 2")
        assert unread(staff_a) == 1 and unread(other_staff_a) == 0  # the unit that sent it, nobody else
        assert "Thiếu số liệu tháng 2" in titles(staff_a)[0] and rows(staff_a)[0].kind == "report.returned"
        assert rows(staff_a)[0].url == f"/bao-cao/{report.pk}/"
        reports.submit(report, user=staff_a)
        reports.accept(report, user=officer_a)
        assert [n.kind for n in rows(staff_a)] == ["report.returned", "report.accepted"]


def test_the_communes_report_reaches_its_leader_then_its_province(commune_a, officer_a, leader_a, province_officer,
                                                                    officer_other_province, viewer_province):
    from tuyentruyen.reports import services as reports
    from tuyentruyen.reports import workflow
    from tuyentruyen.reports.periods import Period

    with commune_scope(commune_a):
        report = reports.get_or_create_report(commune_a, Period(2026, "q1"))
        reports.submit(report, user=officer_a)  # the commune's report goes to its leader first
        assert unread(leader_a) == 1 and unread(province_officer) == 0
        workflow.approve_and_send(report, user=leader_a)
    assert unread(province_officer) == 1
    assert unread(officer_other_province) == 0 and unread(viewer_province) == 0  # the receiving officers only


def test_a_plan_submitted_reaches_the_leader_and_its_decisions_the_officer(commune_a, officer_a, leader_a, staff_a):
    from tuyentruyen.plans.services import create_plan, current_revision, next_number, transition
    from tuyentruyen.work.tests.factories import plan_document

    with commune_scope(commune_a):
        plan = create_plan(commune=commune_a, user=officer_a, document=plan_document())
        revision = transition(current_revision(plan), "submit", user=officer_a)
        assert unread(leader_a) == 1 and unread(officer_a) == 0
        assert "chờ lãnh đạo duyệt" in titles(leader_a)[0]
        revision = transition(revision, "return", user=leader_a, note="Bổ sung căn cứ")
        assert "bị trả lại: Bổ sung căn cứ" in titles(officer_a)[0]
        revision = transition(revision, "submit", user=officer_a)
        revision = transition(revision, "approve", user=leader_a)
        from datetime import date

        transition(revision, "issue", user=leader_a, number=next_number(plan, date(2025, 7, 10)),
                   issued_on=date(2025, 7, 10))
        assert [n.kind for n in rows(officer_a)] == ["plan.returned", "plan.approved", "plan.issued"]
        assert unread(staff_a) == 1 and "đã ban hành" in titles(staff_a)[0]
        assert rows(leader_a)[-1].kind == "plan.submitted"  # the leader issued it: not told of their own act


def test_feedback_assigned_reaches_the_unit_without_the_residents_words(commune_a, officer_a, staff_a, other_staff_a):
    from tuyentruyen.conftest import unit_of
    from tuyentruyen.engagement import services as engagement
    from tuyentruyen.engagement.models import FeedbackCategory

    with commune_scope(commune_a):
        feedback = engagement.submit_feedback(commune_a, category=FeedbackCategory.values[0], title="Đường ngập ở nhà ông Bê",
                                              content="Nhà ông Nguyễn Văn Bê ngập",
                                              contact={"full_name": "Nguyễn Văn Bê", "phone": "0912345678"})
        engagement.assign_feedback(feedback, unit=unit_of(commune_a, "media_center"), user=officer_a)
    assert unread(staff_a) == 1 and unread(other_staff_a) == 0
    text = titles(staff_a)[0]
    assert feedback.code in text and "Bê" not in text and "0912" not in text


def test_an_event_joins_the_days_e_mail_digest(target, officer_a):
    from django.core import mail

    from tuyentruyen.notifications.services import send_digests

    officer_a.email = "canbo@example.vn"
    officer_a.save()
    notify_event("report.submitted", target=target, recipients=[officer_a],
                 text="Trung tâm đã gửi báo cáo quý I năm 2026, chờ tiếp nhận", url="/bao-cao/7/")
    assert send_digests() == 1
    (message,) = mail.outbox
    assert "Trung tâm đã gửi báo cáo quý I năm 2026, chờ tiếp nhận" in message.body and "/bao-cao/7/" in message.body
