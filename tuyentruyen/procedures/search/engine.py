"""Offline, Vietnamese-aware lexical search over the procedure catalogue.

``ProcedureIndex`` is built once from procedure dicts (the catalogue JSON shape)
and answers ``search(query)`` with ranked ``Hit``s. Scoring is BM25F over
folded syllables and syllable bigrams, with the name field weighted most. The
query is expanded from the synonym dictionary and unknown syllables are
corrected against the index vocabulary (edit distance on folded forms, with a
preference for corrections that form a known bigram with a neighbour).
Everything that can be is precomputed at build time: a query only touches the
postings of its own terms and then re-ranks a short candidate list.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from . import outside, text
from .synonyms import SynonymTable, build_table

# Field weights for BM25F: the name says what the procedure is; the field
# (lĩnh vực) and the result are strong hints; dossier and steps mostly noise.
FIELD_WEIGHTS: dict[str, float] = {
    "name": 5.0,
    "field": 0.8,
    "result": 1.0,
    "dossier": 0.4,
    "steps": 0.25,
    "agency": 0.2,
}
FIELD_B: dict[str, float] = {
    "name": 0.6,
    "field": 0.3,
    "result": 0.75,
    "dossier": 0.75,
    "steps": 0.75,
    "agency": 0.3,
}
K1 = 1.2

BIGRAM_WEIGHT = 1.0
STOP_BIGRAM_WEIGHT = 0.3
SYNONYM_WEIGHT = 0.9
SYNONYM_FLOOR = 0.4
ACCENT_WEIGHT = 0.2
FUZZY_WEIGHT = 0.7
FUZZY_WEIGHT_NO_CONTEXT = 0.35
NAME_COVERAGE_BONUS = 0.35
COVERAGE_CAP = 8  # a long name counts as covered once this many of its bigrams match
CANDIDATES = 60
MAX_QUERY_SYLLABLES = 80
PLAIN_WINDOW = 5  # candidates looked at when choosing the plain or the specific variant of a procedure
PLAIN_SHARE = 0.75  # ... among those scoring at least this share of the best
UNIGRAM_EVIDENCE = 0.4  # evidence of a folded syllable found alone in a procedure's text
OVERLAPPED_SYNONYM = 0.4  # a phrase sharing a syllable with a longer phrase of the question
NAMED_EVIDENCE = 0.6  # evidence of a question that types the procedure's whole name
SECONDARY_WEIGHT = 0.45  # words after "để" / "cho" / "vì" once the question has named its object

# Question fillers. They carry no meaning about *which* procedure is asked, so
# their unigrams are not scored (bigrams that contain them still are).
_STOP_ACCENTED = """
tôi tui tao mình em anh chị bạn ông bà cô chú bác dì cậu mợ thím cháu vài
muốn cần phải nên được bị có không chưa đã đang sẽ rồi thì là mà và với của cho ở tại trong
đâu gì nào thế như vậy này kia ấy đó nhé nhá nha ạ à ơi hả hở vâng dạ ừ xin hỏi giúp
làm thủ tục hồ sơ giấy tờ những các mấy bao nhiêu lâu khi giờ ai nơi chỗ nộp lệ phí
hết thời gian ngày kết quả online trực tuyến qua mạng ủy ban uỷ xã phường thị trấn ubnd
nhân dân cấp một mình thế nào ra sao gồm cách việc điều kiện nào ở đâu đi đến về lên
thấy biết bảo nói hướng dẫn cụ thể chi tiết giùm dùm hộ nhờ vui lòng cảm ơn
""".split()
# Folded forms that would also erase meaningful words ("ba" = dad, "ma" as in
# đám ma, "sao" as in bản sao, "thi" as in thi đua).
_STOP_FOLD_EXCEPT = {"ba", "ma", "sao", "thi", "con", "cha", "me", "mat", "ho", "cap", "nhan"}


def _stop_sets() -> tuple[frozenset[str], frozenset[str]]:
    accented = set()
    folded = set()
    for word in _STOP_ACCENTED:
        accented.add(text.accent_key(word))
        key = text.fold_syllable(word)
        if key not in _STOP_FOLD_EXCEPT:
            folded.add(key)
    # "hộ" (household: hộ nghèo, hộ kinh doanh) and "cấp"/"nhân" are content words.
    accented.discard(text.accent_key("hộ"))
    accented.discard(text.accent_key("cấp"))
    accented.discard(text.accent_key("nhân"))
    return frozenset(accented), frozenset(folded)


STOP_ACCENTED, STOP_FOLDED = _stop_sets()
# Grown-ups a question may be for; folded ("vo" is vợ here: it follows "cho").
ADULT_WORDS = frozenset({"vo", "chong", "ong", "ba", "bo", "me", "cha", "ma", "cu", "nguoi", "anh", "chi", "tui",
                         "toi", "minh"})
AGE_LIMIT_WORDS = frozenset({"duoi", "tren", "tu", "qua", "khoang"})
COST_VERBS = frozenset({"mat", "ton", "het"})
COST_VERB_ACCENTS = frozenset(text.accent_key(w) for w in ("mất", "tốn", "hết"))
QUANTITY_WORDS = frozenset({"bao", "may", "tien", "phi", "nhieu", "chi", "gi", "it", "khoang", "tam"})

# Who, where and when a question is about ("bà nội", "thằng cu", "trong xóm", "đầu năm"): neutral evidence
# unless a procedure's text confirms them ("nhận cha, mẹ, con"). They say nothing about which procedure.
NEUTRAL_WORDS = frozenset({
    "ong", "ba", "noi", "ngoai", "bo", "me", "cha", "ma", "con", "chau", "vo", "chong", "anh", "chi", "em", "co",
    "chu", "bac", "di", "cau", "mo", "thim", "be", "dua", "nho", "thang", "cu", "gai", "trai", "nha", "toi", "tui",
    "minh", "ay", "bu", "tia", "lang", "xom", "ap", "thon", "khom", "to", "dau", "cuoi", "nam", "tuan", "ngay",
    "sau", "truoc", "nay", "qua", "mai", "hom", "sang", "chieu", "hoi", "xua", "nua", "benh", "om",
})
def _squeeze(word: str) -> str:
    """Runs of one letter cut to one: no Vietnamese syllable doubles a consonant or triples a vowel."""
    return re.sub(r"(.)\1+", r"\1", word)


BOUNDARY = "|"  # between clauses of a question (after a comma, a full stop, a question mark)
_CLAUSE_BREAK = re.compile(r"[,.;:!?\n]+")
# "cấp lại", "làm lại", "cấp đổi", "đổi sang" ("để lại" is no "again")
HONG_ACCENT = text.accent_key("hông")
DENIED_AFTER_HONG = frozenset({"con", "co", "biet", "duoc", "dc", "phai", "can", "ban", "lam", "chiu", "dong"})
KIN_BEFORE_SIDE = frozenset({"ba", "ong", "nha", "ben", "ho", "que", "chau", "co", "cau", "di", "bac", "chu"})
# "làm giấy cho con mà để tên bố nó vô luôn": "mà", "nhưng", "thì" close the clause ("má" right after
# "cho" is whom it is for, hence not at the clause's first word).
CLAUSE_ENDS = frozenset({"ma", "nhung", "thi"})
PURPOSE_VERBS = frozenset({"duoc", "dc", "di", "hoc", "co", "lam", "nhap", "vao", "nhan", "huong", "xin"})
AGAIN_BIGRAMS = frozenset({"cap_lai", "lam_lai", "xin_lai", "cap_doi", "doi_sang", "doi_lai", "doi_so", "doi_mau"})
PLACE_PREPOSITIONS = frozenset({"o", "tai", "ngoai", "trong", "cua", "tu"})  # "giấy báo tử của bệnh viện"
NEGATIONS = frozenset({"khong", "chua", "hong", "hok", "khg", "kg"})
# The action words names carry that tell no procedure from its variants: "Đăng ký", a leading "Cấp", "giấy".
IMPLIED_NAME_WORDS = frozenset({"dang", "ky", "ki", "cap", "giay"})


def _name_content(keys: list[str]) -> frozenset[str]:
    """The syllables of a procedure's name that say which procedure it is: no fillers, numbers, nor the
    action words of ``IMPLIED_NAME_WORDS`` ("ký" of "chữ ký" stays, "cấp" of "cấp xã" stays)."""
    generic = set()
    for i, key in enumerate(keys):
        if key == "giay" or (key == "cap" and i == 0):
            generic.add(i)
        if key == "dang" and i + 1 < len(keys) and keys[i + 1] in ("ky", "ki"):
            generic.update((i, i + 1))
    return frozenset(k for i, k in enumerate(keys) if k not in STOP_FOLDED and not k.isdigit() and i not in generic)

# Words that open a secondary clause: the purpose ("để vay vốn"), the beneficiary ("cho bà nội"), the reason
# ("vì đi làm xa"). Once the question has named what it asks for, what follows says why or for whom, not
# which procedure ("xin giấy xác nhận độc thân để làm hồ sơ vay vốn" asks for the certificate, not a loan).
# Folded, each collides with other words, told apart by a neighbour: "mới đẻ", "đẻ con" (birth), "cho
# phép" (permit), "vi phạm" (violation).
CLAUSE_MARKERS = {"de": text.accent_key("để"), "cho": text.accent_key("cho"), "vi": text.accent_key("vì")}
_NOT_CLAUSE_BEFORE = {"de": frozenset({"moi", "vua", "sinh", "khi", "da", "duoc", "chua", "sap", "se"})}
_NOT_CLAUSE_AFTER = {
    "de": frozenset({"con", "be", "xong", "ra", "o", "tai", "em", "thuong", "non", "mo", "rieng", "dat", "nghi",
                     "xuat", "an", "cap", "tho", "lai", "ben"}),
    "cho": frozenset({"phep", "ra", "vao", "thue", "tang", "muon", "vay", "nhan", "o", "ai", "hoi",
                      # to whom a paper goes: "nộp đơn cho chủ tịch xã", "cho ủy ban", "cho cán bộ"
                      "chu", "ub", "uy", "xa", "can", "cong", "truong"}),
    "vi": frozenset({"pham", "tinh", "khuan", "mo", "tri", "trung", "sao", "vay", "the"}),
}


@dataclass(frozen=True)
class Hit:
    code: str
    name: str
    score: float
    coverage: float = 0.0  # share of the procedure's name the question covers (0..1)
    unasked: int = 0  # words of the procedure's name the question neither typed nor implied ("lại", "nước ngoài")
    name_terms: frozenset[str] = frozenset()  # what the question's main clause typed that the name carries


@dataclass
class QueryAnalysis:
    """What the engine understood of a query (used by the assistant to judge confidence)."""

    content_keys: list[str] = field(default_factory=list)  # non-filler folded syllables
    known_keys: list[str] = field(default_factory=list)  # of those, found in the index or a synonym
    corrections: dict[str, str] = field(default_factory=dict)  # typo → vocabulary syllable
    synonyms: list[str] = field(default_factory=list)  # matched everyday phrases
    terms: dict[str, float] = field(default_factory=dict)  # weighted index terms
    top_coverage: float = 0.0  # share of content_keys found in the best hit or explained by a synonym
    explained: set[str] = field(default_factory=set)  # syllables consumed by synonym phrases
    # Per question syllable (after abbreviations, glued words and typos): folded key, filler flag, accent key.
    keys: list[str] = field(default_factory=list)
    stop: list[bool] = field(default_factory=list)
    accents: list[str | None] = field(default_factory=list)
    # Synonym spans (start, end, official unigrams, official bigrams) and outside-topic spans (start, end).
    synonym_spans: list[tuple[int, int, tuple[str, ...], tuple[str, ...]]] = field(default_factory=list)
    outside_spans: list[tuple[int, int]] = field(default_factory=list)
    # Evidence for the best hit, 0..1: the share of the question's content syllables the best procedure's
    # own text confirms (see ProcedureIndex.evidence). Folded single syllables count for little.
    evidence: float = 0.0
    outside_topic: bool = False  # the question names a topic outside the catalogue the best hit does not carry
    implied: set[str] = field(default_factory=set)  # official words a one-meaning everyday phrase stands for
    named: bool = False  # the question names the best hit (see ProcedureIndex._named_by_question)
    qualifier_conflict: bool = False  # "lần đầu" in the best hit's name, "cấp lại" / "đổi" in the question
    places: set[int] = field(default_factory=set)  # syllables of a place named after "ở"/"tại" ("ở bệnh viện")
    phrase_confirmed: bool = False  # the best hit's text confirms a bigram or a phrase, not only lone syllables
    typed_keys: list[str] = field(default_factory=list)  # folded syllables before typo correction
    plain_variant: bool = False  # the best hit's name is the runner-up's minus words the question never typed
    specific_variant: bool = False  # the best hit's name is the runner-up's plus words the question asked
    secondary: int | None = None  # where a secondary clause ("để ...", "cho ...") starts, if any
    secondary_end: int = 0  # ... and where it ends (the next comma or full stop, or the question's end)
    # Content syllables and bigrams typed outside the secondary clause (abbreviations expanded, typos
    # corrected with context): what the question itself names, without what synonyms implied.
    main_typed: frozenset[str] = frozenset()
    ages: list[int] = field(default_factory=list)  # "80 tuổi" typed in the question
    age_conflict: bool = False  # the best hit's name limits an age ("dưới 6 tuổi") the question exceeds

    def in_secondary(self, i: int) -> bool:
        """Syllable ``i`` belongs to the secondary clause (after its marker)."""
        return self.secondary is not None and self.secondary < i < self.secondary_end

    @property
    def known_ratio(self) -> float:
        return len(self.known_keys) / len(self.content_keys) if self.content_keys else 0.0


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return " ".join(_as_text(v) for k, v in value.items() if k in ("name", "title", "text"))
    if isinstance(value, Iterable):
        return " . ".join(_as_text(v) for v in value)
    return str(value)


def _field_texts(procedure: Mapping) -> dict[str, str]:
    return {
        "name": _as_text(procedure.get("name")),
        "field": _as_text(procedure.get("field")),
        "result": _as_text(procedure.get("result")),
        "dossier": _as_text(procedure.get("dossier")),
        "steps": _as_text(procedure.get("steps")),
        "agency": _as_text(procedure.get("agency")),
    }


def _document_terms(value: str) -> tuple[list[str], list[str], list[str]]:
    """(unigrams, bigrams, accent terms) of a document field."""
    tokens = text.syllables(value, expand=True, min_abbreviation=3)
    keys = [text.fold_syllable(t) for t in tokens]
    accents = ["~" + text.accent_key(t) for t in tokens if text.has_diacritics(t)]
    return keys, text.bigrams(keys), accents


class ProcedureIndex:
    """Inverted index over a procedure catalogue; build once, search many times."""

    def __init__(
        self,
        procedures: Iterable[Mapping],
        synonyms: SynonymTable | None = None,
        extra_synonyms: Iterable[Mapping] | None = None,
    ):
        if synonyms is None:
            synonyms = build_table(extra=extra_synonyms)
        elif extra_synonyms:
            raise ValueError("pass extra synonyms to build_table() when giving a table")
        self.synonyms = synonyms
        self._expansion_cache: dict[tuple[str, ...], tuple] = {}
        self.codes: list[str] = []
        self.names: list[str] = []
        self.records: list[Mapping] = []
        self.name_bigrams: list[frozenset[str]] = []
        self.name_keys: list[frozenset[str]] = []
        self.name_content: list[frozenset[str]] = []  # the name's syllables that say something
        self.doc_keys: list[frozenset[str]] = []
        self.doc_grams: list[frozenset[str]] = []  # bigrams and accent terms of every field

        # term -> doc -> field -> tf ; field lengths per doc
        tf: dict[str, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
        lengths: list[dict[str, int]] = []
        for doc_id, procedure in enumerate(p for p in procedures if isinstance(p, Mapping)):
            self.codes.append(str(procedure.get("code") or ""))
            self.names.append(str(procedure.get("name") or ""))
            self.records.append(procedure)
            doc_lengths = {}
            doc_keys: set[str] = set()
            doc_grams: set[str] = set()
            for field_name, value in _field_texts(procedure).items():
                keys, grams, accents = _document_terms(value)
                doc_lengths[field_name] = len(keys)
                for term, count in Counter(keys + grams + accents).items():
                    tf[term][doc_id][field_name] = count
                doc_keys.update(keys)
                doc_grams.update(grams)
                doc_grams.update(accents)
                if field_name == "name":
                    self.name_bigrams.append(frozenset(grams))
                    self.name_keys.append(frozenset(keys))
                    self.name_content.append(_name_content(keys))
            lengths.append(doc_lengths)
            self.doc_keys.append(frozenset(doc_keys))
            self.doc_grams.append(frozenset(doc_grams))

        self.size = len(self.codes)
        self._positions = {code: i for i, code in reversed(list(enumerate(self.codes)))}
        average = {
            f: (sum(d[f] for d in lengths) / self.size if self.size else 1.0) or 1.0
            for f in FIELD_WEIGHTS
        }
        # Precomputed per-(term, doc) BM25F contribution, without the query weight.
        self.postings: dict[str, tuple[tuple[int, float], ...]] = {}
        for term, docs in tf.items():
            df = len(docs)
            idf = math.log(1.0 + (self.size - df + 0.5) / (df + 0.5))
            entries = []
            for doc_id, per_field in docs.items():
                pseudo = 0.0
                for field_name, count in per_field.items():
                    norm = 1.0 - FIELD_B[field_name] + FIELD_B[field_name] * (
                        lengths[doc_id][field_name] / average[field_name]
                    )
                    pseudo += FIELD_WEIGHTS[field_name] * count / norm
                entries.append((doc_id, idf * pseudo * (K1 + 1.0) / (K1 + pseudo)))
            self.postings[term] = tuple(entries)

        self.vocabulary: set[str] = {t for t in self.postings if "_" not in t and not t.startswith("~")}
        self.bigram_vocabulary: set[str] = {t for t in self.postings if "_" in t}
        # Bigrams that tell procedures apart by name ("khai_sinh", "ket_hon"), not the action words of every name.
        self.name_bigram_vocabulary: set[str] = {
            g for grams in self.name_bigrams for g in grams
            if not set(g.split("_")) <= IMPLIED_NAME_WORDS | STOP_FOLDED}
        # Words worth correcting towards: the index plus the synonym phrases.
        self.known: set[str] = self.vocabulary | synonyms.vocabulary
        self._deletes: dict[str, set[str]] = defaultdict(set)
        for word in self.known:
            if text.is_plain_word(word) and len(word) >= 3:
                for variant in text.deletes(word, 2 if len(word) >= 5 else 1):
                    self._deletes[variant].add(word)
        self._known_bigrams = self.bigram_vocabulary | {
            f"{a}_{b}"
            for bucket in synonyms.by_first.values()
            for syn in bucket
            for a, b in zip(syn.keys, syn.keys[1:], strict=False)
        }

    # ---- query understanding -------------------------------------------------

    def _corrections(self, word: str) -> list[tuple[str, int]]:
        """Vocabulary words within edit distance 1 (2 for long words) of an unknown word."""
        if not text.is_plain_word(word) or len(word) < 3:
            return []
        limit = 2 if len(word) >= 6 else 1
        candidates: set[str] = set()
        for variant in text.deletes(word, limit):
            candidates |= self._deletes.get(variant, set())
        scored = []
        for candidate in candidates:
            distance = text.edit_distance(word, candidate, limit)
            if distance <= limit:
                scored.append((candidate, distance))
        return scored

    def _split_glued(self, word: str) -> list[str] | None:
        """"khaisinh" → ["khai", "sinh"] when both halves and their bigram are known."""
        if not text.is_plain_word(word) or len(word) < 5:
            return None
        for i in range(2, len(word) - 1):
            left, right = word[:i], word[i:]
            if left in self.known and right in self.known and f"{left}_{right}" in self._known_bigrams:
                return [left, right]
        return None

    def analyze(self, query: str) -> QueryAnalysis:
        """Turn a question into weighted index terms."""
        analysis = QueryAnalysis()
        # Clauses are kept apart: no bigram nor phrase spans "..., chồng bệnh nằm một chỗ, muốn xin ..."
        # ("chỗ, muốn" is not "cho mượn").
        tokens: list[str] = []
        for segment in _CLAUSE_BREAK.split(query or ""):
            part = text.syllables(segment)
            if part:
                tokens.extend(([BOUNDARY] if tokens else []) + part)
        tokens = tokens[:MAX_QUERY_SYLLABLES]
        keys: list[str] = []
        accents: list[str | None] = []
        for token in tokens:
            if token == BOUNDARY:
                keys.append(BOUNDARY)
                accents.append(None)
                continue
            key = text.fold_syllable(token)
            if key not in self.known:
                squeezed = _squeeze(key)  # "ketttt", "nhapp": a held key
                if squeezed != key and squeezed in self.known:
                    keys.append(squeezed)
                    accents.append(None)
                    continue
                parts = self._split_glued(key)
                if parts:
                    keys.extend(parts)
                    accents.extend([None] * len(parts))
                    continue
            keys.append(key)
            accents.append(text.accent_key(token) if text.has_diacritics(token) else None)

        # Numbers ("3 tầng", "80 tuổi") only count inside bigrams and phrases.
        stop = [
            k == BOUNDARY or k.isdigit() or ((accents[i] in STOP_ACCENTED) if accents[i] is not None else (k in STOP_FOLDED))
            for i, k in enumerate(keys)
        ]
        # Nam bộ's "hông" (không) before what is denied ("hông còn", "hông có"), not "sổ hồng" nor "hỏng".
        for i in range(len(keys) - 1):
            if keys[i] == "hong" and accents[i] in (None, HONG_ACCENT) and keys[i + 1] in DENIED_AFTER_HONG:
                keys[i], accents[i], stop[i] = "khong", None, True
        # "bà ngoại", "ông nội", "nhà ngoại": the kin, not "nước ngoài" nor "nơi", "nối".
        for i in range(1, len(keys)):
            if keys[i] in ("ngoai", "noi") and accents[i] is None and keys[i - 1] in KIN_BEFORE_SIDE:
                stop[i] = True
        # "mất" before a quantity is the cost of the procedure ("mất bao lâu", "mất mấy ngày", "mất tiền"),
        # not a loss or a death ("mất giấy khai sinh", "ông mất").
        for i in range(len(keys) - 1):
            if keys[i] in COST_VERBS and accents[i] in (None, *COST_VERB_ACCENTS) and keys[i + 1] in QUANTITY_WORDS:
                stop[i] = True
        weights = [1.0] * len(keys)
        # Outside topics are looked for in what was typed, before typo correction bends an unknown word
        # ("visa", "ruou") towards the catalogue's vocabulary.
        # "mất ở bệnh viện", "đẻ tại trạm y tế": after a place word an outside topic is where it happened.
        analysis.outside_spans = []
        for start, end in outside.find(keys):
            # ... and after "không có" / "chưa có" it is what the person lacks ("bà không có lương hưu").
            negated = start > 1 and keys[start - 1] == "co" and keys[start - 2] in NEGATIONS
            if (start > 0 and keys[start - 1] in PLACE_PREPOSITIONS) or negated:
                for j in range(start, end):
                    weights[j] *= SECONDARY_WEIGHT
                    analysis.places.add(j)
            else:
                analysis.outside_spans.append((start, end))
        analysis.typed_keys = list(keys)

        # Typo correction for unknown content syllables, preferring a candidate
        # that forms a known bigram with a neighbour ("khai xinh" → "sinh").
        for i, key in enumerate(keys):
            if stop[i] or key in self.known:
                continue
            options = self._corrections(key)
            if not options:
                continue

            def rank(option: tuple[str, int], i: int = i, key: str = key) -> tuple:
                candidate, distance = option
                sides = strong = 0
                for j, gram in ((i - 1, f"{keys[i - 1]}_{candidate}" if i > 0 else ""),
                                (i + 1, f"{candidate}_{keys[i + 1]}" if i + 1 < len(keys) else "")):
                    if gram in self._known_bigrams:
                        sides += 1
                        strong = strong or not stop[j]
                # a known bigram with a content neighbour, or on both sides ("dang kis ket"), is context
                context = 2 if strong or sides == 2 else sides
                return (
                    -context,
                    distance - (0.5 if text.is_confusable(key, candidate) else 0.0),
                    candidate not in self.vocabulary,
                    -text.trigram_similarity(key, candidate),
                    candidate,
                )

            best = min(options, key=rank)
            has_context = rank(best)[0] == -2
            if not has_context and (best[1] > 1 or len(key) < 4):
                continue
            analysis.corrections[key] = best[0]
            keys[i] = best[0]
            accents[i] = None
            weights[i] = FUZZY_WEIGHT if has_context else FUZZY_WEIGHT_NO_CONTEXT

        secondary = self._secondary_start(keys, accents, stop)
        if secondary is not None:
            stop[secondary] = True
            # The clause runs to the end of its sentence part ("..., để vay vốn, ..."): a comma closes it.
            close = next((i for i in range(secondary + 1, len(keys))
                          if keys[i] == BOUNDARY or (i > secondary + 1 and keys[i] in CLAUSE_ENDS)), len(keys))
            analysis.secondary_end = close
            # A procedure's name typed in the clause keeps its weight: "mang theo giấy chứng sinh để làm
            # giấy khai sinh" asks for the birth registration.
            # Only after "để" (the purpose): after "cho" it is whom for ("cho người khuyết tật").
            named = {j for i in range(secondary + 1, close - 1)
                     if keys[secondary] == "de" and f"{keys[i]}_{keys[i + 1]}" in self.name_bigram_vocabulary
                     for j in (i, i + 1)}
            for i in range(secondary + 1, close):
                if i not in named:
                    weights[i] *= SECONDARY_WEIGHT
        analysis.secondary = secondary
        main = [i for i in range(len(keys)) if not analysis.in_secondary(i)]
        analysis.main_typed = frozenset(
            [keys[i] for i in main if not stop[i] and weights[i] >= FUZZY_WEIGHT]
            + [f"{keys[i]}_{keys[i + 1]}" for i in main if i + 1 < len(keys) and not analysis.in_secondary(i + 1)
               and not (stop[i] and stop[i + 1]) and min(weights[i], weights[i + 1]) >= FUZZY_WEIGHT])

        terms: dict[str, float] = {}

        def add(term: str, weight: float) -> None:
            if term in self.postings and weight > terms.get(term, 0.0):
                terms[term] = weight

        for i, key in enumerate(keys):
            if stop[i]:
                continue
            analysis.content_keys.append(key)
            if key in self.known:
                analysis.known_keys.append(key)
            add(key, weights[i])
            if accents[i] is not None:
                add("~" + accents[i], ACCENT_WEIGHT * weights[i])
        for i in range(len(keys) - 1):
            if stop[i] and stop[i + 1]:
                continue
            weight = BIGRAM_WEIGHT * min(weights[i], weights[i + 1])
            if stop[i] or stop[i + 1]:
                weight *= STOP_BIGRAM_WEIGHT
            add(f"{keys[i]}_{keys[i + 1]}", weight)

        explained: set[str] = set()
        matches = self.synonyms.find(keys, accents)
        for match in matches:
            analysis.synonyms.append(match.synonym.phrase)
            for j in range(match.start, match.end):
                if keys[j] not in analysis.content_keys:
                    # a filler word that is part of a recognised phrase counts as content
                    analysis.content_keys.append(keys[j])
                if keys[j] not in analysis.known_keys:
                    analysis.known_keys.append(keys[j])
                explained.add(keys[j])
            alternatives = self._alternatives(match.synonym.terms)
            # When the question already names one of the alternatives ("khai
            # nhận" next to "thừa kế"), expand only towards that one.
            typed_keys = set(keys)
            chosen = tuple(a for a in alternatives if a[0] and set(a[0]) <= typed_keys) or alternatives
            expansion = (
                text.unique(k for a in chosen for k in a[0]),
                text.unique(g for a in chosen for g in a[1]),
            )
            # A short phrase that expands into many official words must not
            # outweigh the words the resident actually typed.
            typed = 2 * (match.end - match.start) - 1
            scale = SYNONYM_WEIGHT * match.synonym.weight * max(
                SYNONYM_FLOOR, min(1.0, typed / max(1, len(expansion[0]) + len(expansion[1])))
            )
            if analysis.in_secondary(match.start):
                scale *= SECONDARY_WEIGHT
            # Two phrases overlapping ("tạm nghỉ bán" and "bán hàng"): the longer one says what is meant.
            if any(m is not match and m.end - m.start > match.end - match.start
                   and m.start < match.end and match.start < m.end for m in matches):
                scale *= OVERLAPPED_SYNONYM
            for key in expansion[0]:
                add(key, scale)
            for gram in expansion[1]:
                add(gram, scale * BIGRAM_WEIGHT)
            analysis.synonym_spans.append((match.start, match.end, tuple(expansion[0]), tuple(expansion[1])))
            # An everyday phrase that means one procedure only ("ghi tên cha" → "... nhận cha, mẹ, con") says
            # its words as well as typing them would.
            if len(chosen) == 1 and match.synonym.weight >= 1.0 and not analysis.in_secondary(match.start):
                analysis.implied.update(chosen[0][0])
        analysis.keys, analysis.stop, analysis.accents = keys, stop, accents
        # "80 tuổi" is the age of whom the question is about; "dưới 6 tuổi", "trên 80 tuổi" quote a limit.
        typed_ages = [int(keys[i]) for i in range(len(keys) - 1) if keys[i].isdigit() and keys[i + 1] == "tuoi"
                      and not (i > 0 and keys[i - 1] in AGE_LIMIT_WORDS)]
        analysis.ages = [a for a in typed_ages if a < 200]
        analysis.terms = terms
        analysis.explained = explained
        return analysis

    def _secondary_start(self, keys: list[str], accents: list[str | None], stop: list[bool]) -> int | None:
        """Where the first secondary clause starts (see ``CLAUSE_MARKERS``), or None.

        Only once the question has already named something the catalogue knows, and only before more words:
        "để đăng ký khai sinh cho con" keeps "đăng ký khai sinh" at full weight.
        """
        named = False
        for i, key in enumerate(keys[:-1]):
            marker = CLAUSE_MARKERS.get(key)
            if (named and marker is not None and accents[i] in (None, marker) and keys[i + 1] != BOUNDARY
                    and not (accents[i] is None and i > 0 and keys[i - 1] in _NOT_CLAUSE_BEFORE.get(key, ()))
                    and not (accents[i] is None and keys[i + 1] in _NOT_CLAUSE_AFTER.get(key, ())
                             and not self._purpose_for_child(keys, i))):
                return i
            if not stop[i] and key in self.known and key not in CLAUSE_MARKERS:
                named = True
        return None

    @staticmethod
    def _purpose_for_child(keys: list[str], i: int) -> bool:
        """ "de con duoc mien hoc phi" is "để con được ..." (a purpose), not "đẻ con" (a birth)."""
        return (keys[i] == "de" and i + 2 < len(keys) and keys[i + 1] in ("con", "be", "chau")
                and keys[i + 2] in PURPOSE_VERBS)

    def _alternatives(self, terms: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
        """A synonym's official terms split on semicolons: ((unigrams, bigrams), ...), cached."""
        cached = self._expansion_cache.get(terms)
        if cached is None:
            parts = []
            for phrase in terms:
                for alternative in phrase.split(";"):
                    term_keys = [text.fold_syllable(t) for t in text.syllables(alternative, expand=False)]
                    if term_keys:
                        parts.append((
                            tuple(k for k in term_keys if k not in STOP_FOLDED),
                            tuple(text.bigrams(term_keys)),
                        ))
            cached = tuple(parts)
            self._expansion_cache[terms] = cached
        return cached

    # ---- ranking -------------------------------------------------------------

    def _score(self, terms: Mapping[str, float]) -> dict[int, float]:
        scores: dict[int, float] = defaultdict(float)
        for term, weight in terms.items():
            for doc_id, contribution in self.postings.get(term, ()):
                scores[doc_id] += weight * contribution
        return scores

    def search_analyzed(self, query: str, limit: int = 10) -> tuple[list[Hit], QueryAnalysis]:
        analysis = self.analyze(query)
        if not analysis.terms or limit <= 0:
            return [], analysis
        scores = self._score(analysis.terms)
        if not scores:
            return [], analysis
        candidates = sorted(scores.items(), key=lambda item: -item[1])[: max(CANDIDATES, limit)]
        top = candidates[0][1]
        terms = analysis.terms
        ranked = []
        for doc_id, score in candidates:
            # Share of the name the question covers, each name bigram counted
            # with the weight the question gives it.
            grams = self.name_bigrams[doc_id] or self.name_keys[doc_id]
            coverage = (
                sum(min(1.0, terms.get(g, 0.0)) for g in grams) / min(len(grams), COVERAGE_CAP) if grams else 0.0
            )
            ranked.append((score + NAME_COVERAGE_BONUS * top * coverage, doc_id, coverage))
        ranked.sort(key=lambda item: (-item[0], self.codes[item[1]]))
        # What was typed (abbreviations expanded, typos corrected), not implied.
        asked = set(analysis.keys) | analysis.implied
        near = [i for i, item in enumerate(ranked[:PLAIN_WINDOW]) if item[0] >= ranked[0][0] * PLAIN_SHARE]
        unasked = {ranked[i][1]: self._unasked(ranked[i][1], asked) for i in near}
        # Variants of one procedure ("Đăng ký kết hôn", "Đăng ký lại kết hôn", "... có yếu tố nước ngoài"):
        # the question that types every word of a variant's name and ranks it close means that variant.
        # The plain one when the extra words were never typed, the specific one when they were.
        covered = [i for i in near if unasked[ranked[i][1]] == 0]
        if covered:
            chosen = max(covered, key=lambda i: (len(self.name_content[ranked[i][1]]), -i))
            mine = self.name_content[ranked[chosen][1]]
            if chosen != 0 and all(mine < self.name_content[ranked[j][1]] or mine > self.name_content[ranked[j][1]]
                                   for j in range(chosen)):
                ranked.insert(0, ranked.pop(chosen))
        typed = analysis.main_typed
        hits = [Hit(self.codes[d], self.names[d], round(s, 6), round(min(1.0, c), 6),
                    unasked.get(d, self._unasked(d, asked)),
                    frozenset(t for t in typed if t in self.name_keys[d] or t in self.name_bigrams[d]))
                for s, d, c in ranked[:limit]]
        if len(ranked) > 1:
            first, second = self.name_content[ranked[0][1]], self.name_content[ranked[1][1]]
            analysis.plain_variant = first < second and not (second - first) & asked
            # ... and the other way: the best one adds to the runner-up's name only words the question
            # typed or implied ("đủ 18 tuổi" → "chấm dứt" giám hộ).
            analysis.specific_variant = first > second and (first - second) <= asked
        if hits and analysis.content_keys:
            found = self.doc_keys[ranked[0][1]]
            matched = sum(1 for k in analysis.content_keys if k in found or k in analysis.explained)
            analysis.top_coverage = matched / len(analysis.content_keys)
        if hits:
            analysis.evidence, analysis.outside_topic = self.evidence(analysis, ranked[0][1])
            analysis.named = self._named_by_question(ranked[0][1], analysis)
            analysis.qualifier_conflict = self._qualifier_conflict(ranked[0][1], analysis)
            # The question types the whole of the best procedure's name ("chứng thực chữ ký"): whatever else it
            # says ("gửi công ty"), it names what it asks for.
            if self._typed_whole_name(ranked[0][1], analysis):
                analysis.evidence = max(analysis.evidence, NAMED_EVIDENCE)
                analysis.outside_topic = False
            analysis.age_conflict = (any(self._age_conflict(ranked[0][1], age) for age in analysis.ages)
                                     or (self._for_children(ranked[0][1]) and self._for_an_adult(analysis)))
        return hits, analysis

    def _for_children(self, doc_id: int) -> bool:
        """The name restricts the procedure to children ("cho trẻ em dưới 6 tuổi")."""
        keys = text.folded_syllables(self.names[doc_id], expand=False)
        return any(keys[i:i + 2] == ["tre", "em"] or (keys[i] == "duoi" and i + 2 < len(keys)
                                                          and keys[i + 2] == "tuoi") for i in range(len(keys)))

    @staticmethod
    def _for_an_adult(analysis: QueryAnalysis) -> bool:
        """The question is for a grown-up: "cho vợ", "của mẹ" (the beneficiary follows "cho" or "của")."""
        keys = analysis.keys
        return any(keys[i] in ("cho", "cua") and keys[i + 1] in ADULT_WORDS for i in range(len(keys) - 1))

    def _named_by_question(self, doc_id: int, analysis: QueryAnalysis) -> bool:
        """The question names this procedure: a bigram of its name that tells it from others typed in the
        main clause ("tạm trú", not only "tạm"), or an everyday phrase whose official words are in its name."""
        grams = self.name_bigrams[doc_id]
        if any(g in grams and g in self.name_bigram_vocabulary for g in analysis.main_typed):
            return True
        return any(not analysis.in_secondary(start) and any(g in grams for g in bigrams)
                   for start, _end, _unigrams, bigrams in analysis.synonym_spans)

    def _qualifier_conflict(self, doc_id: int, analysis: QueryAnalysis) -> bool:
        """The name says "lần đầu" and the question asks again or to change ("cấp lại", "đổi sang mẫu mới")."""
        typed = set(text.bigrams(analysis.keys))
        return "lan_dau" in self.name_bigrams[doc_id] and bool(typed & AGAIN_BIGRAMS) and "lan_dau" not in typed

    def _typed_whole_name(self, doc_id: int, analysis: QueryAnalysis) -> bool:
        """Every distinctive syllable of the name, two at least, typed in the main clause as name bigrams."""
        content = self.name_content[doc_id]
        if len(content) < 2:
            return False
        grams = {g for g in analysis.main_typed if "_" in g and g in self.name_bigrams[doc_id]}
        return content <= {k for g in grams for k in g.split("_")}

    def _unasked(self, doc_id: int, asked: set[str]) -> int:
        return sum(1 for k in self.name_content[doc_id] if k not in asked)

    def _age_conflict(self, doc_id: int, age: int) -> bool:
        """The name limits the age ("trẻ em dưới 6 tuổi") and the question's age is beyond it."""
        keys = text.folded_syllables(self.names[doc_id], expand=False)
        for i in range(len(keys) - 2):
            if keys[i] == "duoi" and keys[i + 1].isdigit() and keys[i + 2] == "tuoi" and age >= int(keys[i + 1]):
                return True
            if keys[i] == "tren" and keys[i + 1].isdigit() and keys[i + 2] == "tuoi" and age <= int(keys[i + 1]):
                return True
        return False

    def evidence(self, analysis: QueryAnalysis, doc_id: int) -> tuple[float, bool]:
        """How much of the question one procedure's own text confirms, and whether an outside topic is left.

        A content syllable is confirmed when it forms, with a neighbour, a bigram of the procedure's text
        ("bang lai" is not in "Đăng ký lại khai sinh", "khai sinh" is), when it is part of an everyday
        phrase whose official words the procedure carries, or when it is typed with the same diacritics as
        in the text. A folded syllable found alone counts for ``UNIGRAM_EVIDENCE`` only: without its
        accents and its neighbours it may be any of several words. A syllable of an outside topic
        (``outside.py``) counts as unconfirmed unless the procedure's text carries the topic's bigrams.
        """
        keys, stop, accents = analysis.keys, analysis.stop, analysis.accents
        if not keys:
            return 0.0, False
        grams, words = self.doc_grams[doc_id], self.doc_keys[doc_id]
        credit = [0.0] * len(keys)
        content = [not s for s in stop]
        # A syllable typed with diacritics agrees with the text only if the text has it with the same ones
        # ("bán vé" is not "bản vẽ"); one typed without them agrees with any.
        agrees = [a is None or "~" + a in grams for a in accents]
        for i in range(len(keys) - 1):
            if ((content[i] or content[i + 1]) and agrees[i] and agrees[i + 1]
                    and f"{keys[i]}_{keys[i + 1]}" in grams):
                credit[i] = credit[i + 1] = 1.0
        for start, end, unigrams, bigrams in analysis.synonym_spans:
            for j in range(start, end):
                content[j] = True
            if (bigrams and any(g in grams for g in bigrams)) or (not bigrams and unigrams
                                                                  and all(u in words for u in unigrams)):
                for j in range(start, end):
                    credit[j] = 1.0
        for i, key in enumerate(keys):
            if credit[i] or key not in words:
                continue
            accent = accents[i]
            credit[i] = 1.0 if accent is not None and "~" + accent in grams else UNIGRAM_EVIDENCE
        # Something beyond scattered syllables: a bigram or an everyday phrase of the text.
        analysis.phrase_confirmed = any(c == 1.0 and a is None for c, a in zip(credit, accents, strict=True)) or any(
            credit[i] == 1.0 and credit[i + 1] == 1.0 for i in range(len(keys) - 1))
        left_outside = False
        name_grams, name_words = self.name_bigrams[doc_id], self.name_keys[doc_id]
        for start, end in analysis.outside_spans:
            if analysis.in_secondary(start):
                continue  # "để vay vốn ngân hàng": what the paper is for, not what is asked
            # Carried only by the procedure's name: a passport listed among a birth registration's papers
            # does not make it the passport procedure.
            span = analysis.typed_keys[start:end]
            carried = (all(f"{a}_{b}" in name_grams for a, b in zip(span, span[1:], strict=False))
                       if len(span) > 1 else span[0] in name_words)
            if carried:
                continue
            left_outside = True
            for j in range(start, end):
                content[j] = True
                credit[j] = 0.0
        total = weight_sum = 0.0
        for i, key in enumerate(keys):
            if not content[i] or key.isdigit() or (not credit[i] and (key in NEUTRAL_WORDS or i in analysis.places)):
                continue  # "bà nội", "thằng cu": whom the question is for says nothing about which procedure
            weight = SECONDARY_WEIGHT if analysis.in_secondary(i) else 1.0
            total += weight * credit[i]
            weight_sum += weight
        return (total / weight_sum if weight_sum else 0.0), left_outside

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        """Best procedures for a question, best first."""
        return self.search_analyzed(query, limit)[0]

    def record(self, code: str) -> Mapping | None:
        """The procedure dict the index was built from, by code."""
        position = self._positions.get(code)
        return None if position is None else self.records[position]
