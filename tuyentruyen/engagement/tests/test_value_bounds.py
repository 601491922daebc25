"""Random and extreme values through the contest form, then a resident registers: never a 500 ("year
10000" was one); either a contest within bounds or a refusal with nothing saved."""

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from tuyentruyen.conftest import client_for
from tuyentruyen.engagement.models import Contest
from tuyentruyen.lib import bounds
from tuyentruyen.lib.tenancy import commune_scope, scopes_disabled
from tuyentruyen.tests.values import DATETIME_TEXT, NUMBER_TEXT, PROPERTY, rolled_back

from .conftest import make_bank, make_contest
from .test_contests import public, register, right_answers, start

pytestmark = pytest.mark.django_db


@PROPERTY
@given(opens=DATETIME_TEXT, closes=DATETIME_TEXT, minutes=NUMBER_TEXT, prizes=NUMBER_TEXT)
def test_contest_form_saves_within_bounds_or_refuses(commune_a, editor_a, opens, closes, minutes, prizes):
    client = client_for(editor_a)

    def check():
        response = client.post("/cuoc-thi/tao-moi/", {
            "title": "Tìm hiểu CCHC", "opens_at": opens, "closes_at": closes, "questions_per_attempt": 10,
            "time_limit_minutes": minutes, "attempts_allowed": 1, "tie_break_question": "Bao nhiêu?",
            "prize_count": prizes, "is_published": "on"})
        assert response.status_code in (200, 302, 400)
        with commune_scope(commune_a):
            saved = list(Contest.objects.all())
        assert len(saved) == (1 if response.status_code == 302 else 0)
        for contest in saved:
            assert bounds.DATETIME.contains(contest.closes_at) and bounds.TIME_LIMIT.contains(
                contest.time_limit_minutes)
            assert client.get(f"/cuoc-thi/{contest.pk}/").status_code == 200
            public = f"/{commune_a.slug}/cuoc-thi/{contest.pk}/"
            registered = Client().post(public, {"ho_ten": "Lê Văn Cường"})
            assert registered.status_code in (200, 302, 400, 404)
        assert client.get("/cuoc-thi/").status_code == 200

    rolled_back(check)


def test_a_contest_closing_in_year_9999_is_refused_at_the_field(editor_a):
    response = client_for(editor_a).post("/cuoc-thi/tao-moi/", {
        "title": "Tìm hiểu CCHC", "opens_at": "2026-04-01T08:00", "closes_at": "9999-12-31T23:59",
        "questions_per_attempt": 10, "time_limit_minutes": 15, "attempts_allowed": 1,
        "tie_break_question": "Bao nhiêu?", "prize_count": 5})
    assert response.status_code in (200, 400) and "phải từ 01/01/2000 00:00 đến 31/12/2100 23:59" in \
        response.content.decode()


@PROPERTY
@given(guess=st.one_of(NUMBER_TEXT, st.text(max_size=20), st.sampled_from(["5000000", "²", "9" * 5000])))
def test_contest_answers_with_any_tie_break_guess_are_kept_within_bounds(commune_a, guess):
    make_bank(commune_a, count=3)
    contest = make_contest(commune_a)
    client = register(commune_a, contest)

    def check():
        attempt = start(commune_a, contest, client)
        response = client.post(public(commune_a, contest, f"bai-thi/{attempt.pk}/"),
                               {**right_answers(attempt), "tie_break": guess})
        assert response.status_code in (200, 302)
        with scopes_disabled():
            attempt.refresh_from_db()
        assert bounds.POINTS.contains(attempt.tie_break_guess) and bounds.POINTS.contains(attempt.score)

    rolled_back(check)
