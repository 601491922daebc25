"""Everyday phrasings → official procedure terms.

The maintained list lives in ``procedures/data/synonyms.json`` as
``[{"phrase": "sổ đỏ", "terms": "giấy chứng nhận quyền sử dụng đất, đăng ký đất đai"}, ...]``.
Editors add entries from the UI later; those arrive as extra entries in the
same shape and are merged here. ``terms`` is one official phrase, or several
alternatives separated by ";" (or given as a list); commas stay part of a
name ("nhận cha, mẹ, con").

Matching is done on folded syllables, so "so do" finds "sổ đỏ", and every number matches every number
("đóng cửa 1 tháng" finds "đóng cửa 6 tháng"), but an age only itself ("đủ 18 tuổi"). One exception:
a one-syllable phrase written with diacritics ("đình", "chết") only fires when
the question carries the same accents, because folded it collides with common
words ("đình"/"định", "đền"/"đến"). An editor who wants the folded match too
adds the phrase without diacritics ("chet").
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from . import text

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "synonyms.json"


@dataclass(frozen=True)
class Synonym:
    phrase: str
    keys: tuple[str, ...]  # folded syllables of the phrase
    accent: str | None  # accent key that must match (one-syllable accented phrases)
    terms: tuple[str, ...]  # official phrases to add to the query
    weight: float = 1.0  # below 1 for a loose hint ("hộ khẩu" only hints at thường trú)
    # Per syllable, the accent key a question typed with diacritics must agree with (None: the phrase was
    # written without them): "bạn nha" is not "bán nhà", while "ban nha" may be.
    accents: tuple[str | None, ...] = ()


@dataclass(frozen=True)
class SynonymMatch:
    start: int
    end: int  # exclusive
    synonym: Synonym


NUMBER = "#"  # any number, in a phrase and in a question: "nghỉ 1 tháng" also matches "nghỉ 6 tháng"


def _numbers_free(keys: list[str]) -> list[str]:
    """Numbers as ``NUMBER``, except an age: "trên 80 tuổi", "đủ 18 tuổi" mean what their number says."""
    return [NUMBER if k.isdigit() and (i + 1 >= len(keys) or keys[i + 1] != "tuoi") else k
            for i, k in enumerate(keys)]


def load_default(path: Path | str = DEFAULT_PATH) -> list[dict]:
    """Read the maintained dictionary (a list of {"phrase", "terms"})."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    if not isinstance(data, list):
        raise ValueError("synonyms file must hold a list of {phrase, terms}")
    return data


def _split_terms(terms: object) -> tuple[str, ...]:
    if isinstance(terms, str):
        parts: Iterable[str] = [terms]
    elif isinstance(terms, (list, tuple)):
        parts = [str(t) for t in terms]
    else:
        return ()
    return tuple(p.strip() for p in parts if p and p.strip())


def compile_entry(entry: Mapping) -> Synonym | None:
    """Turn one {"phrase", "terms"} mapping into a Synonym; None when unusable."""
    phrase = text.normalize(str(entry.get("phrase") or ""))
    terms = _split_terms(entry.get("terms"))
    if not phrase or not terms:
        return None
    tokens = text.syllables(phrase, expand=False)
    keys = tuple(_numbers_free([text.fold_syllable(t) for t in tokens]))
    if not keys:
        return None
    try:
        weight = float(entry.get("weight", 1.0))
    except (TypeError, ValueError):
        weight = 1.0
    weight = min(2.0, max(0.0, weight)) if weight == weight else 1.0
    accent = None
    if len(tokens) == 1 and text.has_diacritics(tokens[0]):
        accent = text.accent_key(tokens[0])
    accents = tuple(text.accent_key(t) if text.has_diacritics(t) else None for t in tokens)
    return Synonym(phrase=phrase, keys=keys, accent=accent, terms=terms, weight=weight, accents=accents)


class SynonymTable:
    """Phrases indexed by their first folded syllable for a left-to-right scan."""

    def __init__(self, entries: Iterable[Mapping]):
        merged: dict[tuple[tuple[str, ...], str | None], Synonym] = {}
        for entry in entries:
            if not isinstance(entry, Mapping):
                continue
            syn = compile_entry(entry)
            if syn is None:
                continue
            key = (syn.keys, syn.accent)
            previous = merged.get(key)
            if previous is not None:
                # Same phrase listed twice (e.g. an editor's entry over the
                # maintained one): keep every target, the stronger weight.
                syn = Synonym(
                    phrase=previous.phrase,
                    keys=syn.keys,
                    accent=syn.accent,
                    terms=tuple(text.unique(previous.terms + syn.terms)),
                    weight=max(previous.weight, syn.weight),
                    accents=previous.accents,
                )
            merged[key] = syn
        self.by_first: dict[str, list[Synonym]] = {}
        self.vocabulary: set[str] = set()
        for (keys, _accent), syn in merged.items():
            self.by_first.setdefault(keys[0], []).append(syn)
            self.vocabulary.update(keys)
        for bucket in self.by_first.values():
            bucket.sort(key=lambda s: -len(s.keys))
        self.size = len(merged)

    def find(self, keys: list[str], accents: list[str | None]) -> list[SynonymMatch]:
        """All phrase matches, dropping any match whose span lies inside a longer one."""
        found: list[SynonymMatch] = []
        keys = _numbers_free(keys)
        for i, key in enumerate(keys):
            for syn in self.by_first.get(key, ()):
                n = len(syn.keys)
                if tuple(keys[i : i + n]) != syn.keys:
                    continue
                if syn.accent is not None and accents[i] != syn.accent:
                    continue
                if any(typed is not None and wanted is not None and typed != wanted
                       for typed, wanted in zip(accents[i : i + n], syn.accents, strict=False)):
                    continue
                found.append(SynonymMatch(i, i + n, syn))
        found.sort(key=lambda m: -(m.end - m.start))
        kept: list[SynonymMatch] = []
        for match in found:
            if any(k.start <= match.start and match.end <= k.end and k is not match
                   and (k.end - k.start) > (match.end - match.start) for k in kept):
                continue
            kept.append(match)
        kept.sort(key=lambda m: m.start)
        return kept


def build_table(extra: Iterable[Mapping] | None = None, base: Iterable[Mapping] | None = None) -> SynonymTable:
    """The default dictionary (or ``base``) plus editor-supplied ``extra`` entries."""
    entries = list(load_default() if base is None else base)
    if extra:
        entries.extend(extra)
    return SynonymTable(entries)
