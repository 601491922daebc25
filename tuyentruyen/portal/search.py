"""Residents' search over a commune's news (pure: no Django).

An article keeps its title, summary and text folded (``lib.text.fold``: lower case, no diacritics, đ as d)
as words between spaces; a query matches an article when every word of the query begins a word of the
article. "ho ngheo", "Hộ nghèo" and "HO NGHEO" find the same articles, on SQLite and PostgreSQL alike,
with a plain LIKE and no extension."""

import re

from tuyentruyen.lib.text import fold

from .sanitize import html_to_text

_WORD = re.compile(r"[a-z0-9]+")
MAX_QUERY_WORDS = 8


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text or ""))


def search_text(title: str, summary: str, body_html: str) -> str:
    return " " + " ".join(words(" ".join([title or "", summary or "", html_to_text(body_html or "")]))) + " "


def query_terms(query: str) -> list[str]:
    """What each article's ``search_text`` must contain, one term per query word (a word's beginning)."""
    unique = list(dict.fromkeys(words(query)))[:MAX_QUERY_WORDS]
    return [f" {word}" for word in unique]
