from xml.etree import ElementTree

from tuyentruyen.reports.charts import fold_series, horizontal_bars, stacked_columns

SVG = "{http://www.w3.org/2000/svg}"


def test_stacked_columns_is_valid_accessible_svg():
    svg = stacked_columns("c", "Hoạt động <theo> tháng", ["T1", "T2", "T3"],
                          [("Băng rôn & khẩu hiệu", [1, 0, 2]), ("Hội nghị", [0, 3, 1])])
    root = ElementTree.fromstring(svg)
    assert root.get("role") == "img" and root.get("viewBox")
    assert root.find(f"{SVG}title").text == "Hoạt động <theo> tháng"
    assert "T1: 1; T2: 3; T3: 3" in root.find(f"{SVG}desc").text
    assert len(root.findall(f"{SVG}rect")) == 4 + 2  # four bars, two legend keys


def test_empty_charts_say_so():
    for svg in (stacked_columns("c", "t", ["T1"], []), horizontal_bars("h", "t", [], empty_text="Trống.")):
        root = ElementTree.fromstring(svg)
        assert "Chưa có" in svg or "Trống." in svg
        assert root.tag == f"{SVG}svg"


def test_many_series_fold_into_other():
    series = [(f"K{i}", [i]) for i in range(10)]
    folded = fold_series(series)
    assert len(folded) == 7 and folded[-1][0] == "Khác" and sum(v[0] for _, v in folded) == sum(range(10))


def test_horizontal_bars_mark_zero_rows():
    svg = horizontal_bars("h", "Nội dung", [("Nội dung A", 3), ("Nội dung B", 0)])
    ElementTree.fromstring(svg)
    assert "Nội dung B" in svg and svg.count("<rect") == 3  # two tracks, one filled bar
