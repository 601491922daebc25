"""Finding and masking residents' personal data in free text (pure, no Django).

Residents write on phones, often without diacritics and in lower case, so every rule runs on a folded
copy of the text (lower case, no diacritics, đ → d) that keeps the positions of the original one to
one; capitals and diacritics are read from the original only where they tell a name from a word.

What is found (``find_personal_data``), each as a span of the NFC text:
- e-mail addresses, and links to personal Facebook / Zalo pages;
- phone numbers (mobiles and landlines, 0 / 84 / +84, any spacing, dots, dashes, brackets) and
  ID numbers (CMND 9 digits, CCCD 12): every run of 9 to 13 digits except amounts written with
  thousands separators; shorter runs after a phone cue ("sđt", "zalo", "gọi" …);
- names: after "tôi là", "tên", "họ tên", "ông", "bà", "anh", "chị", "em", "cháu", "cô", "chú",
  "bác"; in signatures ("Người gửi: …", "Ký tên …") and as the last line or last clause; every other
  occurrence of a name found once, and of the names the caller already knows (the sender's);
- dates of birth after "sinh ngày" / "ngày sinh";
- house numbers and addresses: "số 12 đường …", "12/3 hẻm …", "ngõ 45 …", "tổ 5, ấp …", and
  whatever follows "địa chỉ:", "trú tại", "thường trú tại" up to the end of the clause;
- extra phrases the officer selected (matched like names: case and diacritics do not matter).

A street or village named without a house or group number ("đường Lê Lợi bị ngập") is kept: it is
where the problem is, and the answer is useless without it.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

MASK = "***"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # email, link, number, name, birth, address, extra


# --- folding ------------------------------------------------------------------------------------
def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value or "")


def fold_aligned(text: str) -> str:
    """Lower case without diacritics, one character for one character of ``text`` (NFC)."""
    out = []
    for ch in text:
        if ch in "đĐ":
            out.append("d")
            continue
        base = unicodedata.normalize("NFD", ch)[0].lower()
        out.append(base if len(base) == 1 else ch)
    return "".join(out)


def _fold(value: str) -> str:
    return fold_aligned(nfc(value))


# --- vocabularies (folded unless said otherwise) ------------------------------------------------
# Vietnamese family names, with diacritics: a lower-case word is taken for a name only when it is one.
SURNAMES = set("""
nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh mai trịnh đào cao lâm hà tạ
lương trương đoàn văn châu quách thái tô kiều lưu tăng triệu vương la lại khúc mạc tống chu kim hứa phùng
giang nông lò lục ma đàm nghiêm thân âu doãn khổng lã từ viên ông lữ hầu mẫn quan sầm thạch tiêu diệp cù
nhữ lạc bế hoàng ninh thang cấn vi kha mông
""".split())
# Family names that are also everyday words (mai = tomorrow, từ = from, hồ = lake …): after a weak cue
# such as "anh" or "chị" a lower-case one is not enough.
_AMBIGUOUS_SURNAMES = set("""
lê mai cao lâm hà tạ văn thái tô la lại kim chu giang lò ma âu từ viên ông quan y lục thân lạc vi kha
nông đàm hồ tăng lưu tống thạch tiêu cù hầu mẫn ninh thang bế
""".split())
_FOLDED_SURNAMES = {_fold(s) for s in SURNAMES}
# Folded, the safe ones must not be a common word either (phan → phản, dang → đang, dinh → chỉ định).
_SAFE_FOLDED_SURNAMES = {"nguyen", "tran", "pham", "hoang", "huynh", "bui", "ngo", "trinh", "truong",
                         "quach", "kieu", "trieu", "vuong", "phung", "nghiem", "khuc", "khong", "doan"} - {"doan"}

# Words that follow "ông", "anh" … but begin a title, not a name: "ông Chủ tịch", "anh Trưởng thôn".
# Compared with their diacritics when the text has them (Trương is a name, trưởng a title), as phrases
# of the folded text otherwise.
_TITLE_WORDS = set("""
chủ phó trưởng bí cán công tổ giám kế thủ tổng hiệu ủy ban phòng sở bộ trung đoàn hội tòa viện bệnh
trường đại cục chi xã thôn ấp phường huyện tỉnh bác kỹ giáo luật thư chánh nhân tư
""".split())
_TITLE_PHRASES = {_fold(p) for p in """
chủ tịch|phó chủ tịch|trưởng thôn|trưởng ấp|trưởng ban|trưởng phòng|tổ trưởng|bí thư|cán bộ|công an|giám đốc
|kế toán|thủ trưởng|hiệu trưởng|ủy ban|bác sĩ|kỹ sư|giáo viên|luật sư|chánh văn phòng|nhân viên|công chức
|trưởng công an|chủ nhiệm|tư pháp|địa chính
""".replace("\n", "").split("|")}
_ACRONYMS = {"ubnd", "hdnd", "cchc", "tthc", "mttq", "bhxh", "bhyt", "cccd", "cmnd", "sdt", "dt", "gplx",
             "kp", "tdp", "qd", "nd", "tt", "ct", "vnd", "ok", "atm", "cv", "kh", "ubmttq", "csgt", "ca"}
# Lower-case words that end a lower-case name ("toi ten nguyen van tam o thon 3").
_STOPWORDS = set("""
o thon xa so sdt dt dien thoai nha dia chi sinh da dang co muon xin hoi can va la cua den nop lam
toi em gui ve khong ko k duoc dc bi hien nay cu tru hom qua nguoi dan phuong to ap xom duong ngo hem
kiet khu pho huyen cho voi nhung cac nen neu khi luc roi a oi nhe nha hay day do kia the nao gi sao bao
nhieu mong mail email zalo fb facebook
ho va ten ky nhan ngay thang
""".split())

_PHONE_CUES = r"(?:sdt|sd?t|so dien thoai|dien thoai|dt|di dong|dd|zalo|goi|lien he|lh|hotline|tel|phone|mobile)"
_ID_CUES = r"(?:cccd|cmnd|can cuoc|chung minh|so dinh danh|dinh danh|ho chieu)"

# Starts only where a token starts: otherwise a long run of letters and dots is rescanned from each
# of its characters (quadratic on a pasted text).
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+\s?@\s?[\w-]+(?:\s?\.\s?[\w-]+)+", re.UNICODE)
_LINK = re.compile(r"(?:https?://)?(?:www\.|m\.)?(?:facebook\.com|fb\.com|fb\.me|zalo\.me|tiktok\.com)/\S+")
# A run of digits with separators between them (space, dot, dash, brackets), an optional leading +.
_DIGIT_RUN = re.compile(r"(?<![\w/])\+?\(?\d(?:(?:[ .\-]|\)\s?|\s?\()?\d)+(?![\w/])")
_AMOUNT = re.compile(r"[1-9]\d{0,2}(?:([.,])\d{3})(?:\1\d{3})*")
_CUED_NUMBER = re.compile(rf"(?<![a-z]){_PHONE_CUES}|{_ID_CUES}")
_BIRTH = re.compile(r"(?:sinh ngay|ngay sinh|ngay thang nam sinh|sn)\s*:?\s*(\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?\d{2,4})")

# Addresses. A house number, a lane or a residential group with its number anchors an address; the
# components after it ("hẻm 45", "đường Lê Lợi", "ấp Bình An") are taken while they follow.
_STREET = (r"(?:duong|pho|hem|ngo|ngach|kiet|to dan pho|to|khu pho|kp|khom|ap|thon|xom|ban|buon|lang|khu"
           r"|doi|cum|day|lo|can ho|phong|chung cu|toa nha|toa|khu tap the|ktt)")
_GROUP = r"(?:hem|ngo|ngach|kiet|to dan pho|to|khu pho|kp|khom|ap|thon|xom|buon|khu|doi|cum|can ho)"
_NUMBER = r"\d+[a-z]?(?:\s?/\s?\d+[a-z]?)*(?![\w/])"
_ANCHORS = re.compile(
    rf"(?<![\w/])(?:(?P<house>(?:so nha|nha so|can ho so|can so)\s*{_NUMBER})"
    rf"|(?P<numbered>(?:(?:so|nha)\s*)?\d+[a-z]?(?:\s?/\s?\d+[a-z]?)*),?\s*(?={_STREET}\s)"
    rf"|(?P<group>{_GROUP}\s+{_NUMBER}))"
)
_COMPONENT = re.compile(rf",?\s*{_STREET}\s+")
# A house number followed straight by a street name: "nhà tôi ở 25 Lê Lợi" (needs a capital, checked below).
_BARE_HOUSE = re.compile(r"(?<![\w/])(?:o|tai|nha)\s+(\d+[a-z]?(?:/\d+[a-z]?)*)\s+(?=[^\W\d_])")
_ADDRESS_CUE = re.compile(
    r"(?<![\w/])(?:dia chi|d/c|dc(?=\s*:)|thuong tru tai|tam tru tai|tru tai|ngu tai|noi o|cho o hien nay|que quan)"
    r"(?![\w])\s*(?::|la|o)?\s*"
)
# Where an address given after "địa chỉ:" ends: the clause, or a word that starts the next thought.
_ADDRESS_END = re.compile(
    r"[.;!?\n()]|\s(?:xin|muon|hoi|toi|em|co|da|nay|can|va|sdt|so dien thoai|dien thoai|dt|email|de nghi|kinh"
    r"|phan anh|sinh|nam sinh|cccd|cmnd)\b"
)

# Name cues. Strong: what follows is a name whatever its case. Weak: only a capitalised word or a safe
# family name (``anh`` is also "he", ``chi`` also "only").
_STRONG_CUES = re.compile(
    r"(?<![\w])(?:toi ten la|toi ten|toi la|ten toi la|ten toi|ten la|ten em la|ten em|em ten la|em ten|em la"
    r"|con toi ten la|con toi ten|con toi la|chau ten la|chau ten|ho va ten|ho ten|ten)\s*:?\s+"
)
_SIGNATURE_CUES = re.compile(
    r"(?<![\w])(?:nguoi gui|nguoi viet|nguoi phan anh|nguoi kien nghi|nguoi lam don|nguoi de nghi|ky ten"
    r"|ky boi|chu ho|nguoi lien he|nguoi hoi)\s*:?\s*"
)
_WEAK_CUES = re.compile(r"(?<![\w])(?:ong|ba|anh|chi|em|chau|co|chu|bac|cu|me|bo|con|vo|chong|thay)\s+")
# A weak cue typed with its diacritics must be the form of address (not "có", "còn", "bỏ", "cũ");
# typed without, only the forms that are rarely anything else count.
_HONORIFICS = {"ông", "bà", "anh", "chị", "em", "cháu", "cô", "chú", "bác", "cụ", "mẹ", "bố", "con", "vợ",
               "chồng", "thầy"}
_ASCII_HONORIFICS = {"ong", "ba", "anh", "chi", "em", "chau", "chu", "bac", "thay"}
# A name right after "tôi"/"mình", after a dash or a colon ("chủ nhà: Bùi Văn Tiến"), or opening the message or a line ("Tôi Nông Văn Páo, …",
# "— Mạc Thị Yến, 0913…", "nguyen van tuan 0912…"): only when it reads as a full name (two words or
# more, led by a family name) and ends at a comma, a number or the end.
_LEAD_CUES = re.compile(r"(?:^|\n|(?<![\w])(?:toi|minh)\s+|(?:^|\s)[-–—]\s*|:\s*)")
_CLOSINGS = re.compile(r"(?:tran trong|tran trong cam on|xin cam on|cam on|kinh thu|kinh)\s*[,.!:\-–—]*\s*$")

_WORD = re.compile(r"[^\W_]+")


@dataclass
class _Text:
    original: str
    folded: str

    def is_capitalised(self, start: int) -> bool:
        return self.original[start].isupper()

    def has_marks(self, start: int, end: int) -> bool:
        return self.original[start:end].lower() != self.folded[start:end]


def _words_from(text: _Text, pos: int, limit: int = 6) -> list[tuple[int, int]]:
    """Up to ``limit`` words from ``pos`` separated by single spaces only (a comma ends the run)."""
    words = []
    while len(words) < limit:
        match = _WORD.match(text.folded, pos)
        if not match:
            break
        words.append((match.start(), match.end()))
        pos = match.end()
        if text.folded[pos:pos + 1] != " ":
            break
        pos += 1
    return words


def _is_surname(text: _Text, start: int, end: int, *, weak: bool) -> bool:
    word = text.original[start:end].lower()
    folded = text.folded[start:end]
    if text.has_marks(start, end):
        return word in SURNAMES and not (weak and word in _AMBIGUOUS_SURNAMES)
    return folded in (_SAFE_FOLDED_SURNAMES if weak else _FOLDED_SURNAMES)


def _title_ahead(text: _Text, start: int) -> bool:
    first = _WORD.match(text.folded, start)
    if first and text.has_marks(*first.span()):
        return text.original[first.start():first.end()].lower() in _TITLE_WORDS
    ahead = text.folded[start:start + 24]
    return any(ahead.startswith(t) and not ahead[len(t):len(t) + 1].isalnum() for t in _TITLE_PHRASES)


def _name_at(text: _Text, pos: int, *, weak: bool, limit: int = 5) -> tuple[int, int] | None:
    """The name starting at ``pos``, if one does: capitalised words (or ALL CAPS after a family name),
    or lower-case words led by a family name."""
    words = _words_from(text, pos, limit)
    if not words or _title_ahead(text, pos):
        return None
    first_start, first_end = words[0]
    if text.folded[first_start:first_end] in _ACRONYMS or text.folded[first_start].isdigit():
        return None
    taken = []
    if text.is_capitalised(first_start):
        for start, end in words:
            token = text.folded[start:end]
            if not text.is_capitalised(start) or token in _ACRONYMS or token.isdigit():
                break
            if text.original[start:end].isupper() and len(token) > 1 and not _is_surname(text, *words[0], weak=False):
                break  # an acronym or a shouted word, not a name in capitals
            taken.append((start, end))
    elif _is_surname(text, first_start, first_end, weak=weak):
        taken.append(words[0])
        for start, end in words[1:4]:
            token = text.folded[start:end]
            if text.is_capitalised(start) or token in _STOPWORDS or token.isdigit() or len(token) > 7:
                break
            taken.append((start, end))
        if len(taken) < 2:
            return None  # a family name alone in lower case is too often a word
    if not taken:
        return None
    return taken[0][0], taken[-1][1]


def _names(text: _Text) -> list[tuple[int, int]]:
    found = []
    for cue in _STRONG_CUES.finditer(text.folded):
        span = _name_at(text, cue.end(), weak=False)
        if span:
            found.append(span)
    for cue in _SIGNATURE_CUES.finditer(text.folded):
        span = _name_at(text, cue.end(), weak=False, limit=6)
        if span:
            found.append(span)
    for cue in _WEAK_CUES.finditer(text.folded):
        word = text.original[cue.start():cue.end()].strip()
        if word.lower() not in _HONORIFICS and not (word.isascii() and word.lower() in _ASCII_HONORIFICS):
            continue
        span = _name_at(text, cue.end(), weak=True, limit=4)
        if span:
            found.append(span)
    for cue in _LEAD_CUES.finditer(text.folded):
        span = _full_name_at(text, cue.end())
        if span:
            found.append(span)
    tail = _tail_name(text)
    if tail:
        found.append(tail)
    return found


def _full_name_at(text: _Text, pos: int) -> tuple[int, int] | None:
    first = _WORD.match(text.folded, pos)
    if first is None or first.start() != pos:
        return None
    strong = text.is_capitalised(pos)
    if not _is_surname(text, *first.span(), weak=not strong):
        return None
    span = _name_at(text, pos, weak=not strong, limit=4)
    if span is None or len(_WORD.findall(text.folded[span[0]:span[1]])) < 2:
        return None
    if not re.match(r"\s*(?:$|[,;:(\n]|\s\+?\d|\s-)", text.folded[span[1]:]):
        return None
    return span


def _tail_name(text: _Text) -> tuple[int, int] | None:
    """A signature at the end: the last line, or what follows the last full stop, comma or dash, when it
    is a name of two to five words led by a family name."""
    stripped = text.folded.rstrip(" .!\n\t-–—")
    cut = max(stripped.rfind(ch) for ch in "\n.!?-–—,:;")
    start = cut + 1
    while start < len(stripped) and not stripped[start].isalnum():
        start += 1
    segment = stripped[start:]
    if not 2 <= len(_WORD.findall(segment)) <= 5 or len(segment) > 60:
        return None
    first = _WORD.match(text.folded, start)
    if first is None:
        return None
    # A new line, a dash or a closing formula before it reads as a signature; after a full stop or a
    # comma it could be any sentence, so a lower-case one needs an unambiguous family name.
    closing = _CLOSINGS.search(text.folded[:start].rstrip(" ,.!:-–—\n"))
    strong = text.is_capitalised(first.start()) or closing is not None or (
        cut >= 0 and text.folded[cut] in "\n-–—")
    span = _name_at(text, start, weak=not strong)
    if span and span[1] >= len(stripped) - 1 and len(_WORD.findall(text.folded[span[0]:span[1]])) >= 2:
        return span
    return None


def _numbers(text: _Text, keep_digits: set[str]) -> list[tuple[int, int]]:
    found = []
    cued_ends = [m.end() for m in _CUED_NUMBER.finditer(text.folded)]
    for match in _DIGIT_RUN.finditer(text.folded):
        raw = match.group(0)
        digits = re.sub(r"\D", "", raw)
        if digits in keep_digits:
            continue
        amount = _AMOUNT.fullmatch(raw) is not None
        nearest = bisect.bisect_right(cued_ends, match.start())  # the last cue ending before the number
        cued = nearest > 0 and match.start() - cued_ends[nearest - 1] <= 12
        if (9 <= len(digits) <= 13 and not amount) or (cued and len(digits) >= 7):
            found.append(match.span())
    return found


def _component_value(text: _Text, pos: int) -> int | None:
    """End of the value of an address component at ``pos``: a number, or a place name (capitalised words,
    or lower-case words up to a stop word)."""
    number = re.compile(_NUMBER).match(text.folded, pos)
    if number:
        return number.end()
    words = _words_from(text, pos, 4)
    if not words:
        return None
    capitalised = text.is_capitalised(words[0][0])
    taken = []
    for start, end in words:
        token = text.folded[start:end]
        if capitalised != text.is_capitalised(start) or (not capitalised and token in _STOPWORDS and taken):
            break
        taken.append(end)
        if not capitalised and len(taken) == 2:
            break
    return taken[-1] if taken else None


def _extend_address(text: _Text, end: int) -> int:
    while True:
        component = _COMPONENT.match(text.folded, end)
        if not component:
            return end
        value_end = _component_value(text, component.end())
        if value_end is None:
            return end
        end = _street_name_after_number(text, value_end)


def _street_name_after_number(text: _Text, end: int) -> int:
    """ "hẻm 45 Trần Phú": capitalised words right after a lane number name its street."""
    if not text.folded[end - 1:end].isalnum() or not re.search(r"\d[a-z]?$", text.folded[max(0, end - 2):end]) \
            or text.folded[end:end + 1] != " ":
        return end
    words = _words_from(text, end + 1, 4)
    caps = []
    for word_start, word_end in words:
        if not text.is_capitalised(word_start) or text.folded[word_start:word_end] in _ACRONYMS:
            break
        caps.append(word_end)
    return caps[-1] if caps else end


def _addresses(text: _Text) -> list[tuple[int, int]]:
    found = []
    for match in _ANCHORS.finditer(text.folded):
        if match.group("numbered") is not None:
            end = _extend_address(text, match.end("numbered"))
            if end == match.end("numbered"):
                continue  # "số 12" with no street after it: a count or a document number, not a house
        else:
            end = _extend_address(text, _street_name_after_number(text, match.end()))
        found.append((match.start(), end))
    for match in _BARE_HOUSE.finditer(text.folded):
        after = match.end()
        if text.is_capitalised(after):
            words = _words_from(text, after, 4)
            caps = [w for w in words if text.is_capitalised(w[0])]
            if caps:
                found.append((match.start(1), caps[-1][1]))
    for cue in _ADDRESS_CUE.finditer(text.folded):
        end = _ADDRESS_END.search(text.folded, cue.end())
        stop = end.start() if end else len(text.folded)
        words = list(_WORD.finditer(text.folded, cue.end(), stop))[:14]
        if words:
            found.append((words[0].start(), words[-1].end()))
    return found


def _phrase_pattern(phrase: str) -> re.Pattern | None:
    words = _WORD.findall(_fold(phrase)) if not re.search(r"[@+]", phrase) else None
    if words is None:
        folded = _fold(phrase).strip()
        return re.compile(re.escape(folded)) if len(folded) >= 2 else None
    if not words or len("".join(words)) < 2:
        return None
    return re.compile(r"(?<![^\W_])" + r"[\s.,\-]*".join(re.escape(w) for w in words) + r"(?![^\W_])")


def find_personal_data(text: str, names=(), extra=(), keep=()) -> list[Span]:
    """Spans of personal data in ``text`` (taken as NFC), sorted and merged. ``names``: names known to
    belong to the person (the sender's); ``extra``: phrases the officer chose to mask; ``keep``: public
    numbers not to mask (the commune's hotline)."""
    text_ = _Text(nfc(text), _fold(text))
    spans: list[Span] = []
    for match in _EMAIL.finditer(text_.folded):
        spans.append(Span(*match.span(), "email"))
    for match in _LINK.finditer(text_.folded):
        spans.append(Span(*match.span(), "link"))
    keep_digits = {re.sub(r"\D", "", k) for k in keep if re.sub(r"\D", "", k)}
    spans += [Span(s, e, "number") for s, e in _numbers(text_, keep_digits)]
    spans += [Span(*m.span(1), "birth") for m in _BIRTH.finditer(text_.folded)]
    spans += [Span(s, e, "address") for s, e in _addresses(text_)]
    found_names = _names(text_)
    spans += [Span(s, e, "name") for s, e in found_names]
    # A name found once is masked wherever else it appears, as is every name the caller knows.
    known = {_fold(n): n for n in list(names) + [text_.original[s:e] for s, e in found_names]}
    for phrase, kind in [(n, "name") for n in known.values()] + [(x, "extra") for x in extra]:
        pattern = _phrase_pattern(phrase or "")
        if pattern is not None:
            spans += [Span(*m.span(), kind) for m in pattern.finditer(text_.folded)]
    return _merge(spans)


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.end <= span.start:
            continue
        if merged and span.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = Span(last.start, max(last.end, span.end), last.kind)
        else:
            merged.append(span)
    return merged


def mask_personal_data(text: str, names=(), extra=(), keep=()) -> str:
    """``text`` with every span of ``find_personal_data`` replaced by ``MASK``."""
    original = nfc(text)
    out, pos = [], 0
    for span in find_personal_data(original, names, extra, keep):
        out.append(original[pos:span.start])
        out.append(MASK)
        pos = span.end
    out.append(original[pos:])
    return "".join(out)
