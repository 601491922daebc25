from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command

from tuyentruyen.conftest import SECRET_B
from tuyentruyen.jobs import schedule
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.localities.models import Unit
from tuyentruyen.notifications.models import Notification
from tuyentruyen.notifications.services import Reminder, notifications_for, recipients_for, send_reminders
from tuyentruyen.notifications.tasks import daily_reminders

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 2)


def units_source(commune, today):
    """A source that queries a scoped model, as every app's source does."""
    names = ", ".join(Unit.objects.order_by("name").values_list("name", flat=True))
    return [
        Reminder(user=user, title=f"Đơn vị của {commune.name}", body=names, url="/don-vi/",
                 key=f"units:{commune.pk}")
        for user in recipients_for(commune)
    ]


@pytest.fixture
def people(officer_a, officer_b, staff_a):
    for user, address in ((officer_a, "a@example.vn"), (officer_b, "b@example.vn")):
        user.email = address
        user.save()
    return officer_a, officer_b


def test_sources_run_inside_each_communes_own_scope(sources, people, commune_a, commune_b):
    officer_a, officer_b = people
    sources(units_source)
    counts = send_reminders(DAY)
    assert counts["communes"] == 2 and counts["created"] == 2 and counts["errors"] == 0
    with commune_scope(commune_a):
        (row_a,) = notifications_for(officer_a)
    with commune_scope(commune_b):
        (row_b,) = notifications_for(officer_b)
    assert "Văn phòng" in row_a.body and SECRET_B not in row_a.body and SECRET_B not in row_a.title
    assert SECRET_B in row_b.body and row_b.commune_id == commune_b.pk


def test_the_unit_staff_and_the_officer_are_reminded(sources, officer_a, staff_a, other_staff_a, commune_a):
    sources(lambda commune, today: [
        Reminder(user=u, title="Nhiệm vụ quá hạn", key="task:1:overdue")
        for u in recipients_for(commune, staff_a.unit)
    ])
    send_reminders(DAY)
    reminded = set(Notification.personal.values_list("user__username", flat=True))
    assert reminded == {officer_a.username, staff_a.username}


def test_running_twice_notifies_and_mails_once(sources, people):
    sources(units_source)
    first = send_reminders(DAY)
    second = send_reminders(DAY)
    assert (first["created"], first["emails"]) == (2, 2)
    assert (second["created"], second["skipped"], second["emails"]) == (0, 2, 0)
    assert Notification.personal.count() == 2 and len(mail.outbox) == 2


def test_a_reminder_without_key_is_not_repeated_on_a_second_run(sources, people):
    sources(lambda commune, today: [Reminder(user=u, title="Nhắc chung") for u in recipients_for(commune)])
    send_reminders(DAY)
    send_reminders(DAY)
    assert Notification.personal.count() == 2


def test_a_source_cannot_remind_another_communes_user(sources, officer_a, officer_b, commune_a):
    sources(lambda commune, today: [Reminder(user=officer_b, title=f"Rò rỉ {commune.pk}")])
    counts = send_reminders(DAY)
    # officer_b is reminded by commune B's run only
    assert list(Notification.personal.values_list("title", flat=True)) == [f"Rò rỉ {officer_b.commune_id}"]
    assert counts["skipped"] == 1


def test_a_broken_source_does_not_stop_the_others(sources, people):
    def broken(commune, today):
        raise RuntimeError("boom")

    sources(broken)
    sources(units_source)
    counts = send_reminders(DAY)
    assert counts["errors"] == 2 and counts["created"] == 2


def test_the_command_runs_it_for_a_given_day(sources, people, capsys):
    sources(units_source)
    call_command("send_reminders", "--date", "2026-03-02")
    assert "2 thông báo mới" in capsys.readouterr().out
    assert set(Notification.personal.values_list("day", flat=True)) == {DAY}


def test_the_daily_job_is_registered_and_runs(sources, people):
    sources(units_source)
    assert "reminders" in {job.name for job in schedule.registered_jobs()}
    result = daily_reminders.call()
    assert result["created"] == 2


def test_a_reminder_repeated_daily_keeps_one_unread_line(sources, officer_a, commune_a):
    from datetime import timedelta

    sources(lambda commune, today: [Reminder(user=u, title=f"Báo cáo quá hạn ({today:%d/%m})", key="report:late")
                                    for u in recipients_for(commune)])
    for offset in range(3):
        send_reminders(DAY + timedelta(days=offset))
    rows = Notification.personal.filter(user=officer_a).order_by("day")
    assert rows.count() == 3  # the history is kept
    with commune_scope(commune_a):
        (unread,) = notifications_for(officer_a).filter(read_at__isnull=True)
    assert unread.day == DAY + timedelta(days=2) and "04/03" in unread.title
