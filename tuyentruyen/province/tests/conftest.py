"""A province of two communes with a quarter of work each: commune A's report sent on time and accepted,
commune B's sent late and not accepted yet (its figures must stay apart)."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.reports import workflow
from tuyentruyen.reports.models import Report
from tuyentruyen.reports.periods import Period
from tuyentruyen.reports.services import get_or_create_report, submit
from tuyentruyen.reports.tests.factories import activity, issued_plan, task

PERIOD = Period(2026, "q1")
TODAY = date(2026, 5, 10)


def sent_report(commune, *, on: date, accepted: bool):
    """The commune's report of PERIOD through its workflow: asked for sign-off, signed off and sent (its
    sending time then moved to ``on``), and accepted by the province when ``accepted``."""
    with commune_scope(commune):
        report = get_or_create_report(commune, PERIOD)
        report = submit(report, today=TODAY)  # to the leader
        workflow.approve_and_send(report, user=None)
        Report.objects.filter(pk=report.pk).update(  # audit: test setup of the sending day
            submitted_at=timezone.make_aware(datetime(on.year, on.month, on.day, 9)))
        if accepted:
            workflow.province_accept(report, user=None)
        report.refresh_from_db()
        return report


@pytest.fixture
def world(commune_a, commune_b):
    with commune_scope(commune_a):
        _plan, topics = issued_plan(commune_a)
        for day in (3, 10, 17):
            activity(commune_a, "meeting", date(2026, 2, day), reach=100, channel="Loa truyền thanh",
                     topics=topics[:1], evidence_url="https://example.org/anh")
        task(commune_a, "Tổ chức hội nghị", date(2026, 3, 1), status="done", completed_on=date(2026, 2, 28))
        task(commune_a, "In tờ rơi", date(2026, 2, 1))  # still open: overdue
    with commune_scope(commune_b):
        activity(commune_b, "meeting", date(2026, 1, 20), reach=40)
    a = sent_report(commune_a, on=date(2026, 3, 15), accepted=True)
    b = sent_report(commune_b, on=date(2026, 4, 1), accepted=False)
    return {"a": a, "b": b}
