"""A commune's civic information as staff type it and residents read it: phone numbers, the directory of
whom to call, the citizen-reception schedule (lịch tiếp công dân), the map link. Pure: no Django.

Staff write the directory and the schedule one line per row, columns separated by "|" (as they would
paste from a Word table), so the form stays one page with no JavaScript."""

import re
from dataclasses import dataclass
from urllib.parse import quote_plus, urlsplit

from tuyentruyen.lib.text import fold

# Vietnamese numbers: mobiles 0 + 9 digits, landlines 0 + 10 digits (02xx …), short hotlines such as
# 1022 or 19001234; "+84" written for the leading 0. Spaces, dots and dashes are only for reading.
_PHONE = re.compile(r"(?:0\d{9,10}|1\d{3}|1[89]00\d{4,6})")
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
_WEEKDAY_WORDS = {
    "thu hai": 0, "thu 2": 0, "t2": 0, "thu ba": 1, "thu 3": 1, "t3": 1, "thu tu": 2, "thu 4": 2, "t4": 2,
    "thu nam": 3, "thu 5": 3, "t5": 3, "thu sau": 4, "thu 6": 4, "t6": 4, "thu bay": 5, "thu 7": 5, "t7": 5,
    "chu nhat": 6, "cn": 6,
}
_TIME_RANGE = re.compile(r"^(\d{1,2})\s*(?:[:hg]|giờ)\s*(\d{2})?\s*[-–—]\s*(\d{1,2})\s*(?:[:hg]|giờ)\s*(\d{2})?$",
                         re.IGNORECASE)


class CivicInputError(ValueError):
    """A line staff typed that cannot be read; the message is Vietnamese and names the line."""


def phone_digits(value: str) -> str:
    """The number as dialled (for a ``tel:`` link), or "" if ``value`` is not a Vietnamese phone number."""
    digits = _PHONE_SEPARATORS.sub("", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    return digits if _PHONE.fullmatch(digits) else ""


def check_phone(value: str, where: str = "Số điện thoại") -> str:
    """``value`` tidied (single spaces), or a refusal that says what a number looks like."""
    text = " ".join((value or "").split())
    if text and not phone_digits(text):
        raise CivicInputError(f"{where} “{text}” không phải số điện thoại: ghi số bắt đầu bằng 0 "
                              "(10 hoặc 11 chữ số, ví dụ 0912 345 678) hoặc số tổng đài như 1022.")
    return text


def _columns(line: str, count: int, number: int, shape: str) -> list[str]:
    parts = [" ".join(p.split()) for p in line.split("|")]
    if len(parts) != count or not all(parts):
        raise CivicInputError(f"Dòng {number}: cần đủ {count} cột cách nhau bằng dấu | ({shape}).")
    return parts


@dataclass(frozen=True)
class Contact:
    unit: str
    role: str
    phone: str

    @property
    def dial(self) -> str:
        return phone_digits(self.phone)


DIRECTORY_SHAPE = "Đơn vị | Chức vụ người nghe máy | Số điện thoại"


def parse_directory(text: str) -> list[Contact]:
    """One contact a line: "Unit | role | phone"."""
    rows = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        unit, role, phone = _columns(line, 3, number, DIRECTORY_SHAPE)
        rows.append(Contact(unit[:200], role[:200], check_phone(phone, f"Dòng {number}: số")))
    return rows


@dataclass(frozen=True)
class ReceptionSlot:
    weekday: int  # 0 = Monday
    time: str  # "7:30 – 11:00"
    receiver: str

    @property
    def weekday_name(self) -> str:
        return WEEKDAYS[self.weekday]


RECEPTION_SHAPE = "Thứ trong tuần | Giờ, ví dụ 7:30 - 11:00 | Người tiếp"


def _time_range(value: str, number: int) -> str:
    match = _TIME_RANGE.match(value.strip())
    if not match:
        raise CivicInputError(f"Dòng {number}: giờ “{value}” cần viết như 7:30 - 11:00.")
    h1, m1, h2, m2 = int(match[1]), int(match[2] or 0), int(match[3]), int(match[4] or 0)
    if not (0 <= h1 < 24 and 0 <= h2 < 24 and m1 < 60 and m2 < 60) or (h1, m1) >= (h2, m2):
        raise CivicInputError(f"Dòng {number}: giờ “{value}” không hợp lệ (giờ bắt đầu phải trước giờ kết thúc).")
    return f"{h1}:{m1:02d} – {h2}:{m2:02d}"


def parse_reception(text: str) -> list[ReceptionSlot]:
    """One reception session a line: "weekday | 7:30 - 11:00 | who receives"; sorted by day and hour."""
    rows = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        day, hours, receiver = _columns(line, 3, number, RECEPTION_SHAPE)
        weekday = _WEEKDAY_WORDS.get(fold(day))
        if weekday is None:
            raise CivicInputError(f"Dòng {number}: “{day}” không phải thứ trong tuần (Thứ Hai … Chủ nhật).")
        rows.append(ReceptionSlot(weekday, _time_range(hours, number), receiver[:200]))
    return sorted(rows, key=lambda r: (r.weekday, [int(x) for x in r.time.split(" ")[0].split(":")]))


def directory_as_text(rows: list[dict]) -> str:
    return "\n".join(f"{r['unit']} | {r['role']} | {r['phone']}" for r in rows)


def reception_as_text(rows: list[dict]) -> str:
    return "\n".join(f"{WEEKDAYS[r['weekday']]} | {r['time'].replace(' – ', ' - ')} | {r['receiver']}"
                     for r in rows)


def contacts_from_stored(rows) -> list[Contact]:
    """What is stored, read defensively: a row saved by hand that does not fit is left out, not shown
    broken."""
    out = []
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, dict) and all(isinstance(row.get(k), str) and row.get(k) for k in ("unit", "role")):
            phone = row.get("phone") if isinstance(row.get("phone"), str) else ""
            out.append(Contact(row["unit"], row["role"], phone if phone_digits(phone) else ""))
    return out


