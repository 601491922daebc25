"""Contest scoring and ranking. Pure functions: the server keeps the correct answers and applies these."""

import random
from dataclasses import dataclass
from datetime import datetime

_rng = random.SystemRandom()


def draw_layout(question_choices: dict[int, int], count: int, rng=_rng) -> list[dict]:
    """``count`` questions drawn at random from {question id: number of choices}, each with its choices
    in a random order of their own: every attempt sees a different paper."""
    ids = rng.sample(sorted(question_choices), count)
    layout = []
    for qid in ids:
        order = list(range(question_choices[qid]))
        rng.shuffle(order)
        layout.append({"q": qid, "order": order})
    return layout


def clean_answers(layout: list[dict], submitted: dict[str, list[str]]) -> dict[str, list[int]]:
    """Only answers to the attempt's own questions, with choice indexes that exist for them."""
    answers = {}
    for item in layout:
        key = str(item["q"])
        picked = set()
        for value in submitted.get(key, []):
            try:
                index = int(value)
            except (TypeError, ValueError):
                continue
            if index in item["order"]:
                picked.add(index)
        answers[key] = sorted(picked)
    return answers


def score(layout: list[dict], answers: dict[str, list[int]], correct: dict[int, list[int]]) -> int:
    """One point per question answered exactly right (for several correct answers: all and only them)."""
    return sum(1 for item in layout
               if answers.get(str(item["q"])) and set(answers[str(item["q"])]) == set(correct.get(item["q"], [])))


@dataclass(frozen=True)
class Result:
    participant_id: int
    score: int
    guess: int | None
    duration_seconds: int
    submitted_at: datetime


def rank(results: list[Result], participant_count: int) -> list[tuple[Result, int | None]]:
    """Each participant's best attempt, best first: higher score, then the tie-break guess closest to
    the real number of participants, then less time taken, then earlier submission. Returns (result,
    distance of the guess)."""
    def key(r: Result):
        distance = abs(r.guess - participant_count) if r.guess is not None else float("inf")
        return (-r.score, distance, r.duration_seconds, r.submitted_at)

    best: dict[int, Result] = {}
    for r in sorted(results, key=key):
        best.setdefault(r.participant_id, r)
    ordered = sorted(best.values(), key=key)
    return [(r, abs(r.guess - participant_count) if r.guess is not None else None) for r in ordered]


INITIALS_KEY = "_ten_viet_tat"  # in a participant's registration: "1" when they asked for initials only


def initials(name: str) -> str:
    """"Nguyễn Thị Hồng Nhung" → "N. T. H. N.": how a participant who asked not to be named is listed."""
    return " ".join(f"{word[0].upper()}." for word in (name or "").split() if word[0].isalpha())


def public_name(registration: dict, fallback: str) -> str:
    """The name a ranking shows: the one the participant entered, or its initials if they asked. Nothing
    else they registered (phone, village, year of birth) is ever shown."""
    name = " ".join((registration.get("ho_ten") or "").split())
    if not name:
        return fallback
    if registration.get(INITIALS_KEY) == "1":
        return initials(name) or fallback
    return name
