"""The overview's per-commune monthly summaries: always equal to counting the activities themselves."""

import random
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tuyentruyen.lib.tenancy import commune_scope, communes_scope, scopes_disabled
from tuyentruyen.localities.models import Commune
from tuyentruyen.province import rollup, services
from tuyentruyen.province.models import CommuneActivityMonth, CommuneTopicMonth
from tuyentruyen.reports.periods import KINDS, Period
from tuyentruyen.reports.tests.factories import activity, issued_plan
from tuyentruyen.work import services as work
from tuyentruyen.work.models import Activity

pytestmark = pytest.mark.django_db

PERIODS = [Period(2026, kind) for kind in KINDS]


def both_ways(codes, start, end):
    with communes_scope(codes):
        fast = (rollup.activity_counts(codes, start, end), rollup.topic_counts(codes, start, end))
        plain = (rollup.counted_activities(codes, start, end), rollup.counted_topics(codes, start, end))
    return fast, plain


def assert_exact(codes):
    with communes_scope(codes):
        communes = Commune.objects.filter(pk__in=codes).order_by("pk")
        assert list(communes.annotate(d=rollup._last_activity()).values_list("pk", "d")) == list(
            communes.annotate(d=rollup.counted_last_activity()).values_list("pk", "d"))
    for period in PERIODS:
        fast, plain = both_ways(codes, period.start, period.end)
        assert fast == plain, period.code


def test_random_writes_keep_the_summary_equal_to_the_activities(commune_a, commune_b):
    rng = random.Random(20260401)
    codes = [commune_a.pk, commune_b.pk]
    topics = {}
    for commune in (commune_a, commune_b):
        with commune_scope(commune):
            topics[commune.pk] = issued_plan(commune, topics=[f"Nội dung {i}" for i in range(6)])[1]
    made = []
    for step in range(160):
        commune = rng.choice((commune_a, commune_b))
        with commune_scope(commune):
            mine = [a for a in made if a.commune_id == commune.pk]
            action = rng.random()
            if action < 0.5 or not mine:
                day = date(2026, 1, 1) + timedelta(days=rng.randrange(365))
                chosen = rng.sample(topics[commune.pk], rng.randrange(3))
                made.append(activity(commune, rng.choice(("radio", "banner", "meeting")), day,
                                     reach=rng.choice((None, rng.randrange(500))), topics=chosen))
            elif action < 0.65:  # moved to another date, maybe another month or quarter
                target = rng.choice(mine)
                target.date = date(2026, 1, 1) + timedelta(days=rng.randrange(365))
                target.reach = rng.choice((None, 7, 300))
                target.save()
            elif action < 0.75:
                work.delete_activity(rng.choice(mine))
            elif action < 0.82:
                work.restore_activity(rng.choice(mine))
            elif action < 0.92:
                rng.choice(mine).topics.set(rng.sample(topics[commune.pk], rng.randrange(4)))
            else:
                gone = rng.choice(mine)
                made.remove(gone)
                gone.delete()
        if step % 40 == 39:
            assert_exact(codes)
    assert_exact(codes)
    with scopes_disabled():
        assert CommuneActivityMonth.objects.exists() and CommuneTopicMonth.objects.exists()
    # a rebuild from nothing gives the same rows as the ones kept on each write
    with scopes_disabled():
        kept = sorted(CommuneActivityMonth.objects.values_list("commune_id", "month", "activities", "reach"))
        kept_topics = sorted(CommuneTopicMonth.objects.values_list("topic_id", "month", "activities"))
    services.refresh_commune_months()
    with scopes_disabled():
        assert sorted(CommuneActivityMonth.objects.values_list("commune_id", "month", "activities", "reach")) == kept
        assert sorted(CommuneTopicMonth.objects.values_list("topic_id", "month", "activities")) == kept_topics


def test_a_topic_unlinked_from_its_side_and_a_purge_are_counted(commune_a):
    with commune_scope(commune_a):
        _plan, (first, second) = issued_plan(commune_a)
        kept = activity(commune_a, "radio", date(2026, 2, 3), reach=40, topics=[first])
        gone = activity(commune_a, "radio", date(2026, 2, 9), reach=10, topics=[first, second])
        second.activities.clear()
        work.delete_activity(gone)
        with scopes_disabled():
            Activity.objects.filter(pk=gone.pk).update(deleted_at=timezone.now() - timedelta(days=90))  # audit: test setup
        assert work.purge_deleted_activities(commune_a) == 1
        first.activities.add(kept)
    fast, plain = both_ways([commune_a.pk], date(2026, 1, 1), date(2026, 3, 31))
    assert fast == plain == ({commune_a.pk: {"activities": 1, "reach": 40}}, {commune_a.pk: {"topics": 2, "covered": 1}})


def test_a_period_of_part_of_a_month_is_counted_from_the_activities(commune_a):
    with commune_scope(commune_a):
        activity(commune_a, "radio", date(2026, 2, 3))
        activity(commune_a, "radio", date(2026, 2, 20))
    fast, plain = both_ways([commune_a.pk], date(2026, 2, 10), date(2026, 2, 28))
    assert fast == plain and fast[0][commune_a.pk]["activities"] == 1
