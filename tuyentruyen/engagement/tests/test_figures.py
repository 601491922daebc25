from datetime import date

from tuyentruyen.engagement.figures import (
    FeedbackFacts,
    QuestionFacts,
    bar_chart_svg,
    feedback_figures,
    survey_results,
)

TODAY = date(2026, 3, 20)
D = date


def test_feedback_figures_on_time_and_not_unsatisfied_or_overdue():
    items = [
        FeedbackFacts(D(2026, 3, 10), D(2026, 3, 9), "satisfied"),     # on time, satisfied
        FeedbackFacts(D(2026, 3, 10), D(2026, 3, 12), ""),             # answered late
        FeedbackFacts(D(2026, 3, 10), None, ""),                       # overdue, open
        FeedbackFacts(D(2026, 3, 30), None, ""),                       # open, not yet due
        FeedbackFacts(D(2026, 3, 10), D(2026, 3, 10), "unsatisfied"),  # on time, unsatisfied
        FeedbackFacts(None, None, ""),                                 # not assigned yet
    ]
    figures = feedback_figures(items, TODAY)
    assert figures["total"] == 6 and figures["answered"] == 3
    assert figures["on_time"] == 2 and figures["overdue"] == 2 and figures["overdue_open"] == 1
    # on time among the 4 whose outcome is known (3 answered + 1 open past its deadline)
    assert figures["on_time_percent"] == 50.0
    # 3 bad of 6: late, overdue open, unsatisfied
    assert figures["not_unsatisfied_or_overdue_percent"] == 50.0


def test_feedback_figures_empty():
    assert feedback_figures([], TODAY)["on_time_percent"] is None


FACTORS = [("access", "Tiếp cận dịch vụ"), ("staff", "Công chức giải quyết"), ("result", "Kết quả")]


def test_survey_results_per_factor_and_overall():
    questions = [QuestionFacts(1, "scale", "access"), QuestionFacts(2, "scale", "staff"),
                 QuestionFacts(3, "single", "", ("Có", "Không")), QuestionFacts(4, "text", "")]
    responses = [{"1": 5, "2": 4, "3": 0, "4": "Tốt"}, {"1": 3, "2": 5, "3": 1}, {"1": 4, "2": 2}, {"1": 2}]
    results = survey_results(questions, responses, FACTORS)
    assert [f["code"] for f in results["factors"]] == ["access", "staff"]  # no question on "result"
    access, staff = results["factors"]
    assert access["index"] == 50.0 and access["mean"] == 3.5
    assert staff["index"] == 66.7
    assert results["overall_index"] == 58.4  # (50 + 66.7) / 2, rounded
    # respondent means: 4.5, 4, 3, 2 → two of four satisfied
    assert results["satisfied_respondents_percent"] == 50.0
    assert results["questions"][3]["counts"] == [("Có", 1, 50.0), ("Không", 1, 50.0)]
    assert results["questions"][4]["texts"] == ["Tốt"]


def test_chart_draws_bars_and_target_and_escapes_labels():
    svg = bar_chart_svg([("<b>Tiếp cận</b>", 95.0), ("Công chức", 80.0), ("Chưa có", None)], 90, "Chỉ số")
    assert svg.startswith("<svg") and "<b>" not in svg and "&lt;b&gt;" in svg
    assert "Mục tiêu 90 %" in svg and "stroke-dasharray" in svg
    assert svg.count('fill="#1d6b34"') == 1 and svg.count('fill="#9b1c1c"') == 1  # met / not met
    assert "95,0 %" in svg and "chưa có" in svg
