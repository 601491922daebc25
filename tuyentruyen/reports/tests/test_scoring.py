"""The engine over the shipped default scheme, table-driven; pure, no database."""

import json
from pathlib import Path

import pytest

from tuyentruyen.reports.scoring import score, validation_errors

SCHEME = json.loads((Path(__file__).parents[1] / "schemes" / "default_commune.json").read_text(encoding="utf-8"))


def facts(planned=0, done=0, **kinds):
    """kinds: code=(count, with_evidence)"""
    return {"targets": {"planned": planned, "done": done},
            "activities": {code: {"count": c, "with_evidence": e,
                                  "examples": [{"title": f"HĐ {code}", "url": f"/hoat-dong/{code}/"}] if e else []}
                           for code, (c, e) in kinds.items()}}


COMPLETION = [
    # planned, done, points
    (10, 10, 1.0),
    (20, 19, 0.95),
    (10, 9, 0.9),  # exactly 90%: ratio × 1
    (100, 89, 0.0),  # under 90%
    (0, 0, 0.0),  # nothing planned: nothing proven
    (10, 12, 1.0),  # over 100% caps at the maximum
]


@pytest.mark.parametrize("planned,done,points", COMPLETION)
def test_plan_completion(planned, done, points):
    result = score(SCHEME, facts(planned, done))
    assert result.items[0].points == points


DIVERSITY = [
    # activities by kind code, diversity points
    ({}, 0.0),
    ({"electronic_board": (3, 1)}, 0.25),
    ({"electronic_board": (3, 0)}, 0.0),  # no evidence, no point
    ({"news_article": (5, 2)}, 0.25),
    ({"social_post": (1, 1), "electronic_board": (1, 1)}, 0.5),
    ({"conference": (2, 1)}, 0.5),
    ({"leaflet": (2, 0)}, 0.0),
    ({"conference": (1, 1), "leaflet": (1, 1)}, 0.5),  # traditional forms count once
    ({"conference": (1, 1), "video": (1, 1), "electronic_board": (2, 2)}, 1.0),
]


@pytest.mark.parametrize("kinds,points", DIVERSITY)
def test_diversity_of_forms(kinds, points):
    result = score(SCHEME, facts(10, 10, **kinds))
    assert result.items[1].points == points
    assert result.points == 1.0 + points
    assert result.max_points == 2


def test_each_point_links_to_its_evidence_and_says_where_points_are_lost():
    result = score(SCHEME, facts(10, 9, electronic_board=(2, 0), video=(1, 1)))
    flat = {item.code: item for _, item in result.flat()}
    assert flat["online_web"].points == 0.25 and flat["online_web"].evidence[0]["url"] == "/hoat-dong/video/"
    assert flat["online_board"].lost == 0.25 and "chưa hoạt động nào kèm minh chứng" in flat["online_board"].explanation
    assert flat["traditional"].lost == 0.5 and "Chưa ghi nhận" in flat["traditional"].explanation
    assert "9/10" in flat["completion"].explanation
    assert result.points == 0.9 + 0.25


def test_a_province_scheme_with_its_own_rules():
    scheme = {"name": "Tỉnh X", "criterion": "Tuyên truyền", "items": [
        {"code": "c", "label": "Hoàn thành", "max_points": 2,
         "rule": {"type": "completion_ratio", "points": 2, "full_at": 0.95, "min_ratio": 0.8}},
        {"code": "r", "label": "Truyền thanh", "rule": {"type": "has_activity_with_evidence", "kinds": ["radio"],
                                                         "points": 1}}]}
    assert validation_errors(scheme) == []
    result = score(scheme, facts(10, 8, radio=(1, 1)))
    assert [i.points for i in result.items] == [1.6, 1.0] and result.max_points == 3


@pytest.mark.parametrize("scheme,message", [
    ([], "đối tượng JSON"),
    ({"name": "X", "items": []}, "ít nhất một mục"),
    ({"name": "X", "items": [{"label": "a", "rule": {"type": "magic"}}]}, "rule.type"),
    ({"name": "X", "items": [{"label": "a", "rule": {"type": "has_activity_with_evidence", "points": 1}}]}, "mã hình thức"),
    ({"name": "X", "items": [{"label": "a", "rule": {"type": "completion_ratio", "points": -1}}]}, "không âm"),
    ({"name": "X", "items": [{"label": "a", "rule": {"type": "sum", "items": []}}]}, "mục con"),
])
def test_bad_schemes_are_explained(scheme, message):
    assert any(message in error for error in validation_errors(scheme))


def test_the_shipped_scheme_is_valid():
    assert validation_errors(SCHEME) == []
