"""Text made speakable before synthesis (pure, no Django).

A synthetic voice reads what is written: "UBND" letter by letter with an English voice, "26/11" as two
numbers, a hotline as one huge number. ``normalise`` rewrites a bulletin's text the way an announcer would
say it: abbreviations expanded, dates with "ngày … tháng … năm …", times with "giờ … phút", phone numbers
digit by digit, numbers with their units, Roman numerals after the words that take them ("Quý III"), the
numbering of legal texts ("Điều 5", "mục 1.2", "số 61/2018/NĐ-CP"). A commune adds its own words (place
names, local units) as a pronunciation list, applied first so that it can override anything here.
"""

import re

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
GROUPS = ["", "nghìn", "triệu", "tỷ"]

# Expanded in this order (longer first, so "UBMTTQ" is not read as "UB" + "MTTQ").
ABBREVIATIONS = {
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
    "CBCCVC": "cán bộ, công chức, viên chức",
    "DVCTT": "dịch vụ công trực tuyến",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "MTTQ": "Mặt trận Tổ quốc",
    "CCHC": "cải cách hành chính",
    "TTHC": "thủ tục hành chính",
    "CBCC": "cán bộ, công chức",
    "BHYT": "bảo hiểm y tế",
    "BHXH": "bảo hiểm xã hội",
    "CCCD": "căn cước công dân",
    "CMND": "chứng minh nhân dân",
    "THPT": "trung học phổ thông",
    "THCS": "trung học cơ sở",
    "PCCC": "phòng cháy, chữa cháy",
    "ATGT": "an toàn giao thông",
    "CSGT": "cảnh sát giao thông",
    "KT-XH": "kinh tế - xã hội",
    "BCĐ": "Ban Chỉ đạo",
    "BTV": "Ban Thường vụ",
    "HTX": "hợp tác xã",
    "NTM": "nông thôn mới",
    "DVC": "dịch vụ công",
    "SĐT": "số điện thoại",
    "ĐT": "điện thoại",
    "TP.": "thành phố",
    "TP": "thành phố",
    "TX": "thị xã",
    "QĐ": "quyết định",
    "NĐ": "nghị định",
    "Đ/c": "đồng chí",
    "đ/c": "đồng chí",
}

# Who issued a legal text, from the tail of its number ("61/2018/NĐ-CP" → "của Chính phủ").
ISSUERS = {
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BNV": "Bộ Nội vụ",
    "BTP": "Bộ Tư pháp",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "QH": "Quốc hội",
}

UNITS = {
    "km/h": "ki-lô-mét một giờ",
    "km²": "ki-lô-mét vuông",
    "km2": "ki-lô-mét vuông",
    "m²": "mét vuông",
    "m2": "mét vuông",
    "m³": "mét khối",
    "m3": "mét khối",
    "kWh": "ki-lô-oát giờ",
    "kW": "ki-lô-oát",
    "km": "ki-lô-mét",
    "kg": "ki-lô-gam",
    "ha": "héc-ta",
    "cm": "xăng-ti-mét",
    "mm": "mi-li-mét",
    "m": "mét",
    "g": "gam",
    "°C": "độ C",
    "%": "phần trăm",
    "VNĐ": "đồng",
    "VND": "đồng",
    "vnđ": "đồng",
    "đ": "đồng",
    "USD": "đô la Mỹ",
}

# Vietnamese names of Latin letters, for acronyms nobody listed.
LETTERS = {
    "A": "a", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e", "F": "ép", "G": "giê", "H": "hát",
    "I": "i", "J": "gi", "K": "ca", "L": "lờ", "M": "mờ", "N": "nờ", "O": "o", "P": "pê", "Q": "quy",
    "R": "rờ", "S": "ét", "T": "tê", "U": "u", "V": "vê", "W": "vê kép", "X": "ích", "Y": "i dài", "Z": "dét",
}

ROMAN_WORDS = r"quý|chương|phần|mục|khóa|khoá|kỳ|đợt|giai đoạn|thế kỷ|đại hội|lần thứ|tập"
NUMBERED_WORDS = r"điều|khoản|mục|phần|chương|tiểu mục"
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}

# Boundaries that know Vietnamese letters (\w does, \b around "Đ" and "%" does not help).
_B = r"(?<![\w])"
_E = r"(?![\w])"


