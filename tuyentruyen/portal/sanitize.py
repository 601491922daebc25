"""The allowlisted HTML of an article's body (pure: nh3 only, no Django).

Tags: p, strong, em, ul, ol, li, a[href], h2, h3, blockquote, img[src, alt]. Links may only be http(s),
mailto or tel; a picture may only show one of the article's own pictures (``allowed_images``), so a body
can never pull images from elsewhere (tracking pixels, hot-linked or unchecked files).
"""

import re
from collections.abc import Callable, Collection
from html import unescape

import nh3

TAGS = {"p", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "blockquote", "img", "br"}
ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
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
    return _EMPTY_IMG.sub("", cleaned).strip()


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
