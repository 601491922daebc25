"""The allowlisted HTML of an article's body (pure: nh3 only, no Django).

Tags: p, strong, em, ul, ol, li, a[href], h2, h3, blockquote, img[src, alt], figure, figcaption, br and
tables (td/th may span). Links may only be http(s), mailto or tel; a picture may only show one of the
article's own pictures (``allowed_images``), so a body can never pull images from elsewhere (tracking
pixels, hot-linked or unchecked files).

What arrives is what the editor (Trix) writes, what Word puts on the clipboard, or plain text typed with
JavaScript off; ``body_from_input`` turns each into the same shape before the allowlist: Word's list
paragraphs become lists, its conditional comments and ``<o:p>`` go, ``<b>``/``<i>`` become
``<strong>``/``<em>``, the editor's ``<div>`` lines become paragraphs, and plain text keeps its lines.
"""

import re
from collections.abc import Callable, Collection
from html import escape, unescape

import nh3

TAGS = {"p", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "blockquote", "img", "br", "figure",
        "figcaption", "table", "caption", "thead", "tbody", "tr", "th", "td"}
ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_body(html: str, allowed_images: Collection[str] = ()) -> str:
    allowed = set(allowed_images)

    def attribute_filter(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src":
            return value if value in allowed else None
        return value

    cleaned = nh3.clean(
        html or "",
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=attribute_filter,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # an <img> whose src was refused is left empty: drop it rather than show a broken picture
    cleaned = _EMPTY_IMG.sub("", cleaned)
    cleaned = _EMPTY_INLINE.sub("", cleaned)
    cleaned = _PARAGRAPH.sub(_split_lines, cleaned)
    cleaned = _EMPTY_FIGCAPTION.sub("", cleaned)
    cleaned = _EMPTY_FIGURE.sub("", cleaned)
    cleaned = _CAPTIONED.sub(_caption_as_alt, cleaned)
    return _EMPTY_BLOCK.sub("", cleaned).strip()


# --- what arrives: the editor's HTML, Word's clipboard, plain text -------------------------------------------
FORMATS = ("auto", "html", "text")
_LOOKS_LIKE_HTML = re.compile(
    r"</?(?:p|div|br|ul|ol|li|h[1-6]|strong|em|b|i|u|a|img|figure|table|blockquote|span|font)\b[^>]*>", re.I)


def body_from_input(value: str, body_format: str = "auto") -> str:
    """What the body box sent, as HTML for ``sanitize_body``: the editor sends HTML ("html"); with
    JavaScript off the box holds plain text, or the stored HTML when an article is edited ("auto")."""
    value = value or ""
    if body_format == "text" or (body_format != "html" and not _LOOKS_LIKE_HTML.search(value)):
        return text_to_html(value)
    if body_format != "html" and not _BLOCK_TAG.search(value):
        # typed with a tag or two but no paragraphs: the lines are still the paragraphs
        value = "".join(f"<p>{line.strip()}</p>" for line in value.splitlines() if line.strip())
    return tidy_html(value)

_BLOCK_TAG = re.compile(r"<(?:p|div|br|ul|ol|li|h[1-6]|figure|table|blockquote|body)\b", re.I)


def text_to_html(text: str) -> str:
    """Plain text: every line that is not blank becomes a paragraph."""
    return "".join(f"<p>{escape(' '.join(line.split()), quote=False)}</p>"
                   for line in (text or "").splitlines() if line.strip())


_OUTSIDE_BODY = re.compile(r"^.*?<body\b[^>]*>|</body>.*$", re.S | re.I)
_DOWNLEVEL_HIDDEN = re.compile(r"<!--\[if [^\]]*\]>.*?<!\[endif\]-->", re.S | re.I)
_P_BLOCK = re.compile(r"<p\b([^>]*)>(.*?)</p>", re.S | re.I)
_LIST_MARKER = re.compile(r"<!(?:--)?\[if !supportLists\](?:--)?>(.*?)<!(?:--)?\[endif\](?:--)?>", re.S | re.I)
_ORDERED_MARKER = re.compile(r"^(?:\d+|[a-z]|[ivxlcdm]+)[.)]$", re.I)
_TRIX_CAPTION_PARTS = re.compile(r'<span class="attachment__(?:name|size)">[^<]*</span>', re.I)
_RENAMES = [(re.compile(r"<(/?)b(?=[\s>])[^>]*>", re.I), r"<\1strong>"),
            (re.compile(r"<(/?)i(?=[\s>])[^>]*>", re.I), r"<\1em>"),
            (re.compile(r"<(/?)(?:div|pre)(?=[\s>])[^>]*>", re.I), r"<\1p>"),
            (re.compile(r"<(/?)h1(?=[\s>])[^>]*>", re.I), r"<\1h2>"),
            (re.compile(r"<(/?)h[4-6](?=[\s>])[^>]*>", re.I), r"<\1h3>")]


def tidy_html(html: str) -> str:
    """The editor's or Word's HTML brought to the tags the allowlist keeps (the allowlist still decides)."""
    if re.search(r"<body\b", html, re.I):
        html = _OUTSIDE_BODY.sub("", html)
    html = _DOWNLEVEL_HIDDEN.sub(lambda m: m.group(0) if "supportLists" in m.group(0) else "", html)
    html = _word_lists(html)
    html = _TRIX_CAPTION_PARTS.sub("", html)
    for pattern, replacement in _RENAMES:
        html = pattern.sub(replacement, html)
    return html


def _word_lists(html: str) -> str:
    """Word writes a list as paragraphs of class MsoListParagraph… (or styled mso-list) whose bullet or
    number is text inside a "supportLists" conditional: consecutive ones become one <ul> or <ol>."""
    out, position, open_list = [], 0, ""
    for match in _P_BLOCK.finditer(html):
        attributes, inner = match.group(1), match.group(2)
        between = html[position:match.start()]
        is_item = "msolistparagraph" in attributes.lower() or "mso-list:" in attributes.lower()
        if open_list and (not is_item or between.strip()):
            out.append(f"</{open_list}>")
            open_list = ""
        out.append(between)
        position = match.end()
        if not is_item:
            out.append(match.group(0))
            continue
        marker = _LIST_MARKER.search(inner)
        marker_text = " ".join(unescape(_TAG.sub("", marker.group(1))).replace("\xa0", " ").split()) if marker else ""
        kind = "ol" if _ORDERED_MARKER.match(marker_text) else "ul"
        if open_list != kind:
            if open_list:
                out.append(f"</{open_list}>")
            out.append(f"<{kind}>")
            open_list = kind
        out.append(f"<li>{_LIST_MARKER.sub('', inner)}</li>")
    if open_list:
        out.append(f"</{open_list}>")
    out.append(html[position:])
    return "".join(out)


_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_EMPTY_INLINE = re.compile(r"<(strong|em)>(?:\s|<br>)*</\1>")
_EMPTY_BLOCK = re.compile(r"<(p|h2|h3|li|blockquote)>(?:\s|&nbsp;|\xa0|<br>)*</\1>")
_EMPTY_FIGCAPTION = re.compile(r"<figcaption>\s*</figcaption>")
# a figure whose picture was refused or deleted goes with its caption
_EMPTY_FIGURE = re.compile(r"<figure>(?:(?!<img|</figure>).)*</figure>", re.S)
_CAPTIONED = re.compile(r"<figure>\s*<img src=\"([^\"]*)\"(?: alt=\"[^\"]*\")?>\s*<figcaption>(.*?)</figcaption>\s*</figure>",
                        re.S)


def _split_lines(match: re.Match) -> str:
    """The editor ends a line with <br> where a writer means a new paragraph. A break inside bold or a
    link closes those tags before the new paragraph and opens them again after it; a line left with no
    text (only tags) is dropped."""
    lines, current, open_tags = [], [], []
    for part in _TOKEN.split(match.group(1)):
        if not part:
            continue
        name = _TAG_NAME.match(part)
        if name is None:
            current.append(part)
            continue
        tag = name.group(2)
        if tag == "br":
            lines.append("".join(current + [f"</{t}>" for t, _ in reversed(open_tags)]))
            current = [opening for _, opening in open_tags]
            continue
        if name.group(1):
            if open_tags and open_tags[-1][0] == tag:
                open_tags.pop()
        elif tag != "img":
            open_tags.append((tag, part))
        current.append(part)
    lines.append("".join(current))
    return "".join(f"<p>{line}</p>" for line in lines if _TAG.sub("", line).strip() or "<img" in line)


_TOKEN = re.compile(r"(<[^>]+>)")
_TAG_NAME = re.compile(r"<(/?)([a-z0-9]+)")


def _caption_as_alt(match: re.Match) -> str:
    """A captioned picture: the caption also describes it to screen readers."""
    caption = match.group(2)
    alt = escape(" ".join(unescape(_TAG.sub("", caption)).split()))
    return f'<figure><img src="{match.group(1)}" alt="{alt}"><figcaption>{caption}</figcaption></figure>'


_EMPTY_IMG = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
_IMG = re.compile(r"<img\s([^>]*)>")
_ATTRIBUTE = re.compile(r'([a-z]+)="([^"]*)"')


def enhance_images(html: str, render: Callable[[str, str], str | None]) -> str:
    """Replace each sanitised ``<img src alt>`` with responsive markup: ``render(src, alt)`` returns the
    replacement (trusted, built by the caller) or None to keep the tag."""

    def replace(match: re.Match) -> str:
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        replacement = render(unescape(attributes.get("src", "")), unescape(attributes.get("alt", "")))
        return match.group(0) if replacement is None else replacement

    return _IMG.sub(replace, html)


_BLOCK_END = re.compile(r"</(p|li|h2|h3|blockquote)>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def html_to_text(html: str) -> str:
    """Plain text of a sanitised body, one paragraph per line: what is read on air."""
    text = _BLOCK_END.sub("\n", html or "")
    text = unescape(_TAG.sub("", text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return _BLANK_LINES.sub("\n", "\n".join(line for line in lines if line)).strip()