# --- numbers ----------------------------------------------------------------------------------------------
def _three(number: int, full: bool) -> list[str]:
    """A group of three digits. ``full``: a higher group was read, so zeros are said ("không trăm linh năm")."""
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words = []
    if full or hundreds:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words += ["linh", DIGITS[units]]
        elif units:
            words.append(DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
    else:
        words += [DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(units, DIGITS[units]))
    return words


def read_number(number: int) -> str:
    """2026 → "hai nghìn không trăm hai mươi sáu"; 1.500.000 → "một triệu năm trăm nghìn"."""
    if number == 0:
        return "không"
    if number < 0:
        return "âm " + read_number(-number)
    groups = []
    while number:
        groups.append(number % 1000)
        number //= 1000
    if len(groups) > len(GROUPS):  # beyond "tỷ": read the billions as a number of their own
        billions = sum(g * 1000 ** i for i, g in enumerate(groups[3:]))
        rest = sum(g * 1000 ** i for i, g in enumerate(groups[:3]))
        return (read_number(billions) + " tỷ" + (" " + read_number(rest) if rest else "")).strip()
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        value = groups[index]
        if value == 0:
            continue
        words += _three(value, full=bool(words))
        if GROUPS[index]:
            words.append(GROUPS[index])
    return " ".join(words)


def read_digits(digits: str) -> str:
    return " ".join(DIGITS[int(d)] for d in digits if d.isdigit())


def read_decimal(text: str) -> str:
    """Vietnamese notation: "." between thousands, "," before decimals ("2,5" → "hai phẩy năm")."""
    whole, _, fraction = text.partition(",")
    spoken = read_number(int(whole.replace(".", "")))
    if fraction:
        spoken += " phẩy " + (read_digits(fraction) if fraction.startswith("0") else read_number(int(fraction)))
    return spoken


def read_roman(numeral: str) -> int | None:
    numeral = numeral.upper()
    if not numeral or any(c not in ROMAN_VALUES for c in numeral):
        return None
    total = 0
    for index, char in enumerate(numeral):
        value = ROMAN_VALUES[char]
        following = ROMAN_VALUES[numeral[index + 1]] if index + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total if 0 < total < 400 else None


# --- passes -----------------------------------------------------------------------------------------------
def _apply_pronunciations(text: str, pronunciations: dict[str, str]) -> str:
    for written in sorted(pronunciations, key=len, reverse=True):
        spoken = pronunciations[written]
        if written.strip() and spoken.strip():
            text = re.sub(_B + re.escape(written.strip()) + _E, spoken.strip(), text, flags=re.IGNORECASE)
    return text


_DOCUMENT = re.compile(_B + r"(số\s+)?(\d{1,4})(?:/(\d{4}))?/([A-ZĐ]+)(?:-([A-Za-zĐ]+))?" + _E)


def _document(match: re.Match) -> str:
    issuer = ISSUERS.get(match.group(5) or "") or ISSUERS.get(match.group(4) or "")
    spoken = f"số {read_number(int(match.group(2)))}"
    if match.group(3):
        spoken += f" năm {read_number(int(match.group(3)))}"
    return spoken + (f" của {issuer}" if issuer else "")


_MONTH_YEAR = re.compile(_B + r"(tháng)\s+(\d{1,2})[/.-](\d{4})" + _E, re.IGNORECASE)
_DATE = re.compile(_B + r"(?:(ngày|mồng|hôm)\s+)?(\d{1,2})([/.-])(\d{1,2})(?:\3(\d{4}))?" + r"(?![\w/.-]\d)",
                   re.IGNORECASE)


def _month(number: int) -> str:
    return "tư" if number == 4 else read_number(number)


def _month_year(match: re.Match) -> str:
    month = int(match.group(2))
    if not 1 <= month <= 12:
        return match.group(0)
    return f"{match.group(1)} {_month(month)} năm {read_number(int(match.group(3)))}"


def _date(match: re.Match) -> str:
    prefix, day, separator, month, year = match.groups()
    day, month = int(day), int(month)
    # "1.5" or "2-3" without a year are numbers or ranges, not dates; only "/" makes a bare date
    if not (1 <= day <= 31 and 1 <= month <= 12) or (separator != "/" and not year):
        return match.group(0)
    spoken = f"{prefix or 'ngày'} {read_number(day)} tháng {_month(month)}"
    return spoken + (f" năm {read_number(int(year))}" if year else "")


_TIME = re.compile(_B + r"(\d{1,2})(?:(h|giờ)\s?(\d{2})?(?:\s?(?:p|ph|phút|'))?(?![^\W\d_])|:(\d{2})(?!:?\d))")


def _time(match: re.Match) -> str:
    hours = int(match.group(1))
    minutes = match.group(3) or match.group(4)
    if hours > 24 or (minutes and int(minutes) > 59):
        return match.group(0)
    spoken = f"{read_number(hours)} giờ"
    if minutes and int(minutes):
        spoken += f" {read_number(int(minutes))} phút"
    return spoken


_PHONE = re.compile(r"(?<![\d\w])(?:\+84|0)(?:[ .\-]?\d){8,10}(?!\d)|(?<![\d\w])1[89]00[ .]?\d{4}(?:\d{2})?(?!\d)")


def _phone(match: re.Match) -> str:
    number = re.sub(r"^\+84[ .\-]?", "0", match.group(0))
    groups = [g for g in re.split(r"[ .\-]", number) if g]
    if len(groups) == 1 and len(number) >= 10:
        digits = groups[0]
        groups = [digits[:4], digits[4:7], digits[7:]]
    return ", ".join(read_digits(g) for g in groups)


_EMERGENCY = re.compile(r"\b((?:gọi|số)\s+(?:số\s+)?)(11[1-5])(?!\d)", re.IGNORECASE)


def _abbreviations(text: str) -> str:
    for short in sorted(ABBREVIATIONS, key=len, reverse=True):
        text = re.sub(_B + re.escape(short) + (_E if short[-1].isalnum() else ""), ABBREVIATIONS[short], text)
    return text


_ROMAN = re.compile(_B + r"(" + ROMAN_WORDS + r")\s+([IVXLC]+)" + _E, re.IGNORECASE)


def _roman(match: re.Match) -> str:
    value = read_roman(match.group(2))
    if value is None or match.group(2) != match.group(2).upper():
        return match.group(0)
    return f"{match.group(1)} {read_number(value)}"


_SECTION = re.compile(_B + r"(" + NUMBERED_WORDS + r")\s+(\d+(?:\.\d+)+)" + _E, re.IGNORECASE)
_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_UNIT = re.compile(r"(?<![\w.,])(" + _NUMBER + r")\s?(" + "|".join(
    re.escape(u) for u in sorted(UNITS, key=len, reverse=True)) + r")(?![^\W\d_])")
_RANGE = re.compile(r"(?<![\w.,])(" + _NUMBER + r")\s?[-–]\s?(" + _NUMBER + r")(?![\w.,]\d)")
_PLAIN = re.compile(r"(?<![\w.,])(" + _NUMBER + r")(?![\w]|[.,]\d)")
_ACRONYM = re.compile(_B + r"[A-ZĐ]{2,6}" + _E)
_LINE = re.compile(r"^.+$", re.MULTILINE)


def _unshout(match: re.Match) -> str:
    line = match.group(0)
    return line.lower() if line == line.upper() and len(re.findall(r"[^\W\d_]+", line)) >= 3 else line


def _spoken_number(text: str) -> str:
    if len(text) > 1 and text.startswith("0") and "," not in text:
        return read_digits(text)
    return read_decimal(text)


def normalise(text: str, pronunciations: dict[str, str] | None = None) -> str:
    """The text as an announcer says it; see the module docstring and the table in the tests."""
    text = (text or "").replace("\u00a0", " ")
    text = _apply_pronunciations(text, pronunciations or {})
    text = _DOCUMENT.sub(_document, text)
    text = _MONTH_YEAR.sub(_month_year, text)
    text = _PHONE.sub(_phone, text)
    text = _EMERGENCY.sub(lambda m: m.group(1) + read_digits(m.group(2)), text)
    text = _DATE.sub(_date, text)
    text = _TIME.sub(_time, text)
    text = _abbreviations(text)
    text = _ROMAN.sub(_roman, text)
    text = _SECTION.sub(lambda m: f"{m.group(1)} " + " chấm ".join(read_number(int(p)) for p in
                                                                   m.group(2).split(".")), text)
    text = _UNIT.sub(lambda m: f"{_spoken_number(m.group(1))} {UNITS[m.group(2)]}", text)
    text = _RANGE.sub(lambda m: f"{_spoken_number(m.group(1))} đến {_spoken_number(m.group(2))}", text)
    text = _PLAIN.sub(lambda m: _spoken_number(m.group(1)), text)
    # a heading in capitals is read as words, not spelled out
    text = _LINE.sub(_unshout, text)
    text = _ACRONYM.sub(lambda m: " ".join(LETTERS.get(c, c) for c in m.group(0)), text)
    text = text.replace("&", " và ")
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def parse_pronunciations(text: str) -> dict[str, str]:
    """The commune's list as editors type it, one "viết = đọc" a line; other lines are ignored."""
    pairs = {}
    for line in (text or "").splitlines():
        written, separator, spoken = line.partition("=")
        if separator and written.strip() and spoken.strip():
            pairs[written.strip()] = spoken.strip()
    return pairs
