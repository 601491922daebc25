"""The civic-information parser (pure), table-driven."""

import pytest

from tuyentruyen.localities import civic

PHONES = [
    ("0912 345 678", "0912345678"),
    ("0296.3852.123", "02963852123"),
    ("+84 912 345 678", "0912345678"),
    ("1022", "1022"),
    ("1900 1234", "19001234"),
    ("0912 345", ""),
    ("abc", ""),
    ("", ""),
    ("09123456789012", ""),
]


@pytest.mark.parametrize("typed,dialled", PHONES)
def test_phone_digits(typed, dialled):
    assert civic.phone_digits(typed) == dialled


def test_check_phone_refuses_in_vietnamese_and_tidies():
    assert civic.check_phone("  0912   345 678 ") == "0912 345 678"
    assert civic.check_phone("") == ""
    with pytest.raises(civic.CivicInputError, match="không phải số điện thoại"):
        civic.check_phone("12345")


DIRECTORIES = [
    ("Văn phòng HĐND và UBND | Chánh Văn phòng | 0912 345 678",
     [civic.Contact("Văn phòng HĐND và UBND", "Chánh Văn phòng", "0912 345 678")]),
    ("\n  A |  B  | 1022 \n\n", [civic.Contact("A", "B", "1022")]),
    ("", []),
]


@pytest.mark.parametrize("text,expected", DIRECTORIES)
def test_parse_directory(text, expected):
    assert civic.parse_directory(text) == expected


@pytest.mark.parametrize("text,message", [
    ("Văn phòng | Chánh Văn phòng", "Dòng 1: cần đủ 3 cột"),
    ("A | B | 0912 345 678\nA | | 0912 345 678", "Dòng 2: cần đủ 3 cột"),
    ("A | B | gọi chị Lan", "Dòng 1: số “gọi chị Lan” không phải số điện thoại"),
])
def test_parse_directory_refusals(text, message):
    with pytest.raises(civic.CivicInputError, match=message):
        civic.parse_directory(text)


RECEPTIONS = [
    ("Thứ Năm | 7:30 - 11:00 | Chủ tịch UBND xã\nthu 2 | 13h30-17h | Phó Chủ tịch",
     [civic.ReceptionSlot(0, "13:30 – 17:00", "Phó Chủ tịch"),
      civic.ReceptionSlot(3, "7:30 – 11:00", "Chủ tịch UBND xã")]),
    ("Chủ nhật | 8 giờ 00 - 9 giờ 30 | Tổ tiếp công dân", [civic.ReceptionSlot(6, "8:00 – 9:30", "Tổ tiếp công dân")]),
    ("T6 | 14:00 – 16:00 | A\nT6 | 7:00 - 8:00 | B",
     [civic.ReceptionSlot(4, "7:00 – 8:00", "B"), civic.ReceptionSlot(4, "14:00 – 16:00", "A")]),
]


@pytest.mark.parametrize("text,expected", RECEPTIONS)
def test_parse_reception(text, expected):
    assert civic.parse_reception(text) == expected


@pytest.mark.parametrize("text,message", [
    ("Thứ Tám | 7:30 - 11:00 | A", "không phải thứ trong tuần"),
    ("Thứ Hai | sáng | A", "cần viết như 7:30 - 11:00"),
    ("Thứ Hai | 11:00 - 7:30 | A", "giờ bắt đầu phải trước giờ kết thúc"),
    ("Thứ Hai | 25:00 - 26:00 | A", "không hợp lệ"),
])
def test_parse_reception_refusals(text, message):
    with pytest.raises(civic.CivicInputError, match=message):
        civic.parse_reception(text)


def test_stored_rows_are_read_back_and_bad_ones_left_out():
    text = "A | B | 0912 345 678"
    rows = [vars(c) for c in civic.parse_directory(text)]
    assert civic.directory_as_text(rows) == text
    assert civic.contacts_from_stored(rows + [{"unit": 5}, "x", {"unit": "C", "role": "D", "phone": "sai"}]) == [
        civic.Contact("A", "B", "0912 345 678"), civic.Contact("C", "D", "")]
    slots = [vars(s) for s in civic.parse_reception("Thứ Ba | 7:30 - 11:00 | A")]
    assert civic.reception_as_text(slots) == "Thứ Ba | 7:30 - 11:00 | A"
    assert civic.reception_from_stored(slots + [{"weekday": 9, "time": "x", "receiver": "y"}, None]) == [
        civic.ReceptionSlot(1, "7:30 – 11:00", "A")]
    assert civic.contacts_from_stored("not a list") == [] and civic.reception_from_stored({}) == []


def test_map_url_is_a_plain_search_link():
    assert civic.map_url("") == ""
    url = civic.map_url("Số 12 đường Lê Lợi, ấp Mỹ Phú", "Xã Đông Hòa", "Tỉnh Cà Mau")
    assert url.startswith("https://www.openstreetmap.org/search?query=")
    assert "X%C3%A3+%C4%90%C3%B4ng+H%C3%B2a" in url
    assert civic.map_url("Ấp 3, xã Đông Hòa", "Xã Đông Hòa").count("%C4%90%C3%B4ng") == 1
