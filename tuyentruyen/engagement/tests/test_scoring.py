import random
from datetime import UTC, datetime

from tuyentruyen.engagement.scoring import Result, clean_answers, draw_layout, rank, score


def test_draw_layout_is_random_per_attempt_and_complete():
    pool = {n: 4 for n in range(1, 21)}
    a = draw_layout(pool, 5, random.Random(1))
    b = draw_layout(pool, 5, random.Random(2))
    assert len(a) == 5 and len({i["q"] for i in a}) == 5
    assert all(sorted(i["order"]) == [0, 1, 2, 3] for i in a)
    assert a != b


def test_clean_answers_keeps_only_the_attempts_questions_and_real_choices():
    layout = [{"q": 7, "order": [2, 0, 1]}, {"q": 9, "order": [1, 0]}]
    cleaned = clean_answers(layout, {"7": ["2", "x", "5"], "9": [], "99": ["0"]})
    assert cleaned == {"7": [2], "9": []}


def test_score_needs_exactly_the_correct_set():
    layout = [{"q": 1, "order": [0, 1, 2]}, {"q": 2, "order": [0, 1, 2]}, {"q": 3, "order": [0, 1]}]
    correct = {1: [1], 2: [0, 2], 3: [0]}
    assert score(layout, {"1": [1], "2": [0, 2], "3": []}, correct) == 2
    assert score(layout, {"1": [1, 2], "2": [0], "3": [0]}, correct) == 1


def test_rank_by_score_then_tie_break_then_time():
    t = datetime(2026, 3, 1, tzinfo=UTC)
    results = [
        Result(1, 8, 100, 300, t), Result(1, 9, 100, 400, t),  # participant 1's best is 9
        Result(2, 9, 48, 500, t),   # same score, closer guess (50 took part) → ahead of 1
        Result(3, 9, 48, 200, t),   # same score and guess, faster → ahead of 2
        Result(4, 10, None, 900, t),
    ]
    ranked = rank(results, participant_count=50)
    assert [r.participant_id for r, _ in ranked] == [4, 3, 2, 1]
    assert ranked[1][1] == 2 and ranked[0][1] is None
