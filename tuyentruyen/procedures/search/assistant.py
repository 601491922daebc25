"""The virtual assistant's decision: answer from one record, offer a choice, or give up politely.

``answer(index, question)`` never invents anything: the reply is assembled
only from the fields of the procedure record (an empty field is reported as
not recorded), and it never repeats the resident's words, so nothing typed
into the box (HTML, script, SQL) can come back out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .engine import Hit, ProcedureIndex, QueryAnalysis

MAX_QUESTION_CHARS = 500  # a question is a sentence or two; the rest is noise or abuse
CHOICES = 3

# Decision thresholds, calibrated with bench/assistant_eval.py on the tuning sets (never the held-out ones).
# Evidence (engine.QueryAnalysis.evidence) is the share of the question's content syllables the best
# procedure's own text confirms by a bigram, an everyday phrase or the same diacritics.
MIN_EVIDENCE_TO_CHOOSE = 0.34  # below it, "not found": a short list of guesses would only mislead
MIN_EVIDENCE_TO_ANSWER = 0.5
MIN_NAME_COVERAGE_OUTSIDE = 0.5  # an outside topic is named too: answer only if the question names the procedure
MIN_COVERAGE_LEAD = 0.25  # name-coverage lead that lets a narrow score margin still answer
MIN_MARGIN = 0.12  # (best - second) / best needed to answer without asking
MIN_CHOOSE_SCORE_SHARE = 0.5  # candidates offered must score at least this share of the best

NOT_RECORDED = "chưa được ghi nhận trong dữ liệu thủ tục"

_TAGS = re.compile(r"<\s*(script|style)\b.*?(<\s*/\s*\1\s*>|$)|<[^>]{0,200}>", re.I | re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_question(question: object) -> str:
    """Bound and de-mark-up the question before any other work."""
    if not isinstance(question, str):
        return ""
    value = question[: MAX_QUESTION_CHARS * 4]
    value = _TAGS.sub(" ", value)
    value = _CONTROL.sub(" ", value)
    return value[:MAX_QUESTION_CHARS]


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _dossier_lines(dossier: object) -> list[str]:
    lines = []
    if isinstance(dossier, list):
        for item in dossier:
            if isinstance(item, Mapping):
                name = _text(item.get("name"))
                copies = _text(item.get("copies"))
            else:
                name, copies = _text(item), ""
            if name:
                lines.append(f"- {name}" + (f" ({copies})" if copies else ""))
    return lines


def _submission_lines(record: Mapping) -> list[str]:
    submission = record.get("submission")
    if not isinstance(submission, Mapping):
        return []
    agency = _text(record.get("agency"))
    lines = []
    counter = submission.get("counter")
    if isinstance(counter, str) and counter.strip():
        lines.append(f"- Nộp trực tiếp: {counter.strip()}")
    elif counter is True:
        lines.append("- Nộp trực tiếp" + (f" tại {agency}" if agency else ""))
    post = submission.get("post")
    if isinstance(post, str) and post.strip():
        lines.append(f"- Qua dịch vụ bưu chính: {post.strip()}")
    elif post is True:
        lines.append("- Gửi qua dịch vụ bưu chính")
    online = submission.get("online")
    url = _text(submission.get("online_url"))
    if online or url:
        line = "- Nộp trực tuyến"
        if isinstance(online, str) and online.strip():
            line += f" ({online.strip()})"
        if url.startswith(("https://", "http://")):
            line += f": {url}"
        lines.append(line)
    return lines


def describe(record: Mapping) -> str:
    """Plain-text summary of a procedure, built only from its record."""
    name = _text(record.get("name")) or "(chưa có tên)"
    code = _text(record.get("code"))
    parts = [f"Thủ tục phù hợp: {name}" + (f" (mã {code})." if code else ".")]
    agency = _text(record.get("agency"))
    parts.append(f"Cơ quan giải quyết: {agency}." if agency else f"Cơ quan giải quyết: {NOT_RECORDED}.")
    dossier = _dossier_lines(record.get("dossier"))
    if dossier:
        parts.append("Giấy tờ cần chuẩn bị:\n" + "\n".join(dossier))
    else:
        parts.append(f"Giấy tờ cần chuẩn bị: {NOT_RECORDED}.")
    processing_time = _text(record.get("processing_time"))
    parts.append(f"Thời hạn giải quyết: {processing_time or NOT_RECORDED}")
    fees = _text(record.get("fees"))
    parts.append(f"Phí, lệ phí: {fees or NOT_RECORDED}")
    submission = _submission_lines(record)
    if submission:
        parts.append("Cách nộp hồ sơ:\n" + "\n".join(submission))
    else:
        parts.append(f"Cách nộp hồ sơ: {NOT_RECORDED}.")
    result = _text(record.get("result"))
    if result:
        parts.append(f"Kết quả nhận được: {result}")
    if record.get("demo"):
        parts.append("Lưu ý: đây là dữ liệu minh họa, vui lòng đối chiếu tại Bộ phận Một cửa trước khi thực hiện.")
    return "\n".join(parts)


def _nothing(hotline: str, feedback_url: str) -> dict:
    text = "Xin lỗi, trợ lý chưa tìm thấy thủ tục hành chính phù hợp với câu hỏi của bạn."
    contacts = []
    if hotline:
        contacts.append(f"gọi đường dây nóng {hotline}")
    if feedback_url:
        contacts.append(f"gửi phản ánh, kiến nghị tại {feedback_url}")
    if contacts:
        text += " Bạn có thể " + " hoặc ".join(contacts) + " để được hướng dẫn."
    else:
        text += " Bạn có thể gửi phản ánh, kiến nghị để được cán bộ hướng dẫn."
    text += " Bạn cũng có thể hỏi lại bằng tên thủ tục, ví dụ: “đăng ký khai sinh”."
    return {"kind": "none", "confidence": CONFIDENCE["none"], "text": text}


def _choose(hits: list[Hit]) -> dict:
    candidates = [{"code": h.code, "name": h.name} for h in hits]
    lines = [f"{i}. {h.name}" for i, h in enumerate(hits, 1)]
    text = "Bạn muốn hỏi thủ tục nào dưới đây?\n" + "\n".join(lines)
    return {"kind": "choose", "confidence": CONFIDENCE["choose"], "candidates": candidates, "text": text}


# What each reply kind says about the assistant's certainty (the reply's "confidence").
CONFIDENCE = {"answer": "high", "choose": "medium", "none": "none"}


def decide(hits: list[Hit], analysis: QueryAnalysis) -> str:
    """"answer" (one procedure, strong evidence), "choose" (a short list) or "none"."""
    if not hits or hits[0].score <= 0 or analysis.evidence < MIN_EVIDENCE_TO_CHOOSE:
        return "none"
    best = hits[0]
    if analysis.age_conflict or analysis.evidence < MIN_EVIDENCE_TO_ANSWER:
        return "choose"
    if analysis.outside_topic and best.coverage < MIN_NAME_COVERAGE_OUTSIDE:
        return "choose"
    if len(hits) == 1:
        return "answer"
    second = hits[1]
    margin = (best.score - second.score) / best.score
    if margin >= MIN_MARGIN:
        return "answer"
    # The question covers every word of the best procedure's name and not every word of the runner-up's
    # (which adds "lại", "có yếu tố nước ngoài"): the resident means the best one.
    if best.unasked == 0 and second.unasked > 0:
        return "answer"
    # "Đăng ký kết hôn" ahead of "Đăng ký lại kết hôn" and the question never typed "lại".
    if analysis.plain_variant:
        return "answer"
    # The question covers the best procedure's name much better than the
    # runner-up's, which carries words it did not ask about ("có yếu tố nước
    # ngoài"): the resident means the plain one.
    if best.coverage - second.coverage >= MIN_COVERAGE_LEAD and margin >= MIN_MARGIN / 3:
        return "answer"
    return "choose"


def answer(index: ProcedureIndex, question: object, hotline: str = "", feedback_url: str = "") -> dict:
    """Reply to a resident's question; always returns a dict, never raises on bad input."""
    cleaned = clean_question(question)
    if not cleaned.strip():
        return _nothing(hotline, feedback_url)
    try:
        hits, analysis = index.search_analyzed(cleaned, limit=CHOICES + 2)
    except (ValueError, TypeError, RecursionError):  # pragma: no cover - defensive
        return _nothing(hotline, feedback_url)
    kind = decide(hits, analysis)
    if kind == "none":
        return _nothing(hotline, feedback_url)
    if kind == "answer":
        top = hits[0]
        record = index.record(top.code) or {"code": top.code, "name": top.name}
        return {"kind": "answer", "confidence": CONFIDENCE["answer"], "procedure": top.code, "name": top.name,
                "text": describe(record)}
    best = hits[0].score
    shortlist = [h for h in hits[:CHOICES] if h.score >= best * MIN_CHOOSE_SCORE_SHARE]
    if len(shortlist) == 1:
        shortlist = hits[:2]
    return _choose(shortlist)
