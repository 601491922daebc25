"""One formatter for numbers and file sizes (Vietnamese separators), and sentences joined without ".."."""

import pytest

from tuyentruyen.lib.bounds import format_number, format_size
from tuyentruyen.lib.text import end_sentence
from tuyentruyen.reports.export import tidy


@pytest.mark.parametrize(("size", "shown"), [
    (0, "0 byte"), (812, "812 byte"), (1024, "1 KB"), (1536, "1,5 KB"), (1363148, "1,3 MB"),
    (int(57.2 * 1024 * 1024), "57,2 MB"), (5 * 1024**3, "5 GB"), (None, "0 byte"), ("x", "x"),
])
def test_sizes(size, shown):
    assert format_size(size) == shown


@pytest.mark.parametrize(("value", "places", "shown"), [
    (1234567.5, 2, "1.234.567,5"), (1234.56, 1, "1.234,6"), (3, 1, "3"), (0.25, 2, "0,25"), (None, 1, ""),
])
def test_numbers(value, places, shown):
    assert format_number(value, places) == shown


@pytest.mark.parametrize(("typed", "sentence"), [
    ("Thiếu kinh phí", "Thiếu kinh phí."), ("Thiếu kinh phí.", "Thiếu kinh phí."),
    ("Thiếu kinh phí .", "Thiếu kinh phí."), ("Đề nghị hỗ trợ?", "Đề nghị hỗ trợ?"), ("Xong./.", "Xong./."),
    ("", ""), ("  ", ""),
])
def test_sentences_end_once(typed, sentence):
    assert end_sentence(typed) == sentence


@pytest.mark.parametrize(("text", "tidied"), [
    ("đúng hạn..", "đúng hạn."), ("đúng hạn. .", "đúng hạn. ."), ("chờ ý kiến...", "chờ ý kiến..."),
    ("của UBND xã./.", "của UBND xã./."), ("xong .. tiếp", "xong. tiếp"),
])
def test_report_paragraphs_have_no_doubled_stops(text, tidied):
    assert tidy(text) == tidied
