"""The virtual assistant's decision: answer from one record, offer a choice, or give up politely.

``answer(index, question)`` never invents anything: the reply is assembled
only from the fields of the procedure record (an empty field is reported as
not recorded), and it never repeats the resident's words, so nothing typed
into the box (HTML, script, SQL) can come back out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from . import text as search_text
from .engine import IMPLIED_NAME_WORDS, Hit, ProcedureIndex, QueryAnalysis

MAX_QUESTION_CHARS = 500  # a question is a sentence or two; the rest is noise or abuse
CHOICES = 3

# Decision thresholds, calibrated with bench/assistant_eval.py on the tuning sets (never the held-out ones).
# Evidence (engine.QueryAnalysis.evidence) is the share of the question's content syllables the best
# procedure's own text confirms by a bigram, an everyday phrase or the same diacritics.
MIN_EVIDENCE_TO_CHOOSE = 0.34  # below it, "not found": a short list of guesses would only mislead
MIN_EVIDENCE_TO_ANSWER = 0.5
MIN_NAME_COVERAGE_OUTSIDE = 0.75  # an outside topic is named too: answer only if the question names the procedure
MIN_COVERAGE_LEAD = 0.25  # name-coverage lead that lets a narrow score margin still answer
# (best - second) / best needed to answer without asking. 0.2, not 0.12: on the eighth-round blind set,
# answers whose lead was between 0.12 and 0.2 were wrong 3 times in 13; a short list costs the resident less.
MIN_MARGIN = 0.2
WIDE_MARGIN = 0.65  # a lead this wide answers on less evidence ...
MIN_EVIDENCE_WIDE_MARGIN = 0.28  # ... this much
MIN_EVIDENCE_VARIANT = 0.4  # evidence enough to tell one variant of a procedure from another
LEAD_STARTS_COUNTING = 0.3  # below this lead, the full MIN_EVIDENCE_TO_ANSWER
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


def shown_code(record: Mapping) -> str:
    """The code a resident may see: the national one, never a placeholder made up for demo data."""
    code = _text(record.get("code"))
    return "" if code.upper().startswith("DEMO-") else code


# Parts of a procedure a resident asks about after the answer ("cần giấy tờ gì", "lệ phí", "nộp ở đâu").
ASPECTS = ("dossier", "time", "fees", "where", "online")


def _section(record: Mapping, aspect: str) -> str:
    if aspect == "dossier":
        dossier = _dossier_lines(record.get("dossier"))
        return "Giấy tờ cần chuẩn bị:\n" + "\n".join(dossier) if dossier else f"Giấy tờ cần chuẩn bị: {NOT_RECORDED}."
    if aspect == "time":
        return f"Thời hạn giải quyết: {_text(record.get('processing_time')) or NOT_RECORDED}"
    if aspect == "fees":
        return f"Phí, lệ phí: {_text(record.get('fees')) or NOT_RECORDED}"
    if aspect == "where":
        agency = _text(record.get("agency"))
        lines = [f"Cơ quan giải quyết: {agency}." if agency else f"Cơ quan giải quyết: {NOT_RECORDED}."]
        submission = _submission_lines(record)
        if submission:
            lines.append("Cách nộp hồ sơ:\n" + "\n".join(submission))
        return "\n".join(lines)
    if aspect == "online":
        submission = record.get("submission")
        online = isinstance(submission, Mapping) and (submission.get("online") or _text(submission.get("online_url")))
        if not isinstance(submission, Mapping):
            return f"Nộp trực tuyến: {NOT_RECORDED}."
        if not online:
            lines = ["Thủ tục này chưa nhận hồ sơ trực tuyến."]
            lines += _submission_lines(record)
            return "\n".join(lines)
        lines = [line for line in _submission_lines(record) if line.startswith("- Nộp trực tuyến")]
        return "\n".join(["Có, thủ tục này nhận hồ sơ trực tuyến."] + lines)
    raise ValueError(aspect)


# How residents ask for one part of a procedure, as folded syllables (after abbreviations: "j" → "gì").
_ASPECT_PHRASES = {
    "dossier": ("giấy tờ", "hồ sơ", "mang theo", "đem theo", "mang gì", "cần gì", "cần những gì", "chuẩn bị",
                "giấy gì", "giấy chi", "cần chi", "cần giấy"),
    "time": ("bao lâu", "mấy ngày", "bao nhiêu ngày", "thời hạn", "lâu không", "khi nào có", "bao giờ có",
             "bao giờ lấy", "khi nào lấy", "mấy bữa"),
    "fees": ("lệ phí", "phí", "bao nhiêu tiền", "mất tiền", "tốn tiền", "hết bao nhiêu", "mất bao nhiêu",
             "tốn bao nhiêu", "miễn phí"),
    "where": ("ở đâu", "nộp đâu", "chỗ nào", "nơi nào", "cơ quan nào", "đi đâu", "ở mô", "nộp mô", "chỗ mô"),
    "online": ("online", "onl", "trực tuyến", "qua mạng", "trên mạng", "dịch vụ công", "bưu điện", "bưu chính",
               "từ xa"),
}
_ASPECT_KEYS = {
    aspect: tuple(tuple(search_text.folded_syllables(p)) for p in phrases)
    for aspect, phrases in _ASPECT_PHRASES.items()
}


# Words of a follow-up that name no procedure ("mất bao lâu", "nộp ở đâu vậy").
_FOLLOW_UP_FILLERS = frozenset(search_text.folded_syllables(
    "mất tốn hết nộp được không có phải thì là vậy ạ nhé nha hả làm đi lấy cho tôi em mình cần những gì bao "
    "nhiêu thủ tục này đó ấy cái trả kết quả xong"))


def _aspect_spans(question: str) -> tuple[list[str], list[str], list[bool]]:
    """(aspects asked, folded syllables, which syllables belong to an aspect phrase)."""
    keys = search_text.folded_syllables(question or "")
    covered = [False] * len(keys)
    found = []
    for aspect in ASPECTS:
        for phrase in _ASPECT_KEYS[aspect]:
            n = len(phrase)
            for i in range(len(keys) - n + 1):
                if tuple(keys[i:i + n]) == phrase:
                    covered[i:i + n] = [True] * n
                    if aspect not in found:
                        found.append(aspect)
    return found, keys, covered


def asked_aspects(question: str) -> list[str]:
    """Which parts of a procedure the question asks about, in the order of ``ASPECTS``."""
    return _aspect_spans(question)[0]


def only_about_aspects(question: str) -> bool:
    """The question asks for parts of a procedure and names none ("cần giấy tờ gì", "mất bao lâu")."""
    aspects, keys, covered = _aspect_spans(question)
    return bool(aspects) and all(c or k in _FOLLOW_UP_FILLERS for k, c in zip(keys, covered, strict=True))


def describe(record: Mapping) -> str:
    """Plain-text summary of a procedure, built only from its record."""
    name = _text(record.get("name")) or "(chưa có tên)"
    code = shown_code(record)
    parts = [f"Thủ tục phù hợp: {name}" + (f" (mã {code})." if code else ".")]
    parts.append(_section(record, "where").split("\nCách nộp hồ sơ:")[0])
    parts.append(_section(record, "dossier"))
    parts.append(_section(record, "time"))
    parts.append(_section(record, "fees"))
    submission = _submission_lines(record)
    if submission:
        parts.append("Cách nộp hồ sơ:\n" + "\n".join(submission))
    else:
        parts.append(f"Cách nộp hồ sơ: {NOT_RECORDED}.")
    result = _text(record.get("result"))
    if result:
        parts.append(f"Kết quả nhận được: {result}")
    return "\n".join(parts)


def describe_aspects(record: Mapping, aspects: list[str]) -> str:
    """Only what the resident asked about the procedure chosen earlier in the conversation."""
    name = _text(record.get("name")) or "(chưa có tên)"
    return "\n".join([f"Về thủ tục “{name}”:"] + [_section(record, a) for a in aspects])


def _nothing(hotline: str, feedback_url: str) -> dict:
    # A full address of the feedback form is spelled out (a message read outside the site); a path is not:
    # the page shows it as a button, the API as ``feedback_url``.
    text = "Xin lỗi, trợ lý chưa tìm thấy thủ tục hành chính phù hợp với câu hỏi của bạn."
    feedback = "gửi phản ánh, kiến nghị" + (f" tại {feedback_url}" if feedback_url.startswith("https://") else "")
    if hotline:
        text += f" Bạn có thể gọi đường dây nóng {hotline} hoặc {feedback} để cán bộ xã hướng dẫn."
    else:
        text += f" Bạn có thể {feedback} để cán bộ xã hướng dẫn."
    text += " Bạn cũng có thể hỏi lại bằng tên thủ tục, ví dụ: “đăng ký khai sinh”."
    return {"kind": "none", "confidence": CONFIDENCE["none"], "text": text}


def _choose(hits: list[Hit]) -> dict:
    candidates = [{"code": h.code, "name": h.name} for h in hits]
    lines = [f"{i}. {h.name}" for i, h in enumerate(hits, 1)]
    text = "Bạn muốn hỏi thủ tục nào dưới đây?\n" + "\n".join(lines)
    return {"kind": "choose", "confidence": CONFIDENCE["choose"], "candidates": candidates, "text": text}


# What each reply kind says about the assistant's certainty (the reply's "confidence").
CONFIDENCE = {"answer": "high", "choose": "medium", "none": "none"}


def _evidence_needed(margin: float) -> float:
    """The evidence a confident answer needs: ``MIN_EVIDENCE_TO_ANSWER`` with a narrow lead, falling
    linearly to ``MIN_EVIDENCE_WIDE_MARGIN`` as the lead widens from ``LEAD_STARTS_COUNTING`` to
    ``WIDE_MARGIN``."""
    share = min(1.0, max(0.0, (margin - LEAD_STARTS_COUNTING) / (WIDE_MARGIN - LEAD_STARTS_COUNTING)))
    return MIN_EVIDENCE_TO_ANSWER - (MIN_EVIDENCE_TO_ANSWER - MIN_EVIDENCE_WIDE_MARGIN) * share


def decide(hits: list[Hit], analysis: QueryAnalysis) -> str:
    """"answer" (one procedure, strong evidence), "choose" (a short list) or "none"."""
    if not hits or hits[0].score <= 0:
        return "none"
    best = hits[0]
    margin = (best.score - hits[1].score) / best.score if len(hits) > 1 else 1.0
    wide = margin >= WIDE_MARGIN and not analysis.outside_topic
    if analysis.evidence < (MIN_EVIDENCE_WIDE_MARGIN if wide else MIN_EVIDENCE_TO_CHOOSE):
        return "none"
    # A resident who tells the story ("nhà tui khó quá, chồng bệnh nằm một chỗ, xin vào diện hộ nghèo")
    # types many words no procedure confirms; a best procedure far ahead of every other one makes up for it.
    needed = _evidence_needed(margin) if not analysis.outside_topic else MIN_EVIDENCE_TO_ANSWER
    # Variants of one procedure ("kết hôn" / "kết hôn có yếu tố nước ngoài"), told apart by the words asked:
    # the family is certain, the variant follows from the words, so the margin between them says little.
    variant = analysis.plain_variant or analysis.specific_variant
    if variant:
        needed = min(needed, MIN_EVIDENCE_VARIANT)
    if (analysis.age_conflict or analysis.qualifier_conflict or analysis.evidence < needed
            or not analysis.phrase_confirmed or not analysis.named):
        return "choose"
    if analysis.outside_topic and best.coverage < MIN_NAME_COVERAGE_OUTSIDE:
        return "choose"
    if len(hits) == 1:
        return "answer"
    second = hits[1]
    if margin >= MIN_MARGIN:
        return "answer"
    # The question covers every word of the best procedure's name and not every word of the runner-up's
    # (which adds "lại", "có yếu tố nước ngoài"): the resident means the best one.
    if best.unasked == 0 and second.unasked > 0:
        return "answer"
    # "Đăng ký kết hôn" ahead of "Đăng ký lại kết hôn" and the question never typed "lại", or the other way
    # round when it did.
    if variant:
        return "answer"
    # Every word of the question the runner-up's name carries, the best one's carries too, and more: the
    # question names the best one ("giải quyết tranh chấp đất đai" over "hòa giải tranh chấp đất đai").
    if second.name_terms < best.name_terms and margin > 0 and any(
            "_" not in t and t not in IMPLIED_NAME_WORDS for t in best.name_terms - second.name_terms):
        return "answer"
    # The question covers the best procedure's name much better than the
    # runner-up's, which carries words it did not ask about ("có yếu tố nước
    # ngoài"): the resident means the plain one.
    if best.coverage - second.coverage >= MIN_COVERAGE_LEAD and margin >= MIN_MARGIN / 3:
        return "answer"
    return "choose"


def _is_follow_up(kind: str, hits: list[Hit], analysis: QueryAnalysis, context: str, question: str) -> bool:
    """A question about a part of the procedure the conversation is on ("lệ phí bao nhiêu", "mất bao lâu")
    that names no other procedure nor a topic outside the catalogue ("bằng lái xe ở đâu")."""
    if only_about_aspects(question):
        return True
    if kind == "none" or analysis.outside_spans:
        return False
    if kind == "answer":
        return hits[0].code == context
    return context in [h.code for h in hits[:CHOICES]]


def answer(index: ProcedureIndex, question: object, hotline: str = "", feedback_url: str = "",
           context: str | None = None) -> dict:
    """Reply to a resident's question; always returns a dict, never raises on bad input.

    ``context`` is the code of the procedure answered earlier in the conversation: a follow-up question
    about one of its parts ("cần giấy tờ gì", "mất bao lâu") is answered from that procedure's record.
    """
    cleaned = clean_question(question)
    if not cleaned.strip():
        return _nothing(hotline, feedback_url)
    try:
        hits, analysis = index.search_analyzed(cleaned, limit=CHOICES + 2)
    except (ValueError, TypeError, RecursionError):  # pragma: no cover - defensive
        return _nothing(hotline, feedback_url)
    kind = decide(hits, analysis)
    if context:
        aspects = asked_aspects(cleaned)
        record = index.record(context) if aspects else None
        if record is not None and _is_follow_up(kind, hits, analysis, context, cleaned):
            return {"kind": "answer", "confidence": CONFIDENCE["answer"], "procedure": context,
                    "name": _text(record.get("name")), "follow_up": aspects,
                    "text": describe_aspects(record, aspects)}
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
