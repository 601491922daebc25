"""Checks for the demo procedure catalogue and the independent assistant question set.

Plain pytest, no Django:
    .venv/bin/pytest -p no:django --noconftest tuyentruyen/procedures/tests/test_demo_catalogue.py -q
"""

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CATALOGUE = ROOT / "tuyentruyen" / "procedures" / "data" / "demo_catalogue.json"
QUESTIONS = ROOT / "bench" / "data" / "assistant_questions.json"

RECORD_KEYS = {
    "code", "name", "field", "level", "agency", "steps", "dossier", "processing_time",
    "fees", "submission", "result", "legal_bases", "status", "demo",
}
SUBMISSION_KEYS = {"counter", "post", "online", "online_url"}
DOSSIER_KEYS = {"name", "copies"}
NATIONAL_CODE = re.compile(r"^\d\.\d{6}$")
DEMO_CODE = re.compile(r"^DEMO-[A-Z0-9]+(?:-[A-Z0-9]+)*$")

REQUIRED_PROCEDURES = [
    "Đăng ký khai sinh",
    "Đăng ký kết hôn",
    "Đăng ký khai tử",
    "Đăng ký nhận cha, mẹ, con",
    "Đăng ký khai sinh kết hợp nhận cha, mẹ, con",
    "Đăng ký lại khai sinh",
    "Đăng ký lại kết hôn",
    "Đăng ký lại khai tử",
    "Đăng ký giám hộ",
    "Đăng ký chấm dứt giám hộ",
    "Thay đổi, cải chính, bổ sung thông tin hộ tịch",
    "Cấp bản sao trích lục hộ tịch",
    "Cấp giấy xác nhận tình trạng hôn nhân",
    "Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
    "Liên thông đăng ký khai tử, xóa đăng ký thường trú, trợ cấp mai táng",
    "Chứng thực bản sao từ bản chính",
    "Chứng thực chữ ký",
    "Chứng thực hợp đồng, giao dịch",
    "Chứng thực di chúc",
    "Chứng thực văn bản thỏa thuận phân chia di sản",
    "Đăng ký thành lập hộ kinh doanh",
    "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
    "Tạm ngừng kinh doanh của hộ kinh doanh",
    "Chấm dứt hoạt động hộ kinh doanh",
    "Trợ cấp xã hội hằng tháng (thực hiện, điều chỉnh, thôi hưởng)",
    "Hỗ trợ chi phí mai táng",
    "Công nhận hộ nghèo, hộ cận nghèo",
    "Cấp giấy phép xây dựng nhà ở riêng lẻ",
    "Đăng ký đất đai lần đầu",
    "Hòa giải tranh chấp đất đai",
    "Giải quyết khiếu nại lần đầu",
    "Tiếp công dân",
    "Đăng ký hoạt động tín ngưỡng",
    "Thông báo tổ chức lễ hội",
]


def normalise(text: str) -> str:
    """NFC, lower case, punctuation to spaces, collapsed whitespace."""
    text = unicodedata.normalize("NFC", text).lower()
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def has_vietnamese_diacritics(text: str) -> bool:
    for ch in unicodedata.normalize("NFD", text):
        if ch in "đĐ" or unicodedata.category(ch) == "Mn":
            return True
    return False


@pytest.fixture(scope="module")
def catalogue():
    with CATALOGUE.open(encoding="utf-8") as fh:
        data = json.load(fh)
    assert isinstance(data, list), "the catalogue must be a plain JSON list"
    return data


@pytest.fixture(scope="module")
def questions():
    with QUESTIONS.open(encoding="utf-8") as fh:
        data = json.load(fh)
    assert isinstance(data, list)
    return data


