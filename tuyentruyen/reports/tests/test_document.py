"""Layout of the document a leader signs (``document.py``): column widths, shortened topics, Roman
numerals, absolute evidence links. Table-driven; pure."""

import pytest

from tuyentruyen.reports import document, export

TOPIC = ("a. Chủ trương của Đảng, chính sách, pháp luật của Nhà nước về cải cách hành chính; trọng tâm là "
         "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021-2030.")


@pytest.mark.parametrize(("text", "expected"), [
    (TOPIC, "a. Chủ trương của Đảng, chính sách, pháp luật của…"),
    ("1.2. Tuyên truyền về dịch vụ công trực tuyến mức độ toàn trình trên Cổng Dịch vụ công quốc gia",
     "1.2. Tuyên truyền về dịch vụ công trực tuyến mức…"),
    ("Nội dung ngắn", "Nội dung ngắn"),
    ("b) Văn hóa   công vụ", "b) Văn hóa công vụ"),
    ("", ""),
])
def test_shorten_keeps_the_label_and_first_words(text, expected):
    assert document.shorten(text) == expected


@pytest.mark.parametrize(("headings", "rows", "total"), [
    (["TT", "Nhiệm vụ", "Hạn"], [["1", "Treo băng rôn, khẩu hiệu tại trụ sở và nhà văn hóa thôn " * 3, "31/03/2026"]],
     165),
    (["TT", "Hình thức", "Số hoạt động"], [["1", "Phát thanh", "2"]], 165),
    (["TT", "Nhiệm vụ", "Hạn", "Tình trạng", "Tiến độ", "Ghi chú"],
     [[str(i), "Nhiệm vụ dài " * 8, "30/09/2026", "Quá hạn", "0%", "chờ kinh phí"] for i in range(20)], 252),
])
def test_columns_fill_the_width_and_hold_their_longest_word(headings, rows, total):
    widths = document.column_widths(headings, rows, total, 12)
    assert sum(widths) == pytest.approx(total)
    for index, width in enumerate(widths):
        longest = max(document.text_width_mm(w, 12, True) for w in headings[index].split())
        assert width >= longest + document.CELL_PADDING_MM - 0.01
    assert widths[0] < widths[1]  # the number column is narrow, the text column wide


def test_the_previous_period_keeps_its_roman_numeral():
    figures = {"comparison": {"previous_label": "quý II năm 2026", "rows": []}}
    headings = export.tables(figures, commune_level=True)["comparison"][0]
    assert "Quý II năm 2026" in headings and "Quý ii năm 2026" not in headings


@pytest.mark.parametrize(("url", "expected"), [
    ("/hoat-dong/minh-chung/3/", "https://xa.example.vn/hoat-dong/minh-chung/3/"),
    ("https://facebook.com/x", "https://facebook.com/x"),
    ("//cdn.example/x", "//cdn.example/x"),
])
def test_evidence_links_are_absolute(url, expected):
    assert document.absolute(url, "https://xa.example.vn/") == expected


def test_the_evidence_list_names_each_file_with_its_address():
    figures = {"notable": [{"id": 7, "title": "Hội nghị", "date_label": "05/03/2026",
                            "evidence": [{"label": "anh-hoi-nghi.jpg", "url": "/hoat-dong/minh-chung/3/"}]}]}
    assert export.tables(figures, commune_level=False)["notable"][1][0][-1] == "MC1"
    assert export.evidence_lines(figures, "https://xa.example.vn") == [
        "MC1. Hội nghị (05/03/2026): anh-hoi-nghi.jpg — https://xa.example.vn/hoat-dong/minh-chung/3/"]


@pytest.mark.parametrize(("text", "centred"), [
    ("12", True), ("3.400", True), ("0,8", True), ("75%", True), ("—", True), ("-1", True), ("31/03/2026", True),
    ("Quá hạn", False), ("MC1, MC2", False), ("Phát thanh", False),
])
def test_figures_are_told_from_text(text, centred):
    assert document.is_figure(text) is centred
