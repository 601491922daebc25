"""Bulletin scripts read on air (pure): word counts and the time they take at a speaking pace."""

import math

WORDS_PER_MINUTE = 160  # a clear on-air reading pace in Vietnamese (one syllable = one word)


def word_count(text: str) -> int:
    return len((text or "").split())


def estimated_minutes(text: str, words_per_minute: int = WORDS_PER_MINUTE) -> float:
    """Rounded up to the next half minute: a slot planner would rather over- than under-estimate."""
    words = word_count(text)
    if not words:
        return 0.0
    return math.ceil(words / words_per_minute * 2) / 2


def format_minutes(minutes: float) -> str:
    """Vietnamese decimal comma: 3.5 → "3,5"."""
    return (f"{minutes:.1f}".rstrip("0").rstrip(".")).replace(".", ",")
