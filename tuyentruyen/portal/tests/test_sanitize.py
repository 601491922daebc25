import pytest

from tuyentruyen.portal.sanitize import enhance_images, html_to_text, sanitize_body

OWN = "/xa-an-hoa/tin-tuc/anh/1/1200.jpg"


@pytest.mark.parametrize("dirty,clean", [
    ("<p>Chào <script>alert(1)</script>bà con</p>", "<p>Chào bà con</p>"),
    ('<p onclick="x()">Một</p>', "<p>Một</p>"),
    ('<a href="javascript:alert(1)">bấm</a>', '<a rel="noopener noreferrer">bấm</a>'),
    ('<a href="JaVaScRiPt:alert(1)">bấm</a>', '<a rel="noopener noreferrer">bấm</a>'),
    ('<a href="https://dichvucong.gov.vn">DVC</a>', '<a href="https://dichvucong.gov.vn" rel="noopener noreferrer">DVC</a>'),
    (f'<img src="{OWN}" onerror="alert(1)" alt="Ảnh">', f'<img src="{OWN}" alt="Ảnh">'),
    ('<img src="https://elsewhere.example/x.png" alt="lạ">', ""),
    ('<img src="data:image/png;base64,AAAA">', ""),
    ("<h1>Lớn</h1><h2>Vừa</h2>", "Lớn<h2>Vừa</h2>"),
    ("<iframe src='https://x'></iframe><style>p{}</style><p>ok</p>", "<p>ok</p>"),
    ("<ul><li><strong>a</strong> <em>b</em></li></ul><blockquote>c</blockquote>",
     "<ul><li><strong>a</strong> <em>b</em></li></ul><blockquote>c</blockquote>"),
    ('<p style="color:red" class="x">màu</p>', "<p>màu</p>"),
])
def test_body_is_reduced_to_the_allowlist(dirty, clean):
    assert sanitize_body(dirty, [OWN]) == clean


def test_images_are_replaced_by_the_callers_markup():
    html = sanitize_body(f'<p><img alt="x &amp; y" src="{OWN}"></p>', [OWN])
    assert enhance_images(html, lambda src, alt: f"[{src}|{alt}]") == f"<p>[{OWN}|x & y]</p>"


def test_plain_text_keeps_one_paragraph_per_line():
    assert html_to_text("<h2>Tiêu đề</h2><p>Xin <strong>chào</strong></p><ul><li>một</li><li>hai &amp; ba</li></ul>") == \
        "Tiêu đề\nXin chào\nmột\nhai & ba"
