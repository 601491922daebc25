"""Reading helpers for results: a survey's SIPAS indexes and a contest's ranking, for the staff pages and
for residents' pages. Residents see only figures, never a free-text answer or a participant's contact."""

from .figures import QuestionFacts, survey_results
from .models import Factor, Survey, SurveyQuestion, SurveyResponse, SurveySection, SurveyStatus
from .scoring import public_name
from .services import leaderboard


def survey_results_of(survey):
    """(questions, responses, results of ``figures.survey_results``)."""
    sections = {s.pk: s for s in SurveySection.objects.filter(survey=survey)}
    questions = list(SurveyQuestion.objects.filter(survey=survey))
    responses = list(SurveyResponse.objects.filter(survey=survey))
    facts = [QuestionFacts(q.pk, q.kind, sections[q.section_id].factor if q.section_id in sections else "",
                           tuple(q.choices)) for q in questions]
    results = survey_results(facts, [r.answers for r in responses], list(Factor.choices))
    return questions, responses, results


def survey_period(responses):
    """(first, last) moment an answer was received, or (None, None)."""
    if not responses:
        return None, None
    return responses[0].submitted_at, responses[-1].submitted_at


def surveys_with_results(commune):
    """Surveys residents may see results of: every survey once put before residents (open or closed)."""
    return Survey.objects.filter(commune=commune, status__in=[SurveyStatus.OPEN, SurveyStatus.CLOSED])


PUBLIC_RANKING_ROWS = 100


def public_ranking(contest) -> list[dict]:
    """The ranking as residents see it: rank, name (or initials), score, time taken; winners marked."""
    return [
        {"rank": entry["rank"], "name": public_name(entry["participant"].registration, f"Người dự thi {entry['rank']}"),
         "score": entry["score"], "duration_seconds": entry["duration_seconds"],
         "winner": entry["rank"] <= contest.prize_count}
        for entry in leaderboard(contest)[:PUBLIC_RANKING_ROWS]
    ]
