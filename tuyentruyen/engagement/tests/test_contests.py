import io
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from tuyentruyen.conftest import client_for
from tuyentruyen.engagement import services
from tuyentruyen.engagement.models import Contest, ContestAttempt, ContestParticipant, ContestQuestion
from tuyentruyen.lib.tenancy import commune_scope, scopes_disabled

from .conftest import make_bank, make_contest

pytestmark = pytest.mark.django_db


def public(commune, contest, tail=""):
    return f"/{commune.slug}/cuoc-thi/{contest.pk}/{tail}"


def register(commune, contest, name="Lê Văn Cường", phone="0901234567", client=None):
    client = client or Client()
    response = client.post(public(commune, contest), {"ho_ten": name, "dien_thoai": phone, "thon": "Thôn Đông"})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def start(commune, contest, client):
    response = client.post(public(commune, contest, "bat-dau/"))
    assert response.status_code == 302, response.content.decode()[:500]
    with scopes_disabled():
        return ContestAttempt.objects.filter(contest=contest).latest("id")


def right_answers(attempt):
    with scopes_disabled():
        correct = dict(ContestQuestion.objects.values_list("id", "correct"))
    return {f"q{item['q']}": [str(i) for i in correct[item["q"]]] for item in attempt.layout}


def test_bank_and_contest_setup_pages(commune_a, editor_a):
    client = client_for(editor_a)
    response = client.post("/cuoc-thi/ngan-hang-cau-hoi/", {
        "text": "Nghị quyết nào ban hành Chương trình tổng thể CCHC 2021-2030?",
        "choices": "76/NQ-CP\n30c/NQ-CP\n", "correct": "1", "topics": "CCHC, nghị quyết", "active": "on"})
    assert response.status_code == 302
    with commune_scope(commune_a):
        question = ContestQuestion.objects.get()
    assert question.correct == [0] and question.topics == ["CCHC", "nghị quyết"] and not question.multiple
    bad = client.post("/cuoc-thi/ngan-hang-cau-hoi/", {"text": "?", "choices": "a\nb", "correct": "5"})
    assert bad.status_code == 400
    response = client.post("/cuoc-thi/tao-moi/", {
        "title": "Tìm hiểu CCHC", "opens_at": "2026-04-01T08:00", "closes_at": "2026-04-30T17:00",
        "questions_per_attempt": 10, "time_limit_minutes": 15, "attempts_allowed": 2,
        "registration": ["dien_thoai", "thon"], "extra_fields": "Lớp*\nGhi chú", "tie_break_question": "Bao nhiêu?",
        "prize_count": 5, "is_published": "on"})
    assert response.status_code == 302
    with commune_scope(commune_a):
        contest = Contest.objects.get()
    assert [f["label"] for f in contest.registration_fields] == [
        "Họ và tên", "Số điện thoại", "Thôn, tổ dân phố", "Lớp", "Ghi chú"]
    assert [f["required"] for f in contest.registration_fields] == [True, True, True, True, False]
    assert client.get(f"/cuoc-thi/{contest.pk}/").status_code == 200
    assert client.get(f"/cuoc-thi/{contest.pk}/sua/").status_code == 200


def test_correct_answers_never_reach_the_browser(commune_a):
    make_bank(commune_a, count=3)
    contest = make_contest(commune_a)
    client = register(commune_a, contest)
    attempt = start(commune_a, contest, client)
    html = client.get(public(commune_a, contest, f"bai-thi/{attempt.pk}/")).content.decode()
    assert html.count('type="radio"') == 9 and "Đúng" in html
    assert "correct" not in html and "(đúng)" not in html
    # the choices come in the attempt's own order
    first = attempt.layout[0]
    positions = [html.index(f'name="q{first["q"]}" value="{i}"') for i in first["order"]]
    assert positions == sorted(positions)


