"""Figures for the national index (Bộ chỉ số 766/QĐ-TTg) and the SIPAS survey results. Pure functions:
plain data in, plain data out, no Django."""

from dataclasses import dataclass
from datetime import date
from html import escape


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


# --- feedback --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FeedbackFacts:
    due_date: date | None
    answered_on: date | None
    rating: str = ""  # "satisfied", "unsatisfied" or ""


def is_overdue(item: FeedbackFacts, today: date) -> bool:
    if item.due_date is None:
        return False
    if item.answered_on is not None:
        return item.answered_on > item.due_date
    return today > item.due_date


def feedback_figures(items: list[FeedbackFacts], today: date) -> dict:
    """Handled on time: answered by the deadline, among the items whose outcome is known (answered, or
    past the deadline unanswered). Not unsatisfied or overdue: among every item received."""
    total = len(items)
    answered = [i for i in items if i.answered_on is not None]
    overdue = [i for i in items if is_overdue(i, today)]
    on_time = [i for i in answered if not is_overdue(i, today)]
    decided = len(answered) + len([i for i in overdue if i.answered_on is None])
    bad = [i for i in items if i.rating == "unsatisfied" or is_overdue(i, today)]
    return {
        "total": total,
        "answered": len(answered),
        "on_time": len(on_time),
        "overdue": len(overdue),
        "overdue_open": len([i for i in overdue if i.answered_on is None]),
        "satisfied": len([i for i in items if i.rating == "satisfied"]),
        "unsatisfied": len([i for i in items if i.rating == "unsatisfied"]),
        "on_time_percent": percent(len(on_time), decided),
        "not_unsatisfied_or_overdue_percent": percent(total - len(bad), total),
    }


# --- surveys ---------------------------------------------------------------------------------------
SATISFIED_FROM = 4  # 4 "hài lòng" and 5 "rất hài lòng" on the 1-5 scale


@dataclass(frozen=True)
class QuestionFacts:
    id: int
    kind: str  # single, multiple, scale, text
    factor: str  # a SIPAS factor code, or ""
    choices: tuple[str, ...] = ()


# Below this many answers a survey's index is not read against the target. With 30 answers a single
# respondent still moves an index by over 3 points and the 95 % margin of error around 90 % is about
# ±11 points; fewer, and a few answers decide "Đạt" (four answers moved one index from 84.2 % to 94.7 %).
# 30 is also the usual floor for the normal approximation that such margins rely on.
MIN_SAMPLE = 30


def survey_results(questions: list[QuestionFacts], responses: list[dict], factors: list[tuple[str, str]]) -> dict:
    """Per question: counts. Per factor: the satisfaction index (share of its 1-5 answers at 4 or 5) and
    the mean score. Overall: the mean of the factor indices (as SIPAS averages its factors) and the
    share of respondents satisfied overall (their mean score at 4 or more)."""
    per_question = {}
    for q in questions:
        values = [r.get(str(q.id)) for r in responses]
        values = [v for v in values if v not in (None, "", [])]
        row: dict = {"answered": len(values)}
        if q.kind == "scale":
            counts = [0] * 5
            for v in values:
                if isinstance(v, int) and 1 <= v <= 5:
                    counts[v - 1] += 1
            n = sum(counts)
            row.update(counts=counts, mean=round(sum((i + 1) * c for i, c in enumerate(counts)) / n, 2) if n else None,
                       satisfied_percent=percent(sum(counts[SATISFIED_FROM - 1:]), n))
        elif q.kind in ("single", "multiple"):
            counts = [0] * len(q.choices)
            for v in values:
                for index in (v if isinstance(v, list) else [v]):
                    if isinstance(index, int) and 0 <= index < len(counts):
                        counts[index] += 1
            row.update(counts=list(zip(q.choices, counts, [percent(c, len(values)) for c in counts], strict=True)))
        else:
            row.update(texts=[str(v) for v in values])
        per_question[q.id] = row

    scale_questions = [q for q in questions if q.kind == "scale"]
    factor_rows = []
    for code, label in factors:
        scores = [v for q in scale_questions if q.factor == code
                  for v in (r.get(str(q.id)) for r in responses) if isinstance(v, int) and 1 <= v <= 5]
        if not any(q.factor == code for q in scale_questions):
            continue
        factor_rows.append({
            "code": code, "label": label, "answers": len(scores),
            "index": percent(len([s for s in scores if s >= SATISFIED_FROM]), len(scores)),
            "mean": round(sum(scores) / len(scores), 2) if scores else None,
        })
    indices = [f["index"] for f in factor_rows if f["index"] is not None]
    respondent_means = []
    for r in responses:
        scores = [r.get(str(q.id)) for q in scale_questions]
        scores = [s for s in scores if isinstance(s, int) and 1 <= s <= 5]
        if scores:
            respondent_means.append(sum(scores) / len(scores))
    return {
        "responses": len(responses),
        "min_sample": MIN_SAMPLE,
        "too_small": len(responses) < MIN_SAMPLE,
        "questions": per_question,
        "factors": factor_rows,
        "overall_index": round(sum(indices) / len(indices), 1) if indices else None,
        "satisfied_respondents_percent": percent(len([m for m in respondent_means if m >= SATISFIED_FROM]),
                                                 len(respondent_means)),
        "rated_respondents": len(respondent_means),
    }


