"""Numbering labels of Vietnamese administrative documents."""

import pytest

from tuyentruyen.plans.importer.numbering import (
    letter_index,
    next_letter,
    roman_to_int,
    split_label,
    strip_markdown,
)

CASES = [
    ("I. MỤC ĐÍCH, YÊU CẦU", ("roman", "I", "MỤC ĐÍCH, YÊU CẦU")),
    ("IV. TỔ CHỨC THỰC HIỆN", ("roman", "IV", "TỔ CHỨC THỰC HIỆN")),
    ("VII.  Xây dựng Chính quyền điện tử", ("roman", "VII", "Xây dựng Chính quyền điện tử")),
    ("1. Mục đích", ("arabic", "1", "Mục đích")),
    ("2) Yêu cầu", ("arabic", "2", "Yêu cầu")),
    ("12.Phòng Kinh tế", ("arabic", "12", "Phòng Kinh tế")),
    ("2.1. Tuyên truyền sâu rộng", ("decimal2", "2.1", "Tuyên truyền sâu rộng")),
    ("2.1 Tuyên truyền", ("decimal2", "2.1", "Tuyên truyền")),
    ("2.1.3. Chi tiết", ("decimal3", "2.1.3", "Chi tiết")),
    ("a) Tiếp tục chú trọng", ("letter", "a", "Tiếp tục chú trọng")),
    ("đ) Tuyên truyền biểu dương", ("letter", "đ", "Tuyên truyền biểu dương")),
    ("g) Đẩy mạnh", ("letter", "g", "Đẩy mạnh")),
    ("k. Tuyên truyền", ("letter", "k", "Tuyên truyền")),
    ("- Tuyên truyền về vai trò", ("dash", None, "Tuyên truyền về vai trò")),
    ("– Gạch ngang dài", ("dash", None, "Gạch ngang dài")),
    ("+ Cổng thông tin", ("plus", None, "Cổng thông tin")),
    ("• Chấm tròn", ("bullet", None, "Chấm tròn")),
    ("* Dấu sao", ("bullet", None, "Dấu sao")),
]

NOT_LABELS = [
    "f) không phải nhãn tiếng Việt",
    "j) cũng không",
    "2025 cụ thể như sau:",
    "02/4/2024 của Chính phủ",
    "90%.",
    "15.7.2021 là ngày",
    "Tuyên truyền về cải cách",
    "Lưu: VT",
    "",
    "-",
    "a. bắt đầu bằng chữ thường",
]


@pytest.mark.parametrize("line,expected", CASES)
def test_it_reads_the_label(line, expected):
    label = split_label(line)
    assert (label.kind, label.label, label.text) == expected


@pytest.mark.parametrize("line", NOT_LABELS)
def test_it_does_not_see_a_label_where_there_is_none(line):
    assert split_label(line) is None


@pytest.mark.parametrize(
    "line,text,level",
    [
        ("## 1. Mục đích", "1. Mục đích", 2),
        ("# **KẾ HOẠCH**", "KẾ HOẠCH", 1),
        ("**a)** Tiếp tục *chú trọng*", "a) Tiếp tục chú trọng", None),
        ("__Nơi nhận:__", "Nơi nhận:", None),
        ("- Tuyên truyền", "- Tuyên truyền", None),
    ],
)
def test_it_strips_markdown(line, text, level):
    assert strip_markdown(line) == (text, level)


def test_vietnamese_letters_skip_f_and_j_and_put_đ_after_d():
    assert [letter_index(x) for x in "abcdđeghik"] == list(range(10))
    assert letter_index("f") is None and letter_index("j") is None
    assert next_letter("d") == "đ" and next_letter("đ") == "e" and next_letter("e") == "g" and next_letter("i") == "k"


@pytest.mark.parametrize("roman,value", [("I", 1), ("IV", 4), ("VI", 6), ("IX", 9), ("XII", 12)])
def test_roman_numerals(roman, value):
    assert roman_to_int(roman) == value
