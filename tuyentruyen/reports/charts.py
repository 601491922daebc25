"""Server-rendered SVG charts. Pure: strings in, an SVG string out; no JavaScript, no Django.

The charts scale with their container (``viewBox`` and ``width: 100%``) and are sized for a phone's
width first, so labels stay readable at 375 px. Every chart has a ``<title>`` and ``<desc>`` for screen
readers; the pages show the same numbers as a table beside it.
"""

from __future__ import annotations

import math
from html import escape

from tuyentruyen.lib.bounds import format_number

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
OTHER_COLOUR = "#999999"
MAX_SERIES = 7  # more series fold into “Khác”
FONT = "font-family=\"Liberation Sans, Arial, sans-serif\""


def _nice_max(value: float) -> float:
    """A round ceiling for the axis, four equal steps of 1, 2, 2.5 or 5 × 10^k (at least 1)."""
    quarter = max(value / 4, 1)
    magnitude = 10 ** math.floor(math.log10(quarter))
    for multiple in (1, 2, 2.5, 5, 10):
        if quarter <= multiple * magnitude:
            return 4 * multiple * magnitude
    return 4 * 10 * magnitude


def _number(value: float) -> str:
    return format_number(value, 1)


def fold_series(series: list[tuple[str, list[float]]], limit: int = MAX_SERIES) -> list[tuple[str, list[float]]]:
    """Keep the ``limit`` largest series and add the rest up as “Khác”."""
    if len(series) <= limit:
        return series
    ranked = sorted(series, key=lambda s: -sum(s[1]))
    kept, rest = ranked[:limit - 1], ranked[limit - 1:]
    other = [sum(values) for values in zip(*(s[1] for s in rest), strict=True)]
    return kept + [("Khác", other)]


def _open(chart_id: str, width: int, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{chart_id}-t {chart_id}-d" class="chart" data-chart="{chart_id}" {FONT}>',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>',
    ]


def stacked_columns(chart_id: str, title: str, categories: list[str], series: list[tuple[str, list[float]]],
                    empty_text: str = "Chưa có số liệu trong kỳ này.") -> str:
    """Columns per category (e.g. month), stacked by series (e.g. activity kind), with a legend below."""
    series = fold_series([(name, list(values)) for name, values in series])
    totals = [sum(values[i] for _, values in series) for i in range(len(categories))]
    width, left, right, top, plot_h = 360, 34, 8, 10, 150
    legend_rows = (len(series) + 1) // 2
    height = top + plot_h + 24 + legend_rows * 18 + 6
    desc = "; ".join(f"{cat}: {_number(total)}" for cat, total in zip(categories, totals, strict=True)) or empty_text
    out = _open(chart_id, width, height, title, desc)
    plot_w = width - left - right
    if not categories or not any(totals):
        out.append(f'<text x="{width / 2}" y="{top + plot_h / 2}" text-anchor="middle" font-size="13" '
                   f'fill="#555">{escape(empty_text)}</text>')
        out.append("</svg>")
        return "".join(out)
    ceiling = _nice_max(max(totals))
    for tick in range(5):
        value = ceiling * tick / 4
        y = top + plot_h - plot_h * tick / 4
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="10" fill="#444">'
                   f'{_number(value)}</text>')
    slot = plot_w / len(categories)
    bar = max(4.0, min(36.0, slot * 0.7))
    for index, category in enumerate(categories):
        x = left + slot * index + (slot - bar) / 2
        y = top + plot_h
        for series_index, (name, values) in enumerate(series):
            value = values[index]
            if not value:
                continue
            h = plot_h * value / ceiling
            y -= h
            colour = OTHER_COLOUR if name == "Khác" else PALETTE[series_index % len(PALETTE)]
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour}">'
                       f'<title>{escape(category)} — {escape(name)}: {_number(value)}</title></rect>')
        if totals[index]:
            out.append(f'<text x="{x + bar / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" font-size="10" '
                       f'fill="#222">{_number(totals[index])}</text>')
        out.append(f'<text x="{x + bar / 2:.1f}" y="{top + plot_h + 14}" text-anchor="middle" font-size="11" '
                   f'fill="#222">{escape(category)}</text>')
    legend_top = top + plot_h + 28
    for series_index, (name, _values) in enumerate(series):
        column, row = series_index % 2, series_index // 2
        x, y = left + column * (plot_w / 2), legend_top + row * 18
        colour = OTHER_COLOUR if name == "Khác" else PALETTE[series_index % len(PALETTE)]
        label = name if len(name) <= 26 else name[:25] + "…"
        out.append(f'<rect x="{x:.1f}" y="{y - 9}" width="10" height="10" fill="{colour}"/>'
                   f'<text x="{x + 14:.1f}" y="{y}" font-size="11" fill="#222">{escape(label)}</text>')
    out.append("</svg>")
    return "".join(out)


def horizontal_bars(chart_id: str, title: str, rows: list[tuple[str, float]], *, suffix: str = "",
                    maximum: float | None = None, empty_text: str = "Chưa có số liệu.") -> str:
    """One labelled bar per row (units side by side, topics covered). Labels sit above their bars so
    long Vietnamese names fit a phone's width."""
    width, left, right, row_h = 360, 4, 44, 34
    height = max(40, len(rows) * row_h + 8)
    desc = "; ".join(f"{label}: {_number(value)}{suffix}" for label, value in rows) or empty_text
    out = _open(chart_id, width, height, title, desc)
    if not rows:
        out.append(f'<text x="{width / 2}" y="24" text-anchor="middle" font-size="13" fill="#555">'
                   f'{escape(empty_text)}</text></svg>')
        return "".join(out)
    ceiling = maximum or _nice_max(max(value for _, value in rows))
    plot_w = width - left - right
    for index, (label, value) in enumerate(rows):
        y = 4 + index * row_h
        shown = label if len(label) <= 52 else label[:51] + "…"
        out.append(f'<text x="{left}" y="{y + 11}" font-size="11" fill="#222">{escape(shown)}</text>')
        w = plot_w * min(value, ceiling) / ceiling if ceiling else 0
        colour = PALETTE[0] if value else "#D55E00"
        out.append(f'<rect x="{left}" y="{y + 15}" width="{plot_w}" height="12" fill="#eee"/>')
        if w:
            out.append(f'<rect x="{left}" y="{y + 15}" width="{w:.1f}" height="12" fill="{colour}"/>')
        out.append(f'<text x="{left + plot_w + 4}" y="{y + 25}" font-size="11" fill="#222">'
                   f'{_number(value)}{escape(suffix)}</text>')
    out.append("</svg>")
    return "".join(out)