def _nonempty_str(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def test_records_have_the_right_shape(catalogue):
    assert catalogue, "catalogue is empty"
    for rec in catalogue:
        where = rec.get("code", rec)
        assert isinstance(rec, dict), where
        assert set(rec) == RECORD_KEYS, f"{where}: keys {sorted(set(rec) ^ RECORD_KEYS)}"
        for key in ("code", "name", "field", "level", "agency", "processing_time", "fees", "result", "status"):
            assert _nonempty_str(rec[key]), f"{where}: {key} must be a non-empty string"
        assert rec["level"] == "Cấp xã", where
        assert rec["status"] == "in_force", where
        assert rec["demo"] is True, where
        assert NATIONAL_CODE.match(rec["code"]) or DEMO_CODE.match(rec["code"]), f"bad code {rec['code']!r}"

        assert isinstance(rec["steps"], list) and rec["steps"], where
        for i, step in enumerate(rec["steps"], start=1):
            assert _nonempty_str(step), where
            assert step.startswith(f"Bước {i}:"), f"{where}: step {i} should start with 'Bước {i}:'"

        assert isinstance(rec["dossier"], list) and rec["dossier"], where
        for item in rec["dossier"]:
            assert isinstance(item, dict) and set(item) == DOSSIER_KEYS, where
            assert _nonempty_str(item["name"]) and _nonempty_str(item["copies"]), where

        sub = rec["submission"]
        assert isinstance(sub, dict) and set(sub) == SUBMISSION_KEYS, where
        for key in ("counter", "post", "online"):
            assert isinstance(sub[key], bool), f"{where}: submission.{key}"
        assert sub["counter"] or sub["post"] or sub["online"], f"{where}: no way to submit"
        if sub["online"]:
            assert _nonempty_str(sub["online_url"]) and sub["online_url"].startswith("https://"), where
        else:
            assert sub["online_url"] is None, f"{where}: online_url must be null when online is false"

        assert isinstance(rec["legal_bases"], list) and rec["legal_bases"], where
        assert all(_nonempty_str(x) for x in rec["legal_bases"]), where

        # User-facing text is Vietnamese with diacritics.
        for key in ("name", "field", "agency", "processing_time", "fees", "result"):
            assert has_vietnamese_diacritics(rec[key]), f"{where}: {key} lacks Vietnamese diacritics"


def test_codes_and_names_are_unique(catalogue):
    codes = Counter(r["code"] for r in catalogue)
    assert not [c for c, n in codes.items() if n > 1], codes.most_common(3)
    names = Counter(normalise(r["name"]) for r in catalogue)
    assert not [c for c, n in names.items() if n > 1], names.most_common(3)


def test_required_procedures_are_present(catalogue):
    names = [normalise(r["name"]) for r in catalogue]
    token_sets = [frozenset(n.split()) for n in names]
    missing = []
    for wanted in REQUIRED_PROCEDURES:
        w = normalise(wanted)
        if w not in names and frozenset(w.split()) not in token_sets:
            missing.append(wanted)
    assert not missing, f"missing procedures: {missing}"
    assert len(catalogue) >= len(REQUIRED_PROCEDURES) + 10


def test_question_shape_and_codes(catalogue, questions):
    codes = {r["code"] for r in catalogue}
    assert len(questions) >= 180, len(questions)
    for q in questions:
        assert isinstance(q, dict) and set(q) == {"q", "code"}, q
        assert _nonempty_str(q["q"]), q
        assert q["code"] in codes, f"unknown code in question: {q}"
    dupes = [t for t, n in Counter(normalise(q["q"]) for q in questions).items() if n > 1]
    assert not dupes, dupes


def test_every_procedure_has_three_questions(catalogue, questions):
    per_code = Counter(q["code"] for q in questions)
    thin = {r["code"]: per_code[r["code"]] for r in catalogue if per_code[r["code"]] < 3}
    assert not thin, f"procedures with fewer than 3 questions: {thin}"


def test_enough_questions_without_diacritics(questions):
    plain = sum(1 for q in questions if not has_vietnamese_diacritics(q["q"]))
    assert plain / len(questions) >= 0.30, f"{plain}/{len(questions)} without diacritics"
