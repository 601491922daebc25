"""Vietnamese alphabetical order (lib/text.vi_sort_key), table-driven."""

import pytest

from tuyentruyen.lib.text import vi_sort_key

# Each row: words in the order a Vietnamese dictionary gives them.
ORDERS = [
    ("đ after d, before e", ["Dân số", "Dược", "Đăng ký", "Đất đai", "Em"]),
    ("đ before z, unlike code points", ["Đăng ký khai sinh", "Xác nhận", "Zalo"]),
    ("a ă â", ["An", "Ăn", "Ấp", "Ba"]),
    ("e ê", ["Em", "Ém", "Ếch", "Êm"]),
    ("o ô ơ", ["Ong", "Ông", "Ơn", "Phường"]),
    ("u ư", ["Ung", "Ửng", "Vạn"]),
    ("tones break ties: none, huyền, sắc, hỏi, ngã, nặng", ["ma", "mà", "má", "mả", "mã", "mạ"]),
    ("letters before tones", ["mà", "mai"]),
    ("shorter first at a word boundary", ["Xã A", "Xã An", "Xã Ấp"]),
    ("digits before letters", ["Thôn 2", "Thôn 10", "Thôn A"]),
    ("case does not change the letter order", ["cấp", "Chứng thực", "đổi"]),
    ("decomposed input sorts like composed", ["Dê", "Đe\u0301", "Ê"]),
]


@pytest.mark.parametrize("label,expected", ORDERS, ids=[row[0] for row in ORDERS])
def test_vietnamese_order(label, expected):
    assert sorted(reversed(expected), key=vi_sort_key) == expected
    assert sorted(expected[::2] + expected[1::2], key=vi_sort_key) == expected


def test_the_order_is_total_and_text_stays_apart():
    assert vi_sort_key("Cấp") != vi_sort_key("cấp")
    assert vi_sort_key("") == ((), (), "")
    assert vi_sort_key(None) == ((), (), "")
