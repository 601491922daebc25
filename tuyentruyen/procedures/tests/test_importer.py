"""The catalogue file reader: tables found by their header words, groups, statuses, row errors, file kinds."""

import json

import pytest

from tuyentruyen.procedures.importer import CatalogueImportError, parse_catalogue

from .tables import BIRTH, GARDEN, HEADER, MARRIAGE, docx_annex, xlsx_annex


def test_docx_annex_table_with_merged_group_rows():
    data = docx_annex([("I. Lĩnh vực Hộ tịch", [BIRTH, MARRIAGE]), ("II. LĨNH VỰC NÔNG NGHIỆP", [GARDEN])])
    parsed = parse_catalogue(data, "phu-luc.pdf")  # the name lies; the content decides
    assert parsed.kind == "docx" and parsed.partial
    names = [(r["name"], r["field"]) for r in parsed.records]
    assert names == [("Đăng ký khai sinh", "Hộ tịch"), ("Đăng ký kết hôn", "Hộ tịch"),
                     ("Thủ tục thử nghiệm về vườn cây ăn quả", "Nông nghiệp")]
    birth = parsed.records[0]
    assert birth["processing_time"] == "Ngay trong ngày"
    assert birth["submission"] == {"counter": "Bộ phận Một cửa UBND xã"}
    assert birth["fees"] == "Miễn lệ phí"
    assert birth["legal_bases"] == ["Luật Hộ tịch số 60/2014/QH13 ngày 20/11/2014",
                                    "Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ"]
    assert "status" not in birth


def test_xlsx_annex_with_title_rows_column_numbers_and_merged_groups():
    parsed = parse_catalogue(xlsx_annex([("I. Lĩnh vực Hộ tịch", [BIRTH, MARRIAGE])]), "danh-muc.xlsx")
    assert parsed.kind == "xlsx"
    assert [r["name"] for r in parsed.records] == ["Đăng ký khai sinh", "Đăng ký kết hôn"]
    assert parsed.records[1]["field"] == "Hộ tịch"


@pytest.mark.parametrize("heading,status", [
    ("DANH MỤC THỦ TỤC HÀNH CHÍNH BỊ BÃI BỎ", "abolished"),
    ("Danh mục thủ tục hành chính được sửa đổi, bổ sung", "amended"),
    ("Danh mục thủ tục hành chính mới ban hành", "in_force"),
    ("Danh mục thủ tục mới ban hành, sửa đổi, bổ sung và bãi bỏ", None),
])
def test_the_heading_above_a_table_sets_the_status(heading, status):
    records = parse_catalogue(docx_annex([("I. Lĩnh vực Hộ tịch", [BIRTH])], heading=heading)).records
    assert records[0].get("status") == status


def test_a_group_row_can_switch_status_inside_one_table():
    data = xlsx_annex([("A. Thủ tục hành chính mới ban hành", [BIRTH]),
                       ("B. Thủ tục hành chính bị bãi bỏ", [GARDEN])])
    records = parse_catalogue(data).records
    assert [r.get("status") for r in records] == ["in_force", "abolished"]


def test_row_errors_name_the_row_and_nothing_is_returned():
    nameless = ["3", "", "5 ngày", "UBND xã", "", ""]
    duplicate = ["4", "Đăng ký khai sinh", "", "", "", ""]
    with pytest.raises(CatalogueImportError) as caught:
        parse_catalogue(xlsx_annex([("I. Lĩnh vực Hộ tịch", [BIRTH, nameless, duplicate])]))
    errors = caught.value.errors
    # title, blank, header, column numbers, group: the birth row is row 6 of the sheet
    assert "Trang tính “Phụ lục”, dòng 7: thiếu tên thủ tục." in errors
    assert any("dòng 8" in e and "trùng" in e and "dòng 6" in e for e in errors)


def test_a_table_without_the_header_words_is_refused():
    with pytest.raises(CatalogueImportError) as caught:
        parse_catalogue(_no_header())
    assert "Không tìm thấy bảng danh mục thủ tục" in caught.value.errors[0]


def _no_header() -> bytes:
    import io

    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["Cột A", "Cột B"])
    workbook.active.append(["1", "Đăng ký khai sinh"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_header_words_in_another_order_and_spelling():
    import io

    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["TT", "Mã số TTHC", "Tên TTHC", "Lĩnh vực", "Thời gian giải quyết", "Căn cứ pháp lý"])
    sheet.append([1, "1.001193", "Đăng ký khai sinh", "Hộ tịch", "Trong ngày", "Luật Hộ tịch 2014"])
    out = io.BytesIO()
    workbook.save(out)
    record = parse_catalogue(out.getvalue()).records[0]
    assert record["code"] == "1.001193" and record["field"] == "Hộ tịch"
    assert record["processing_time"] == "Trong ngày"
    assert HEADER  # the shared header is exercised by the other tests


def test_json_export_round_trip_and_row_errors():
    good = [{"code": "1.001193", "name": "Đăng ký khai sinh", "steps": ["Bước 1"], "status": "in_force"}]
    assert parse_catalogue(json.dumps(good).encode()).records[0]["steps"] == ["Bước 1"]
    bad = [
        {"code": "1.001193", "name": "Đăng ký khai sinh"},
        {"code": "có dấu cách", "name": "X"},
        {"code": "1.001193", "name": "Trùng mã"},
        {"code": "2.0001", "name": "Y", "steps": "không phải danh sách", "status": "đang xét"},
        {"code": "2.0002", "name": "Z", "submission": {"online_url": "javascript:alert(1)"}},
        "một chuỗi",
    ]
    with pytest.raises(CatalogueImportError) as caught:
        parse_catalogue(json.dumps(bad, ensure_ascii=False).encode())
    text = "\n".join(caught.value.errors)
    assert "Thủ tục thứ 2" in text and "không hợp lệ" in text
    assert "Thủ tục thứ 3 (mã 1.001193): mã thủ tục trùng với thủ tục thứ 1." in text
    assert "“steps”" in text and "tình trạng “đang xét”" in text
    assert "online_url" in text and "Thủ tục thứ 6" in text


@pytest.mark.parametrize("data,message", [
    (b"", "Tệp rỗng."),
    (b"%PDF-1.7 ...", "Định dạng tệp không được hỗ trợ"),
    (b"[not json", "Tệp JSON không hợp lệ"),
    (b"PK\x03\x04garbage", "Tệp bị hỏng"),
])
def test_file_kind_is_judged_by_content(data, message):
    with pytest.raises(CatalogueImportError) as caught:
        parse_catalogue(data, "danh-muc.xlsx")
    assert message in caught.value.errors[0]
