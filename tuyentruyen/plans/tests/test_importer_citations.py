"""Citations of documents in running text."""

import pytest

from tuyentruyen.plans.importer.citations import find_citations, merge_citations

# text, expected [(type, number, date)]
CASES = [
    ("Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ", [("Nghị quyết", "76/NQ-CP", "2021-07-15")]),
    ("Nghị quyết số 76/NQ-СР ngày 15/7/2021", [("Nghị quyết", "76/NQ-CP", "2021-07-15")]),  # Cyrillic С, Р
    ("Nghị quyết số 76/NQ- СР ngày 15/7/2021", [("Nghị quyết", "76/NQ-CP", "2021-07-15")]),
    ("Kế hoạch số 167/KH-SVHTT&DL ngày 12/8/ 2025 của Sở", [("Kế hoạch", "167/KH-SVHTT&DL", "2025-08-12")]),
    ("Kế hoạch số15/KH-UBND ngày 28 /07/2025", [("Kế hoạch", "15/KH-UBND", "2025-07-28")]),
    ("Nghị quyết 38/NQ-CP ngày 02/4/2024", [("Nghị quyết", "38/NQ-CP", "2024-04-02")]),
    ("Công văn số 48/CV BCĐTKNQ18 ngày 3/3/2025", [("Công văn", "48/CV-BCĐTKNQ18", "2025-03-03")]),
    ("Kế hoạch số 08/KH UBND của UBND xã", [("Kế hoạch", "08/KH-UBND", None)]),
    ("Kế hoạch số 339-\nKH/TU ngày 23/02/2024", [("Kế hoạch", "339-KH/TU", "2024-02-23")]),
    ("Chỉ thị số 23/CT-\nTTg ngày 02/9/2021", [("Chỉ thị", "23/CT-TTg", "2021-09-02")]),
    ("Nghị quyết số 169/2024/QH15 ngày 30/11/2024 của Quốc hội", [("Nghị quyết", "169/2024/QH15", "2024-11-30")]),
    ("Nghị định số 45/2020/NĐ-CP và Nghị định số 107/2021/NĐ-CP", [
        ("Nghị định", "45/2020/NĐ-CP", None), ("Nghị định", "107/2021/NĐ-CP", None)]),
    ("Căn cứ Kế hoạch số 167/KH-SVHTTDL ngày 12 tháng 8 năm 2025 của Sở",
     [("Kế hoạch", "167/KH-SVHTTDL", "2025-08-12")]),
    ("Quyết định số 1036/QĐ-UBND ngày 07/4/2021 của Ủy ban nhân dân thành phố phê duyệt Đề án",
     [("Quyết định", "1036/QĐ-UBND", "2021-04-07")]),
    ("Thông tư số 01/2023/TT-BNV ngày 5/1/2023", [("Thông tư", "01/2023/TT-BNV", "2023-01-05")]),
    ("Kết luận số 62-KL/TW ngày 02/10/2023 của Bộ Chính trị về việc thực hiện Nghị quyết số 19-NQ/TW ngày 25/10/2017",
     [("Kết luận", "62-KL/TW", "2023-10-02"), ("Nghị quyết", "19-NQ/TW", "2017-10-25")]),
    ("Luật Tổ chức Chính phủ năm 2025 quy định", [("Luật", None, None)]),
    ("Luật Quản lý, sử dụng vốn nhà nước tại doanh nghiệp số 69/2014/QH13", [("Luật", "69/2014/QH13", None)]),
    ("Thông báo số 12/TB-UBND ngày 01/02/2025", [("Thông báo", "12/TB-UBND", "2025-02-01")]),
    ("Hướng dẫn số 05/HD-SNV", [("Hướng dẫn", "05/HD-SNV", None)]),
    ("tiêu chuẩn quốc gia TCVN ISO 9001:2015 và TCVN ISO 18091:2020", []),
    ("các Nghị quyết của thành ủy, Chương trình tổng thể giai đoạn 2021-2030", []),
    ("chính sách pháp luật của Nhà nước", []),
    ("Kế hoạch 2021-2025 của tỉnh", []),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_it_finds_the_citations(text, expected):
    assert [(c["type"], c["number"], c["date"]) for c in find_citations(text)] == expected


def test_it_reads_issuer_and_title():
    (c,) = find_citations(
        "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ về ban hành Chương trình tổng thể cải cách "
        "hành chính nhà nước giai đoạn 2021-2030; tiếp theo"
    )
    assert c["issuer"] == "Chính phủ"
    assert c["title"] == "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021-2030"


def test_an_issuer_with_a_comma_keeps_its_whole_name():
    (c,) = find_citations("Kế hoạch số 167/KH-SVHTT&DL ngày 12/8/2025 của Sở Văn hóa, Thể thao và Du lịch về việc x")
    assert c["issuer"] == "Sở Văn hóa, Thể thao và Du lịch"


def test_an_unnumbered_law_has_its_name_as_title():
    (c,) = find_citations("theo Luật Tổ chức Chính phủ năm 2025.")
    assert c == {"type": "Luật", "number": None, "date": None, "issuer": None, "title": "Tổ chức Chính phủ năm 2025"}


def test_a_title_stops_before_the_next_listed_document():
    found = find_citations(
        "Nghị quyết 38/NQ-CP ngày 02/4/2024 của Chính phủ ban hành Chương trình hành động và triển khai thực hiện "
        "Kế hoạch số 339-KH/TU ngày 23/02/2024 của Ban Thường vụ Thành ủy thực hiện Kết luận số 62-KL/TW"
    )
    assert found[0]["title"] == "Chương trình hành động"
    assert found[1]["title"] == "thực hiện Kết luận số 62-KL/TW"
    assert [c["number"] for c in found] == ["38/NQ-CP", "339-KH/TU", "62-KL/TW"]


def test_merging_keeps_the_first_mention_and_fills_gaps():
    merged = merge_citations(
        find_citations("Nghị quyết số 169/2024/QH15 về đô thị. Nghị quyết số 169/2024/QH15 ngày 30/11/2024 của Quốc hội")
    )
    assert len(merged) == 1
    assert merged[0]["date"] == "2024-11-30"
    assert merged[0]["title"] == "đô thị"
