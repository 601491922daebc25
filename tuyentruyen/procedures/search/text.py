"""Vietnamese text normalisation for procedure search (pure Python, no Django).

Residents type the same word in many shapes: with or without diacritics, with
the tone mark on either vowel ("hoà"/"hòa"), with "y" or "i" ("ký"/"kí"), in
teencode ("dk" for "đăng ký", "ko" for "không"). Everything here maps those
shapes onto one *folded* key per syllable (ASCII, đ → d, canonical i/y), and
keeps an *accent key* (base letters with vowel marks + tone digit) so that an
accented query can still prefer "sổ" over "số" when both fold to "so".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from tuyentruyen.lib.text import fold as lib_fold

# Combining marks that carry the tone (thanh): huyền, sắc, hỏi, ngã, nặng.
_TONE_MARKS = {
    "\u0300": "2",  # grave: huyền
    "\u0301": "1",  # acute: sắc
    "\u0309": "3",  # hook above: hỏi
    "\u0303": "4",  # tilde: ngã
    "\u0323": "5",  # dot below: nặng
}
# Vowel-shape marks (â ê ô ă ơ ư) stay in the accent key.
_SHAPE_MARKS = {"\u0302", "\u0306", "\u031b"}

_WORD = re.compile(r"[^\W_]+")
_SPACES = re.compile(r"\s+")
_ASCII_WORD = re.compile(r"^[a-z]+$")

# Initial consonants after which a final "y" is only a spelling variant of "i"
# ("ký"/"kí", "lý"/"lí", "mỹ"/"mĩ", "quý"/"quí").
_Y_INITIALS = frozenset(
    "b c d g h k l m n p r s t v x ch gh kh ng ngh nh ph th tr qu".split()
)


def normalize(text: str) -> str:
    """NFC, lower-case, collapsed whitespace."""
    text = unicodedata.normalize("NFC", text or "").lower()
    return _SPACES.sub(" ", text).strip()


def _canonical_y(base: str) -> str:
    if len(base) >= 2 and base.endswith("y") and base[:-1] in _Y_INITIALS:
        return base[:-1] + "i"
    return base


fold = lib_fold  # lower-case, every diacritic dropped, đ/Đ included: the project's one folding


def fold_syllable(syllable: str) -> str:
    """Folded, canonical key of one syllable: "Ký" → "ki", "đăng" → "dang"."""
    return _canonical_y(fold(syllable))


def has_diacritics(text: str) -> bool:
    """True when the text carries any Vietnamese mark (so its accents are a signal)."""
    lowered = normalize(text)
    return "đ" in lowered or any(
        unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", lowered)
    )


def accent_key(syllable: str) -> str:
    """Tone-placement-independent accented key: "hoà" and "hòa" → "hoa2", "ký"/"kí" → "ki1".

    Returns the folded key unchanged for a syllable without any mark, so callers
    should only use it as a signal when ``has_diacritics`` is true.
    """
    decomposed = unicodedata.normalize("NFD", normalize(syllable))
    tone = ""
    kept = []
    for ch in decomposed:
        if ch in _TONE_MARKS:
            tone = _TONE_MARKS[ch]
        elif unicodedata.combining(ch) and ch not in _SHAPE_MARKS:
            continue
        else:
            kept.append(ch)
    base = unicodedata.normalize("NFC", "".join(kept))
    return _canonical_y(base) + tone


# Everyday abbreviations and teencode, keyed by folded token. Values are
# accented Vietnamese so that they also yield accent keys.
ABBREVIATIONS: dict[str, str] = {
    # không
    "ko": "không", "k": "không", "kg": "không", "khg": "không", "hok": "không",
    "hem": "không", "khum": "không",
    # đăng ký and friends
    "dk": "đăng ký", "dki": "đăng ký", "dangki": "đăng ký", "dangky": "đăng ký",
    "dkkd": "đăng ký kinh doanh", "dkks": "đăng ký khai sinh",
    "dkkh": "đăng ký kết hôn", "dkkt": "đăng ký khai tử",
    # civil status
    "gks": "giấy khai sinh", "ks": "khai sinh", "gkh": "giấy kết hôn",
    "gct": "giấy chứng tử", "xnthhn": "xác nhận tình trạng hôn nhân",
    "xntthn": "xác nhận tình trạng hôn nhân", "tthn": "tình trạng hôn nhân",
    "xndt": "xác nhận độc thân", "gxndt": "giấy xác nhận độc thân",
    "htich": "hộ tịch",
    # identity and residence
    "cmnd": "chứng minh nhân dân", "cmt": "chứng minh thư", "cccd": "căn cước công dân",
    "hk": "hộ khẩu", "shk": "sổ hộ khẩu",
    # land and building
    "gcn": "giấy chứng nhận", "qsdd": "quyền sử dụng đất", "sdd": "sử dụng đất",
    "gcnqsdd": "giấy chứng nhận quyền sử dụng đất", "gpxd": "giấy phép xây dựng",
    "xd": "xây dựng", "bds": "bất động sản",
    # business
    "hkd": "hộ kinh doanh", "gpkd": "giấy phép kinh doanh", "kd": "kinh doanh",
    "dn": "doanh nghiệp",
    # insurance and social
    "bhyt": "bảo hiểm y tế", "bhxh": "bảo hiểm xã hội", "bh": "bảo hiểm",
    "tcxh": "trợ cấp xã hội", "btxh": "bảo trợ xã hội", "nkt": "người khuyết tật",
    "ncc": "người có công", "nccc": "người có công", "ccb": "cựu chiến binh",
    "nvqs": "nghĩa vụ quân sự", "ldtbxh": "lao động thương binh xã hội",
    # administration
    "ubnd": "ủy ban nhân dân", "ub": "ủy ban", "tthc": "thủ tục hành chính",
    "tt": "thủ tục", "hs": "hồ sơ", "tg": "thời gian", "sdt": "số điện thoại",
    "dvc": "dịch vụ công", "dvctt": "dịch vụ công trực tuyến",
    "cchc": "cải cách hành chính",
    # chat fillers (expanded so that they can be recognised as fillers)
    "dc": "được", "j": "gì", "ntn": "như thế nào",
    "bn": "bao nhiêu", "bnh": "bao nhiêu", "vs": "với",
    "ck": "chồng", "vk": "vợ", "cx": "cũng", "ng": "người", "mn": "mọi người",
    "mk": "mình", "r": "rồi", "z": "vậy", "ak": "à", "ah": "à", "e": "em",
    "a": "anh", "c": "chị", "b": "bạn", "hnay": "hôm nay", "nhiu": "nhiều", "wa": "qua", "ms": "mới", "trc": "trước", "lm": "làm", "mun": "muốn", "mún": "muốn",
    "bme": "bố mẹ", "bm": "bố mẹ", "cmnr": "rồi",
}


def _expand_token(token: str, min_length: int = 1) -> list[str]:
    """Expand one NFC lower-case token into syllables if it is a known abbreviation.

    An accented token is only expanded when its accented form is itself listed
    (so "gì" passes through and "dk"/"đk" both expand).
    """
    folded = fold(token)
    if len(folded) >= min_length and folded in ABBREVIATIONS and (folded == token.replace("đ", "d") or token in ABBREVIATIONS):
        return _WORD.findall(normalize(ABBREVIATIONS[folded]))
    return [token]


def syllables(text: str, expand: bool = True, min_abbreviation: int = 1) -> list[str]:
    """Split text into lower-case NFC syllables, expanding abbreviations when asked.

    Official text is indexed with ``min_abbreviation=3`` so that list markers
    such as "a)" or "c)" are not read as teencode.
    """
    tokens = _WORD.findall(normalize(text))
    if not expand:
        return tokens
    out: list[str] = []
    for token in tokens:
        out.extend(_expand_token(token, min_abbreviation))
    return out


def folded_syllables(text: str, expand: bool = True) -> list[str]:
    """Folded canonical keys of the syllables: "Đăng kí" → ["dang", "ki"]."""
    return [fold_syllable(s) for s in syllables(text, expand=expand)]


def bigrams(keys: list[str]) -> list[str]:
    """Adjacent syllable pairs joined by "_": most Vietnamese words are two syllables."""
    return [f"{a}_{b}" for a, b in zip(keys, keys[1:], strict=False)]


def char_trigrams(word: str) -> set[str]:
    """Character trigrams of a folded word with boundary markers, for typo tolerance."""
    padded = f"#{word}#"
    if len(padded) < 3:
        return {padded}
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def trigram_similarity(a: str, b: str) -> float:
    """Jaccard similarity of character trigrams (1.0 for identical words)."""
    ta, tb = char_trigrams(a), char_trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta or tb else 0.0


def is_plain_word(key: str) -> bool:
    """A folded key made only of a-z letters (worth typo-correcting)."""
    return bool(_ASCII_WORD.match(key))


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Optimal-string-alignment distance (adjacent swaps count 1), capped at limit + 1."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        row_min = cur[0]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, prev2[j - 2] + 1)
            cur[j] = value
            row_min = min(row_min, value)
        if row_min > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[-1], limit + 1)


# Spelling confusions that come from pronunciation (regional accents): initial
# s/x, d/gi/r/v, ch/tr, l/n; final n/ng, c/t, i/y.
_INITIAL_CONFUSIONS = [("s", "x"), ("d", "gi"), ("d", "r"), ("gi", "r"), ("d", "v"), ("ch", "tr"), ("l", "n")]
_FINAL_CONFUSIONS = [("n", "ng"), ("c", "t"), ("i", "y"), ("nh", "n"), ("ch", "t")]


def is_confusable(a: str, b: str) -> bool:
    """True when two folded syllables differ only by a common sound-alike spelling."""
    for x, y in _INITIAL_CONFUSIONS:
        for p, q in ((x, y), (y, x)):
            if a.startswith(p) and b.startswith(q) and a[len(p):] == b[len(q):]:
                return True
    for x, y in _FINAL_CONFUSIONS:
        for p, q in ((x, y), (y, x)):
            if a.endswith(p) and b.endswith(q) and a[: -len(p)] == b[: -len(q)]:
                return True
    return False


def deletes(word: str, depth: int) -> set[str]:
    """All strings reachable by deleting up to ``depth`` characters (SymSpell-style keys)."""
    found = {word}
    frontier = {word}
    for _ in range(depth):
        nxt = set()
        for w in frontier:
            for i in range(len(w)):
                nxt.add(w[:i] + w[i + 1 :])
        found |= nxt
        frontier = nxt
    return found


def unique(items: Iterable[str]) -> list[str]:
    """Order-preserving de-duplication."""
    return list(dict.fromkeys(items))
