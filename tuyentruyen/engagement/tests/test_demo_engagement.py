import pytest
from django.test import Client

from tuyentruyen.engagement import demo, services
from tuyentruyen.engagement.figures import MIN_SAMPLE
from tuyentruyen.engagement.models import Contest, ContestQuestion, SurveyResponse
from tuyentruyen.lib.tenancy import commune_scope

pytestmark = pytest.mark.django_db


def test_the_demo_bank_contests_and_answers_load_once_and_show_results(commune_a):
    with commune_scope(commune_a):
        survey = services.create_survey(commune_a, title="", template="sipas")
        services.set_survey_status(survey, "open")
        demo.load_demo_engagement(commune_a)
        demo.load_demo_engagement(commune_a)
        assert ContestQuestion.objects.count() == len(demo.DEMO_QUESTIONS) >= 20
        assert all(len(q.choices) >= 3 and q.correct for q in ContestQuestion.objects.all())
        closed = Contest.objects.get(title=demo.CLOSED_TITLE)
        assert closed.is_finished() and Contest.objects.get(title=demo.OPEN_TITLE).is_open()
        board = services.leaderboard(closed)
        assert len(board) == len(demo.DEMO_PARTICIPANTS)
        assert SurveyResponse.objects.filter(survey=survey).count() == demo.DEMO_SURVEY_ANSWERS >= MIN_SAMPLE
    page = Client().get(f"/{commune_a.slug}/cuoc-thi/{closed.pk}/ket-qua/").content.decode()
    assert "Người đoạt giải" in page and "0123 456" not in page and "Ấp Mẫu" not in page
    assert "L. N. Y." in page or "Lê Ngọc Yến" not in page  # she asked for initials
    stats = Client().get(f"/{commune_a.slug}/phan-anh/thong-ke/").context["stats"]["total"]
    assert stats.received == len(demo.DEMO_FEEDBACK) and stats.late == 2 and stats.pending == 1
    results = Client().get(f"/{commune_a.slug}/khao-sat/{survey.pk}/ket-qua/").content.decode()
    assert 'data-testid="overall-index"' in results
