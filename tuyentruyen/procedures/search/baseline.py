"""Plain BM25 for comparison in the benchmark: whitespace tokens, lower-case, nothing else.

No diacritics folding, no synonyms, no typo tolerance, one field made of the
same record text the real engine indexes. It exists to show what the
Vietnamese-aware engine adds.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from .engine import Hit, _field_texts

K1 = 1.2
B = 0.75


def _tokens(value: str) -> list[str]:
    return value.lower().split()


class PlainBM25Index:
    def __init__(self, procedures: Iterable[Mapping]):
        self.codes: list[str] = []
        self.names: list[str] = []
        lengths: list[int] = []
        tf: dict[str, dict[int, int]] = defaultdict(dict)
        for doc_id, procedure in enumerate(procedures):
            self.codes.append(str(procedure.get("code") or ""))
            self.names.append(str(procedure.get("name") or ""))
            tokens = _tokens(" ".join(_field_texts(procedure).values()))
            lengths.append(len(tokens))
            for term, count in Counter(tokens).items():
                tf[term][doc_id] = count
        size = len(self.codes) or 1
        average = (sum(lengths) / size) or 1.0
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for term, docs in tf.items():
            idf = math.log(1.0 + (size - len(docs) + 0.5) / (len(docs) + 0.5))
            self.postings[term] = [
                (d, idf * c * (K1 + 1) / (c + K1 * (1 - B + B * lengths[d] / average)))
                for d, c in docs.items()
            ]

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        scores: dict[int, float] = defaultdict(float)
        for term in set(_tokens(query or "")):
            for doc_id, value in self.postings.get(term, ()):
                scores[doc_id] += value
        ranked = sorted(scores.items(), key=lambda item: (-item[1], self.codes[item[0]]))[:limit]
        return [Hit(self.codes[d], self.names[d], round(s, 6)) for d, s in ranked]