def bar_chart_svg(bars: list[tuple[str, float | None]], target: float | None, title: str) -> str:
    """A horizontal bar chart (0-100 %) with the target drawn as a dashed line. Labels are escaped
    here; the caller marks the result safe. The page shows the same numbers in a table."""
    label_w, bar_w, row_h, top = 230, 300, 34, 28
    width = label_w + bar_w + 70
    height = top + row_h * len(bars) + 24
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="chart-title" class="chart" width="100%" preserveAspectRatio="xMinYMin meet">',
        f'<title id="chart-title">{escape(title)}</title>',
    ]
    for i, (label, value) in enumerate(bars):
        y = top + i * row_h
        parts.append(f'<text x="{label_w - 8}" y="{y + 21}" text-anchor="end" font-size="13" fill="#1a1a1a">'
                     f'{escape(label[:34])}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 6}" width="{bar_w}" height="22" fill="#f6f4f1"/>')
        if value is not None:
            w = round(bar_w * max(0.0, min(100.0, value)) / 100, 1)
            fill = "#1d6b34" if target is None or value >= target else "#9b1c1c"
            parts.append(f'<rect x="{label_w}" y="{y + 6}" width="{w}" height="22" fill="{fill}"/>')
            text = f"{value:.1f}".replace(".", ",") + " %"
        else:
            text = "chưa có"
        parts.append(f'<text x="{label_w + bar_w + 6}" y="{y + 21}" font-size="13" fill="#1a1a1a">{text}</text>')
    if target is not None:
        x = label_w + round(bar_w * max(0.0, min(100.0, target)) / 100, 1)
        parts.append(f'<line x1="{x}" y1="{top - 4}" x2="{x}" y2="{height - 16}" stroke="#1a56db" '
                     f'stroke-width="2" stroke-dasharray="5 3"/>')
        parts.append(f'<text x="{x}" y="{top - 10}" text-anchor="middle" font-size="12" fill="#1a56db">'
                     f'Mục tiêu {escape(f"{target:g}".replace(".", ","))} %</text>')
    parts.append("</svg>")
    return "".join(parts)


# --- public statistics of feedback (counted by the database, shaped here) ------------------------------
def last_months(today: date, count: int = 12) -> list[date]:
    """The first day of each of the ``count`` months ending with ``today``'s, oldest first."""
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


@dataclass(frozen=True)
class Tally:
    """Counts of one group of feedback (a month, a category or all of them).

    ``late`` holds both the items answered after their deadline and the items still open past it: an
    item nobody answered does not stay "pending" forever. ``pending`` is open and still within its
    deadline; those are the only ones whose outcome is not known yet."""

    received: int = 0
    answered: int = 0
    on_time: int = 0
    late: int = 0
    pending: int = 0
    answer_days_total: float = 0.0  # days from receipt to answer, summed over the answered items

    @property
    def on_time_percent(self) -> float | None:
        return percent(self.on_time, self.on_time + self.late)

    @property
    def average_days(self) -> float | None:
        return round(self.answer_days_total / self.answered, 1) if self.answered else None
