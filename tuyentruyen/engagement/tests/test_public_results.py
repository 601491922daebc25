"""Residents' results pages: feedback statistics as 766/QĐ-TTg counts them, SIPAS indexes once the sample
is large enough, and a closed contest's winners named only as they asked."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from tuyentruyen.engagement import services, statistics
from tuyentruyen.engagement.figures import MIN_SAMPLE
from tuyentruyen.engagement.models import Feedback, SurveyQuestion, SurveyResponse
from tuyentruyen.engagement.scoring import INITIALS_KEY, initials, public_name
from tuyentruyen.lib.tenancy import commune_scope, scopes_disabled

from .conftest import make_bank, make_contest, make_feedback

pytestmark = pytest.mark.django_db


def aware(*args):
    return timezone.make_aware(datetime(*args))


def feedback_on(commune, received, *, answered=None, category="procedure", due=None):
    """An item received on ``received`` (its deadline set from it), answered on ``answered`` if given."""
    with time_machine.travel(received, tick=False):
        item = make_feedback(commune, category=category)
    with commune_scope(commune):
        if due is not None:
            Feedback.objects.filter(pk=item.pk).update(due_date=due)  # audit: test set-up
            item.refresh_from_db()
        if answered is not None:
            with time_machine.travel(answered, tick=False):
                services.answer_feedback(item, answer="Đã giải quyết.", user=None)
    return item


@pytest.mark.parametrize(("name", "registration", "shown"), [
    ("full name", {"ho_ten": "Nguyễn Thị Hồng Nhung"}, "Nguyễn Thị Hồng Nhung"),
    ("initials asked", {"ho_ten": "Nguyễn Thị Hồng Nhung", INITIALS_KEY: "1"}, "N. T. H. N."),
    ("lower case initials", {"ho_ten": "đỗ văn  an", INITIALS_KEY: "1"}, "Đ. V. A."),
    ("no name", {"dien_thoai": "0901234567"}, "Người dự thi 3"),
    ("phone never", {"ho_ten": "Lê An", "dien_thoai": "0901234567"}, "Lê An"),
])
def test_public_name(name, registration, shown):
    assert public_name(registration, "Người dự thi 3") == shown


def test_initials_skip_what_is_not_a_letter():
    assert initials("Trần (Bé) 2") == "T."


def test_statistics_count_from_receipt_and_open_items_past_deadline_as_late(commune_a):
    commune_a.settings = {**commune_a.settings, "feedback_answer_days": 10}
    commune_a.save(update_fields=["settings"])
    feedback_on(commune_a, aware(2026, 9, 1, 9), answered=aware(2026, 9, 5, 9))          # on time, 4 days
    feedback_on(commune_a, aware(2026, 9, 2, 9), answered=aware(2026, 9, 20, 9))         # late, 18 days
    feedback_on(commune_a, aware(2026, 10, 1, 9), category="conduct")                    # open, past due
    feedback_on(commune_a, aware(2026, 11, 25, 9), category="conduct")                   # open, within time
    feedback_on(commune_a, aware(2024, 1, 5, 9), answered=aware(2024, 3, 5, 9))          # older than 12 months
    with commune_scope(commune_a):
        stats = statistics.feedback_statistics(commune_a, today=date(2026, 11, 30))
    total = stats["total"]
    assert (total.received, total.answered, total.on_time, total.late, total.pending) == (4, 2, 1, 2, 1)
    assert total.on_time_percent == 33.3  # one on time among three whose outcome is known
    assert total.average_days == 11.0
    months = dict(stats["months"])
    assert len(stats["months"]) == 12 and stats["since"] == date(2025, 12, 1)
    assert (months[date(2026, 9, 1)].received, months[date(2026, 9, 1)].on_time) == (2, 1)
    assert months[date(2026, 10, 1)].late == 1 and months[date(2026, 11, 1)].pending == 1
    assert months[date(2026, 1, 1)].received == 0
    categories = dict(stats["categories"])
    assert categories["Thủ tục hành chính"].on_time_percent == 50.0
    assert categories["Thái độ, hành vi của cán bộ, công chức"].on_time_percent == 0.0


def test_an_answer_on_the_deadline_day_in_vietnam_is_on_time(commune_a):
    # 23:30 in Hà Nội on the due date is 16:30 UTC the same day; 00:30 the next day is late
    feedback_on(commune_a, aware(2026, 9, 1, 9), answered=aware(2026, 9, 11, 23, 30), due=date(2026, 9, 11))
    feedback_on(commune_a, aware(2026, 9, 1, 9), answered=aware(2026, 9, 12, 0, 30), due=date(2026, 9, 11))
    with commune_scope(commune_a):
        total = statistics.feedback_statistics(commune_a, today=date(2026, 9, 30))["total"]
    assert (total.on_time, total.late) == (1, 1)


def test_statistics_page_shows_figures_and_no_personal_data(commune_a, commune_b, django_assert_max_num_queries):
    for n in range(3):
        feedback_on(commune_a, timezone.now() - timedelta(days=20 + n), answered=timezone.now() - timedelta(days=15))
    make_feedback(commune_b)
    with django_assert_max_num_queries(12):
        response = Client().get(f"/{commune_a.slug}/phan-anh/thong-ke/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Đã tiếp nhận" in page and "Trả lời đúng hạn" in page and "766/QĐ-TTg" in page
    assert "Nguyễn Văn An" not in page and "0912" not in page and "Hồ sơ khai sinh" not in page
    assert response.context["stats"]["total"].received == 3  # commune B's item is not counted
    print(f"feedback statistics page: {len(response.content)} bytes of HTML")
    assert len(response.content) < 12_000  # public pages stay lean on a weak signal


def answer_survey(survey, count, score):
    with scopes_disabled():
        questions = list(SurveyQuestion.objects.filter(survey=survey))
        for n in range(count):
            answers = {str(q.pk): score for q in questions if q.kind == "scale"}
            answers.update({str(q.pk): "Tôi là Trần Văn Bình, 0987 654 321" for q in questions if q.kind == "text"})
            SurveyResponse.objects.create(survey=survey, answers=answers, token=f"t{n}")


def open_sipas(commune):
    with commune_scope(commune):
        survey = services.create_survey(commune, title="", template="sipas")
        services.set_survey_status(survey, "open")
    return survey


def test_sipas_results_wait_for_the_minimum_sample(commune_a):
    survey = open_sipas(commune_a)
    answer_survey(survey, MIN_SAMPLE - 1, 5)
    response = Client().get(f"/{commune_a.slug}/khao-sat/{survey.pk}/ket-qua/")
    page = response.content.decode()
    assert response.status_code == 200
    assert f"cần ít nhất {MIN_SAMPLE} phiếu" in page and 'data-testid="overall-index"' not in page


def test_sipas_results_show_each_factor_and_never_free_text(commune_a):
    survey = open_sipas(commune_a)
    answer_survey(survey, MIN_SAMPLE, 5)
    answer_survey(survey, 0, 1)
    page = Client().get(f"/{commune_a.slug}/khao-sat/{survey.pk}/ket-qua/").content.decode()
    for label in ("Tiếp cận dịch vụ", "Thủ tục hành chính", "Công chức giải quyết", "Kết quả giải quyết",
                  "Tiếp nhận, xử lý ý kiến góp ý, phản ánh"):
        assert label in page
    assert "Chỉ số chung" in page and "100 %" in page and f"{MIN_SAMPLE}</strong>" in page
    assert "Trần Văn Bình" not in page and "0987" not in page


def test_a_draft_survey_and_another_communes_survey_have_no_public_results(commune_a, commune_b):
    with commune_scope(commune_a):
        draft = services.create_survey(commune_a, title="", template="sipas")
    other = open_sipas(commune_b)
    assert Client().get(f"/{commune_a.slug}/khao-sat/{draft.pk}/ket-qua/").status_code == 404
    assert Client().get(f"/{commune_a.slug}/khao-sat/{other.pk}/ket-qua/").status_code == 404


def play(commune, contest, name, right, initials_only=False, phone=""):
    with commune_scope(commune):
        participant = services.register_participant(
            contest, {"ho_ten": name, "dien_thoai": phone, "thon": "Thôn Đông", INITIALS_KEY: "1" if initials_only else ""})
        attempt = services.start_attempt(contest, participant)
        correct = {q.pk: q.correct for q in services.ContestQuestion.objects.filter(commune=commune)}
        answers = {str(item["q"]): [str(i) for i in correct[item["q"]]] if n < right else ["0"]
                   for n, item in enumerate(attempt.layout)}
        services.submit_attempt(attempt, answers, guess="3")


def test_contest_results_appear_once_the_contest_closes(commune_a):
    make_bank(commune_a, 5)
    contest = make_contest(commune_a, prize_count=1)
    play(commune_a, contest, "Lê Văn Cường", 3, phone="0901234567")
    play(commune_a, contest, "Phạm Thị Dung", 2, initials_only=True, phone="0907654321")
    url = f"/{commune_a.slug}/cuoc-thi/{contest.pk}/ket-qua/"
    assert Client().get(url).status_code == 404  # still running: no results yet
    with commune_scope(commune_a):
        services.save_contest(commune_a, contest=contest, opens_at=contest.opens_at,
                              closes_at=timezone.now() - timedelta(minutes=1), questions_per_attempt=3,
                              time_limit_minutes=10, attempts_allowed=2)
    response = Client().get(url)
    page = response.content.decode()
    assert response.status_code == 200
    winners = page[page.index('data-testid="winners"'):page.index("Bảng xếp hạng")]
    assert "Lê Văn Cường" in winners and "3/3" in winners
    assert "P. T. D." in page and "Phạm Thị Dung" not in page
    assert "0901234567" not in page and "090" not in page and "Thôn Đông" not in page
    assert "xem kết quả" in Client().get(f"/{commune_a.slug}/cuoc-thi/").content.decode()
    print(f"contest results page: {len(response.content)} bytes of HTML")


def test_results_hub_links_every_result(commune_a):
    survey = open_sipas(commune_a)
    page = Client().get(f"/{commune_a.slug}/ket-qua/").content.decode()
    assert f"/{commune_a.slug}/phan-anh/thong-ke/" in page
    assert f"/{commune_a.slug}/khao-sat/{survey.pk}/ket-qua/" in page
    home = Client().get(f"/{commune_a.slug}/").content.decode()
    assert f"/{commune_a.slug}/ket-qua/" in home
