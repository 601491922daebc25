import pytest

from tuyentruyen.province.ranking import matches, rank, select


def row(name, appraised=None, own=None, **extra):
    return {"name": name, "appraised_score": appraised, "self_score": own, "code": name, **extra}


@pytest.mark.parametrize("name, query, expected", [
    ("Xã Đông Hòa", "dong hoa", True),
    ("Xã Đông Hòa", "ĐÔNG", True),
    ("Xã Đông Hòa", "hoa dong", True),   # words in any order
    ("Xã Đông Hòa", "dong hai", False),
    ("Phường Bình Minh", "", True),
])
def test_search_ignores_diacritics_and_case(name, query, expected):
    assert matches(name, query) is expected


@pytest.mark.parametrize("rows, expected", [
    # appraised first, then self-score; unappraised after every appraised commune
    ([row("A", None, 9.5), row("B", 7, 6), row("C", 8, 5)], [("C", 1), ("B", 2), ("A", 3)]),
    # same appraised score: the self-score decides
    ([row("A", 8, 5), row("B", 8, 7)], [("B", 1), ("A", 2)]),
    # equal on both: same rank, the next rank skips
    ([row("A", 8, 7), row("B", 8, 7), row("C", 6, 9)], [("A", 1), ("B", 1), ("C", 3)]),
    # nothing at all comes last
    ([row("A"), row("B", None, 2)], [("B", 1), ("A", 2)]),
])
def test_ranking_orders_and_shares_ranks(rows, expected):
    assert [(r["name"], r["rank"]) for r in rank(rows)] == expected


def test_every_rank_says_why():
    ranked = rank([row("A", 8, 7), row("B", 8, 7), row("C", 8, 5), row("D", None, 9)])
    reasons = {r["name"]: r["reason"] for r in ranked}
    assert reasons["A"].startswith("Đồng hạng") and reasons["B"].startswith("Đồng hạng")
    assert "Cùng điểm thẩm định 8" in reasons["C"] and "5 so với 7" in reasons["C"]
    assert "Chưa được thẩm định" in reasons["D"]
    assert ranked[0]["tied"] and ranked[1]["tied"] and not ranked[2]["tied"]


def _r(name, late=False, issued=True, activities=0):
    return {"name": name, "late": late, "plan": {"issued": issued}, "activities": activities, "topics_covered": 0,
            "tasks_overdue": 0, "self_score": None, "appraised_score": None, "last_activity": None}


@pytest.mark.parametrize("query, only, sort, expected", [
    ("", "", "ten", ["An Hòa", "Bình Minh", "Đông Hòa"]),
    ("hoa", "", "ten", ["An Hòa", "Đông Hòa"]),
    ("", "tre-han", "ten", ["Bình Minh"]),
    ("", "chua-co-ke-hoach", "ten", ["Đông Hòa"]),
    ("", "", "hoat-dong", ["Đông Hòa", "An Hòa", "Bình Minh"]),
    ("", "khong-co", "khong-co", ["An Hòa", "Bình Minh", "Đông Hòa"]),  # unknown values fall back
])
def test_select_searches_filters_and_sorts(query, only, sort, expected):
    rows = [_r("Bình Minh", late=True, activities=1), _r("Đông Hòa", issued=False, activities=9),
            _r("An Hòa", activities=5)]
    assert [r["name"] for r in select(rows, query, only, sort)] == expected
