"""Timeframes of tasks: text → start, due, recurrence, trigger."""

import pytest

from tuyentruyen.plans.importer.timeframes import match_timeframe_prefix, parse_period, parse_timeframe

H2 = ("2025-07-01", "2025-12-31")

# text, period, start, due, recurrence, trigger
CASES = [
    ("Thường xuyên", None, None, None, "ongoing", None),
    ("Liên tục", None, None, None, "ongoing", None),
    ("Hàng quý", None, None, None, "quarterly", None),
    ("Hằng quý", None, None, None, "quarterly", None),
    ("Hàng tháng", None, None, None, "monthly", None),
    ("Hằng tháng", None, None, None, "monthly", None),
    ("Hàng tuần", None, None, None, "weekly", None),
    ("Hàng năm", None, None, None, "yearly", None),
    ("6 tháng", None, None, None, "half_yearly", None),
    ("Định kỳ 6 tháng", None, None, None, "half_yearly", None),
    ("Quý IV/2025", None, "2025-10-01", "2025-12-31", "none", None),
    ("Quý III/2025", None, "2025-07-01", "2025-09-30", "none", None),
    ("Quý I năm 2026", None, "2026-01-01", "2026-03-31", "none", None),
    ("Quý 2/2026", None, "2026-04-01", "2026-06-30", "none", None),
    ("Quý III, IV/2025", None, "2025-07-01", "2025-12-31", "none", None),
    ("Quý IV", H2, "2025-10-01", "2025-12-31", "none", None),
    ("Quý IV", None, None, None, "none", None),
    ("Trong tháng 7/2025", None, "2025-07-01", "2025-07-31", "none", None),
    ("Tháng 12/2025", None, "2025-12-01", "2025-12-31", "none", None),
    ("Tháng 8-9/2025", None, "2025-08-01", "2025-09-30", "none", None),
    ("Tháng 2/2024", None, "2024-02-01", "2024-02-29", "none", None),
    ("Từ tháng 7 đến tháng 9 năm 2025", None, "2025-07-01", "2025-09-30", "none", None),
    ("Trong tháng 8", H2, "2025-08-01", "2025-08-31", "none", None),
    ("Trước ngày 05/12/2025", None, None, "2025-12-05", "none", None),
    ("Trước ngày 5 tháng 12 năm 2025", None, None, "2025-12-05", "none", None),
    ("Chậm nhất ngày 30/9/2025", None, None, "2025-09-30", "none", None),
    ("Trước ngày 15/11", H2, None, "2025-11-15", "none", None),
    ("Trước ngày 15/11", None, None, None, "none", None),
    ("Từ ngày 01/8/2025 đến ngày 30/9/2025", None, "2025-08-01", "2025-09-30", "none", None),
    ("6 tháng cuối năm 2025", None, "2025-07-01", "2025-12-31", "none", None),
    ("6 tháng đầu năm 2026", None, "2026-01-01", "2026-06-30", "none", None),
    ("6 tháng cuối năm", H2, "2025-07-01", "2025-12-31", "none", None),
    ("Cả năm 2025", None, "2025-01-01", "2025-12-31", "none", None),
    ("Năm 2025", None, "2025-01-01", "2025-12-31", "none", None),
    ("Trong năm 2026", None, "2026-01-01", "2026-12-31", "none", None),
    ("Năm 2025-2026", None, "2025-01-01", "2026-12-31", "none", None),
    ("Ngày 19/8/2025", None, "2025-08-19", "2025-08-19", "none", None),
    (
        "Sau khi có Quyết định của UBND thành phố", None, None, None, "none",
        "Sau khi có Quyết định của UBND thành phố",
    ),
    ("Ngay sau khi Kế hoạch được ban hành", None, None, None, "none", "Ngay sau khi Kế hoạch được ban hành"),
    ("Thường xuyên; báo cáo trước ngày 05/12/2025", None, None, "2025-12-05", "ongoing", None),
    ("Hàng quý, trước ngày 08 của tháng cuối quý", None, None, None, "quarterly", None),
    ("Quý IV/2025; trước ngày 15/12/2025", None, "2025-10-01", "2025-12-15", "none", None),
    ("", None, None, None, "none", None),
    ("Theo kế hoạch", None, None, None, "none", "Theo kế hoạch"),
]


@pytest.mark.parametrize("text,period,start,due,recurrence,trigger", CASES)
def test_it_reads_the_timeframe(text, period, start, due, recurrence, trigger):
    got = parse_timeframe(text, *(period or (None, None)))
    assert got == {"text": text, "start": start, "due": due, "recurrence": recurrence, "trigger": trigger}


def test_the_table_is_large_enough():
    assert len(CASES) >= 30


def test_it_normalises_the_text():
    assert parse_timeframe("  Quý  IV/2025 \n")["text"] == "Quý IV/2025"


@pytest.mark.parametrize(
    "text,label,start,end",
    [
        ("Tuyên truyền CCHC xã Vĩnh Bảo 6 tháng cuối năm 2025", "6 tháng cuối năm 2025", "2025-07-01", "2025-12-31"),
        ("Tuyên truyền CCHC 6 tháng đầu năm 2026", "6 tháng đầu năm 2026", "2026-01-01", "2026-06-30"),
        ("Tuyên truyền cải cách hành chính năm 2026", "năm 2026", "2026-01-01", "2026-12-31"),
        ("Kế hoạch giai đoạn 2021-2025", "giai đoạn 2021-2025", "2021-01-01", "2025-12-31"),
    ],
)
def test_it_reads_the_plan_period(text, label, start, end):
    assert parse_period(text) == {"label": label, "start": start, "end": end}


def test_a_title_without_a_period_has_none():
    assert parse_period("Tuyên truyền cải cách hành chính") is None


@pytest.mark.parametrize(
    "text,prefix",
    [
        ("Trong tháng 7/2025 Kế hoạch của UBND xã", "Trong tháng 7/2025"),
        ("Hàng quý Báo cáo, tổng hợp", "Hàng quý"),
        ("Cả năm 2025 Văn bản đề nghị", "Cả năm 2025"),
        ("6 tháng cuối năm 2025 Kế hoạch của UBND xã", "6 tháng cuối năm 2025"),
        ("Kế hoạch của UBND xã", ""),
    ],
)
def test_it_finds_a_timeframe_at_the_start_of_a_merged_line(text, prefix):
    assert text[: match_timeframe_prefix(text)] == prefix
