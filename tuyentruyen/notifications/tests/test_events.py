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
