"""Match a unit as a plan names it ('Đề nghị Ủy ban MTTQ Việt Nam xã và các đoàn thể', 'Văn phòng
HĐND-UBND xã') to one of the commune's Unit records, using names and their recorded variants. Pure."""

import re

from tuyentruyen.lib.text import fold

# Words that say where a unit sits, not which unit it is.
_NOISE = re.compile(r"\b(de nghi|cac|xa|phuong|dac khu|va|cua|ubnd|uy ban nhan dan)\b")
_ABBREVIATIONS = {
    "hdnd": "hoi dong nhan dan", "mttq": "mat tran to quoc", "vh-xh": "van hoa xa hoi",
    "vhxh": "van hoa xa hoi", "pvhcc": "phuc vu hanh chinh cong", "tncs": "thanh nien cong san",
    "lhpn": "lien hiep phu nu", "ccb": "cuu chien binh",
}


def _key(name: str) -> str:
    text = fold(name).replace("-", " ")
    for short, long in _ABBREVIATIONS.items():
        text = re.sub(rf"\b{re.escape(short.replace('-', ' '))}\b", long, text)
    text = _NOISE.sub(" ", text)
    return " ".join(re.findall(r"[a-z0-9]+", text))


def match_unit(name: str, units: list[tuple[int, str, list[str]]]) -> int | None:
    """The id of the unit whose name or variant matches best, or None when nothing is close enough."""
    wanted = _key(name)
    if not wanted:
        return None
    wanted_words = set(wanted.split())
    best, best_score = None, 0.0
    for unit_id, unit_name, aliases in units:
        for candidate in [unit_name, *aliases]:
            key = _key(candidate)
            if not key:
                continue
            if key == wanted:
                return unit_id
            words = set(key.split())
            if key in wanted or wanted in key:
                score = 0.9 * min(len(key), len(wanted)) / max(len(key), len(wanted)) + 0.1
            else:
                score = len(words & wanted_words) / len(words | wanted_words)
            if score > best_score:
                best, best_score = unit_id, score
    return best if best_score >= 0.5 else None