def reception_from_stored(rows) -> list[ReceptionSlot]:
    out = []
    for row in rows if isinstance(rows, list) else []:
        if (isinstance(row, dict) and row.get("weekday") in range(7) and isinstance(row.get("time"), str)
                and isinstance(row.get("receiver"), str) and row["time"] and row["receiver"]):
            out.append(ReceptionSlot(row["weekday"], row["time"], row["receiver"]))
    return out


def map_url(address: str, *places: str) -> str:
    """A plain OpenStreetMap search link for the address (no embedded map, no third-party script); the
    commune and province names are added when the address does not already say them."""
    text = " ".join((address or "").split())
    if not text:
        return ""
    query = ", ".join([text, *(p for p in places if p and fold(p) not in fold(text))])
    return f"https://www.openstreetmap.org/search?query={quote_plus(query)}"


# Where residents follow the commune: its Zalo Official Account and its Facebook page. Only addresses on
# those sites are taken, over https, so the link under the commune's name cannot lead anywhere else.
FOLLOW_HOSTS = {
    "zalo": ("Trang Zalo Official Account", ("zalo.me", "oa.zalo.me"), "https://zalo.me/1234567890123456789"),
    "facebook": ("Trang Facebook", ("facebook.com", "www.facebook.com", "m.facebook.com", "fb.com", "www.fb.com"),
                 "https://www.facebook.com/tenxa"),
}


def check_follow_link(value: str, kind: str) -> str:
    """``value`` trimmed (an address without a scheme gets https://), or a refusal naming the example."""
    label, hosts, example = FOLLOW_HOSTS[kind]
    text = (value or "").strip()
    if not text:
        return ""
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or host not in hosts or not parts.path.strip("/") \
            or parts.username or parts.password or len(text) > 300:
        raise CivicInputError(f"{label}: ghi địa chỉ trang của xã, ví dụ {example}.")
    return f"https://{host}{parts.path}" + (f"?{parts.query}" if parts.query else "")
