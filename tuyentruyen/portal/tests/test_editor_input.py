"""What the body box sends becomes the same clean HTML: the editor's (Trix) output, Word's clipboard and
plain text typed with JavaScript off (``sanitize.body_from_input`` then ``sanitize_body``)."""

from pathlib import Path

import pytest

from tuyentruyen.portal.sanitize import body_from_input, sanitize_body
from tuyentruyen.portal.search import query_terms, search_text

OWN = "/xa-an-hoa/tin-tuc/anh/7/1200.jpg"
WORD = (Path(__file__).parent / "word_paste.html").read_text(encoding="utf-8")


def clean(value, body_format="auto"):
    return sanitize_body(body_from_input(value, body_format), [OWN])


@pytest.mark.parametrize("typed,saved", [
    ("Một dòng", "<p>Một dòng</p>"),
    ("Dòng một\nDòng hai\r\n\r\n  Dòng   ba  ", "<p>Dòng một</p><p>Dòng hai</p><p>Dòng ba</p>"),
    ("a < b và 3 > 2", "<p>a &lt; b và 3 &gt; 2</p>"),
    ("Gọi <script>alert(1)</script> ngay", "<p>Gọi &lt;script&gt;alert(1)&lt;/script&gt; ngay</p>"),  # shown, never run
    ("Dòng có <b>chữ đậm</b>\nDòng sau", "<p>Dòng có <strong>chữ đậm</strong></p><p>Dòng sau</p>"),
    ("<p>Đã là HTML</p><p>giữ nguyên</p>", "<p>Đã là HTML</p><p>giữ nguyên</p>"),
    ("", ""),
    ("   \n  \n", ""),
])
def test_plain_text_becomes_one_paragraph_a_line(typed, saved):
    assert clean(typed) == saved


def test_text_format_escapes_what_looks_like_tags():
    assert clean("<p>không phải thẻ</p>", "text") == "<p>&lt;p&gt;không phải thẻ&lt;/p&gt;</p>"


@pytest.mark.parametrize("trix,saved", [
    ("<div>Bà con <strong>lưu ý</strong></div>", "<p>Bà con <strong>lưu ý</strong></p>"),
    ("<div>Dòng một<br>Dòng hai<br><br>Dòng ba</div>", "<p>Dòng một</p><p>Dòng hai</p><p>Dòng ba</p>"),
    ("<div><strong><br>Bà con</strong>: x</div>", "<p><strong>Bà con</strong>: x</p>"),
    ('<div><a href="https://a.vn">một<br>hai</a></div>',
     '<p><a href="https://a.vn" rel="noopener noreferrer">một</a></p>'
     '<p><a href="https://a.vn" rel="noopener noreferrer">hai</a></p>'),
    ("<ul><li>Giấy chứng sinh</li><li>Căn cước</li></ul>", "<ul><li>Giấy chứng sinh</li><li>Căn cước</li></ul>"),
    ("<ol><li>Một</li></ol><blockquote>Trích</blockquote>", "<ol><li>Một</li></ol><blockquote>Trích</blockquote>"),
    ("<h1>Mục lớn</h1><div>Nội dung</div>", "<h2>Mục lớn</h2><p>Nội dung</p>"),
    ("<pre>Nguyên văn</pre>", "<p>Nguyên văn</p>"),
    ("<div><del>bỏ</del> giữ</div>", "<p>bỏ giữ</p>"),
    ("<div><strong></strong></div><div><br></div><div>x</div>", "<p>x</p>"),
    (f'<figure data-trix-attachment="{{&quot;url&quot;:&quot;{OWN}&quot;}}" class="attachment attachment--preview">'
     f'<img src="{OWN}" width="1200" height="800"><figcaption class="attachment__caption">'
     '<span class="attachment__name">IMG_0001.jpg</span> <span class="attachment__size">1.2 MB</span>'
     "</figcaption></figure>", f'<figure><img src="{OWN}"></figure>'),
    (f'<figure class="attachment"><img src="{OWN}"><figcaption class="attachment__caption">Họp dân &amp; bàn'
     "</figcaption></figure>",
     f'<figure><img src="{OWN}" alt="Họp dân &amp; bàn"><figcaption>Họp dân &amp; bàn</figcaption></figure>'),
    ('<figure><img src="https://elsewhere.example/p.png"><figcaption></figcaption></figure>', ""),
    ('<figure><img src="/xa-an-hoa/tin-tuc/anh/9/1200.jpg"><figcaption>Ảnh đã xóa</figcaption></figure><div>x</div>',
     "<p>x</p>"),
])
def test_the_editors_html_is_kept_as_paragraphs_lists_and_own_pictures(trix, saved):
    assert clean(trix, "html") == saved


def test_paste_from_word_keeps_structure_and_drops_office_markup():
    saved = clean(WORD, "html")
    assert saved.startswith("<p><strong>Thông báo</strong> về việc <em>tiếp công dân</em> định kỳ</p>")
    assert "<ul><li>Mang theo căn cước</li>\n<li>Đến đúng giờ</li></ul>" in saved
    assert "<ol><li>Bước một</li>\n<li>Bước hai</li></ol>" in saved
    assert ('<a href="https://dichvucong.gov.vn/p/home/dvc-trang-chu.html" rel="noopener noreferrer">'
            "Cổng dịch vụ công</a>") in saved
    assert '<table>\n <tbody><tr><td><p><strong>Ngày</strong></p></td><td colspan="2"><p>Thứ Năm</p></td>' in saved
    assert saved.endswith("<p>Hết</p>")
    for left_out in ("mso-", "o:p", "MsoNormal", "style", "class=", "font-family", "[if", "endif", "·",
                     "Symbol", "file:///", "<img", "alert", "onclick", "Normal</w:View>", "<title", "StartFragment",
                     "&nbsp;"):
        assert left_out not in saved, left_out


def test_word_paste_is_the_same_whatever_the_format_says():
    assert clean(WORD, "auto") == clean(WORD, "html")


@pytest.mark.parametrize("query,matches", [
    ("ho ngheo", True), ("Hộ nghèo", True), ("HO NGHEO", True), ("hộ", True), ("ngh", True),
    ("nghèo hộ", True), ("dang ky ho ngheo", True), ("giấy phép", False), ("o ngheo", False), ("", True),
])
def test_search_matches_the_beginning_of_words_with_or_without_diacritics(query, matches):
    text = search_text("Đăng ký hộ nghèo", "Thủ tục tại xã", "<p>Bà con <strong>mang</strong> giấy tờ</p>")
    assert all(term in text for term in query_terms(query)) is matches


def test_a_query_is_at_most_eight_words_and_each_once():
    assert query_terms("a a b c d e f g h i j") == [" a", " b", " c", " d", " e", " f", " g", " h"]