def test_scoring_on_the_server_and_replay_scores_once(commune_a):
    make_bank(commune_a, count=4)
    contest = make_contest(commune_a)
    client = register(commune_a, contest)
    attempt = start(commune_a, contest, client)
    url = public(commune_a, contest, f"bai-thi/{attempt.pk}/")
    answers = right_answers(attempt)
    assert client.post(url, {**answers, "tie_break": "120"}).status_code == 302
    attempt.refresh_from_db()
    assert attempt.score == 3 and attempt.tie_break_guess == 120
    submitted_at = attempt.submitted_at
    # replaying the same form, or a "better" one, changes nothing
    client.post(url, {**answers, "tie_break": "1"})
    attempt.refresh_from_db()
    assert attempt.score == 3 and attempt.submitted_at == submitted_at and attempt.tie_break_guess == 120
    with commune_scope(commune_a):
        assert len(services.leaderboard(contest)) == 1


def test_answer_after_the_time_limit_is_refused(commune_a):
    make_bank(commune_a, count=3)
    contest = make_contest(commune_a, time_limit_minutes=10)
    client = register(commune_a, contest)
    attempt = start(commune_a, contest, client)
    with time_machine.travel(attempt.started_at + timedelta(minutes=10, seconds=30), tick=False):
        response = client.post(public(commune_a, contest, f"bai-thi/{attempt.pk}/"), right_answers(attempt))
    assert response.status_code == 400 and "sau khi hết giờ" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.score is None and attempt.refused_late and attempt.submitted_at is None
    with commune_scope(commune_a):
        assert services.leaderboard(contest) == []


def test_one_active_attempt_and_the_attempts_allowed(commune_a):
    make_bank(commune_a, count=3)
    contest = make_contest(commune_a, attempts_allowed=2)
    client = register(commune_a, contest)
    first = start(commune_a, contest, client)
    assert start(commune_a, contest, client).pk == first.pk  # still running: the same attempt
    client.post(public(commune_a, contest, f"bai-thi/{first.pk}/"), {})
    second = start(commune_a, contest, client)
    assert second.pk != first.pk
    client.post(public(commune_a, contest, f"bai-thi/{second.pk}/"), {})
    refused = client.post(public(commune_a, contest, "bat-dau/"))
    assert refused.status_code == 400 and "hết số lượt thi" in refused.content.decode()


def test_a_phone_registers_once_and_attempts_stay_with_their_owner(commune_a):
    make_bank(commune_a, count=3)
    contest = make_contest(commune_a)
    owner = register(commune_a, contest)
    attempt = start(commune_a, contest, owner)
    again = Client().post(public(commune_a, contest), {"ho_ten": "Người khác", "dien_thoai": "+84 901 234 567",
                                                       "thon": "x"})
    assert again.status_code == 400 and "đã đăng ký" in again.content.decode()
    stranger = register(commune_a, contest, name="Người lạ", phone="0911111111")
    assert stranger.get(public(commune_a, contest, f"bai-thi/{attempt.pk}/")).status_code == 404
    assert stranger.post(public(commune_a, contest, f"bai-thi/{attempt.pk}/"), right_answers(attempt)).status_code == 404


def test_closed_or_unpublished_contest_takes_no_attempt(commune_a):
    make_bank(commune_a, count=3)
    contest = make_contest(commune_a)
    client = register(commune_a, contest)
    with time_machine.travel(contest.closes_at + timedelta(minutes=1), tick=False):
        assert client.post(public(commune_a, contest, "bat-dau/")).status_code == 400
    draft = make_contest(commune_a, is_published=False)
    assert Client().get(public(commune_a, draft)).status_code == 404


def test_contest_rate_limit_counts_accepted_registrations(commune_a):
    contest = make_contest(commune_a)
    with time_machine.travel(timezone.now(), tick=False):
        client = Client(REMOTE_ADDR="203.0.113.77")
        refused = [client.post(public(commune_a, contest), {"ho_ten": "", "dien_thoai": ""}).status_code for _ in range(35)]
        assert refused == [400] * 35  # typos do not use the address's quota
        statuses = [Client(REMOTE_ADDR="203.0.113.77").post(public(commune_a, contest), {
            "ho_ten": f"Người {n}", "dien_thoai": f"09120000{n:02d}", "thon": "Đông"}).status_code for n in range(32)]
    assert statuses[:30] == [302] * 30 and statuses[30:] == [429, 429]


