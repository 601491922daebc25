"""Vietnamese text normalisation for procedure search."""

import pytest

from tuyentruyen.procedures.search import text


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Đăng ký khai sinh", "dang ky khai sinh"),
        ("ĐĂNG KÝ", "dang ky"),
        ("Chứng thực bản sao", "chung thuc ban sao"),
        ("  nhiều   khoảng trắng ", "nhieu khoang trang"),
        ("Hòa giải", "hoa giai"),
        ("", ""),
    ],
)
def test_fold_drops_marks_and_d_bar(raw, folded):
    assert text.fold(raw) == folded


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ký", "kí"),  # y/i spelling variant
        ("Ký", "ki"),
        ("lý", "lí"),
        ("quý", "quí"),
        ("hoà", "hòa"),  # old and new tone placement
        ("thuỷ", "thủy"),
        ("đăng", "dang"),
    ],
)
def test_spelling_variants_share_a_folded_key(a, b):
    assert text.fold_syllable(a) == text.fold_syllable(b)


def test_accent_key_ignores_tone_placement_but_keeps_tone():
    assert text.accent_key("hoà") == text.accent_key("hòa")
    assert text.accent_key("ký") == text.accent_key("kí")
    assert text.accent_key("sổ") != text.accent_key("số")
    assert text.fold_syllable("sổ") == text.fold_syllable("số")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Làm giấy khai sinh?", ["làm", "giấy", "khai", "sinh"]),
        ("CCCD, hộ_khẩu!", ["căn", "cước", "công", "dân", "hộ", "khẩu"]),
        ("<i>kết hôn</i>", ["i", "kết", "hôn", "i"]),
        ("2025", ["2025"]),
    ],
)
def test_syllables(raw, expected):
    assert text.syllables(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("dk khai sinh", "dang ki khai sinh"),
        ("đk kết hôn", "dang ki ket hon"),
        ("ko biết", "khong biet"),
        ("k có", "khong co"),
        ("gks cho con", "giay khai sinh cho con"),
        ("hkd", "ho kinh doanh"),
        ("làm j", "lam gi"),
    ],
)
def test_abbreviations_expand(raw, expected):
    assert " ".join(text.folded_syllables(raw)) == expected


def test_official_text_keeps_list_markers():
    assert text.syllables("a) Tờ khai", min_abbreviation=3) == ["a", "tờ", "khai"]


def test_bigrams_and_trigrams():
    assert text.bigrams(["dang", "ki", "khai"]) == ["dang_ki", "ki_khai"]
    assert "#kh" in text.char_trigrams("khai")
    assert text.trigram_similarity("khai", "khai") == 1.0


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("sinh", "sinh", 0), ("xinh", "sinh", 1), ("khia", "khai", 1), ("sin", "sinh", 1), ("abcdef", "x", 3)],
)
def test_edit_distance(a, b, distance):
    assert text.edit_distance(a, b, limit=2) == distance


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("trung", "chung", True), ("xinh", "sinh", True), ("ket", "kec", True), ("khai", "sinh", False)],
)
def test_confusable_sounds(a, b, expected):
    assert text.is_confusable(a, b) is expected


def test_has_diacritics():
    assert text.has_diacritics("đăng")
    assert text.has_diacritics("Đ")
    assert not text.has_diacritics("dang ky")