def test_leaderboard_tie_break_and_prize_list(commune_a, editor_a):
    make_bank(commune_a, count=3)
    contest = make_contest(commune_a, prize_count=2)
    guesses = {"An": "3", "Bình": "10", "Chi": "2"}
    for n, (name, guess) in enumerate(guesses.items()):
        client = register(commune_a, contest, name=name, phone=f"090000000{n}")
        attempt = start(commune_a, contest, client)
        client.post(public(commune_a, contest, f"bai-thi/{attempt.pk}/"), {**right_answers(attempt), "tie_break": guess})
    with commune_scope(commune_a):
        board = services.leaderboard(contest)
    # everyone has 3/3; three took part: An guessed exactly, Chi is 1 off, Bình 7 off
    assert [e["participant"].display_name for e in board] == ["An", "Chi", "Bình"]
    response = client_for(editor_a).get(f"/cuoc-thi/{contest.pk}/giai-thuong.xlsx")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    prizes = list(wb["Danh sách đoạt giải"].values)
    assert prizes[0][:4] == ("Hạng", "Họ và tên", "Số điện thoại", "Thôn, tổ dân phố")
    assert [row[1] for row in prizes[1:]] == ["An", "Chi"]
    assert len(list(wb["Bảng xếp hạng"].values)) == 4
    page = client_for(editor_a).get(f"/cuoc-thi/{contest.pk}/").content.decode()
    assert page.index("An") < page.index("Chi") < page.index("Bình")


def test_finished_contest_is_recorded_as_an_activity(commune_a, editor_a, monkeypatch):
    from tuyentruyen.work import services as work_services

    calls = []
    real = work_services.record_activity

    def spy(*args, **kwargs):
        calls.append((args, kwargs))
        return real(*args, **kwargs)

    monkeypatch.setattr(work_services, "record_activity", spy)
    make_bank(commune_a, count=3)
    contest = make_contest(commune_a)
    for n in range(2):
        client = register(commune_a, contest, name=f"Người {n}", phone=f"090111111{n}")
        attempt = start(commune_a, contest, client)
        client.post(public(commune_a, contest, f"bai-thi/{attempt.pk}/"), right_answers(attempt))
    register(commune_a, contest, name="Chỉ đăng ký", phone="0902222222")  # never submitted: not counted
    with time_machine.travel(contest.closes_at + timedelta(days=1), tick=False):
        assert services.record_finished_contests() == 1
        assert services.record_finished_contests() == 0  # already recorded
        assert client_for(editor_a).post(f"/cuoc-thi/{contest.pk}/ghi-nhan-hoat-dong/").status_code == 302
    (args, kwargs), *_ = calls
    assert args == (commune_a,)
    assert kwargs["kind_code"] == "contest" and kwargs["quantity"] == 2
    assert kwargs["quantity_unit"] == "người tham gia"
    assert kwargs["source_key"] == f"engagement.contest:{contest.pk}"
    assert kwargs["date"] == timezone.localtime(contest.opens_at).date()
    contest.refresh_from_db()
    assert contest.activity_recorded_at is not None
    from tuyentruyen.work.models import Activity

    with commune_scope(commune_a):
        assert Activity.objects.filter(source_key=f"engagement.contest:{contest.pk}").count() == 1


def test_other_commune_contest_is_refused(commune_a, commune_b, editor_a):
    contest_b = make_contest(commune_b)
    assert client_for(editor_a).get(f"/cuoc-thi/{contest_b.pk}/").status_code == 404
    assert Client().get(public(commune_a, contest_b)).status_code == 404
    with scopes_disabled():
        assert not ContestParticipant.objects.exists()
