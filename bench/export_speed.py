"""Time the plan export: DOCX rendering of a large plan, and one PDF conversion.

A large plan here is the demo plan grown to 60 tasks in five groups and a body
tree four times the demo's size. Target: median DOCX render under 1 s.

    .venv/bin/python bench/export_speed.py
"""

import copy
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tuyentruyen.plans.export.docx import render_plan_docx  # noqa: E402
from tuyentruyen.plans.export.pdf import ConverterMissing, convert_docx_to_pdf  # noqa: E402

DEMO_PLAN = ROOT / "tuyentruyen" / "plans" / "demo" / "demo_plan.json"
ROMAN = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
    "XVIII",
    "XIX",
    "XX",
    "XXI",
    "XXII",
    "XXIII",
    "XXIV",
    "XXV",
]
RUNS = 10
TASKS = 60


def large_plan() -> dict:
    plan = json.loads(DEMO_PLAN.read_text(encoding="utf-8"))
    body = [s for s in plan["sections"] if s["label"]]
    closing = [s for s in plan["sections"] if not s["label"]]
    sections = []
    for copy_no in range(4):
        for section in copy.deepcopy(body):
            section["label"] = ROMAN[len(sections)]
            if copy_no:
                section["heading"] = f"{section['heading']} (PHẦN {copy_no + 1})"
            sections.append(section)
    plan["sections"] = sections + closing
    tasks = []
    for index in range(TASKS):
        task = copy.deepcopy(plan["tasks"][index % len(plan["tasks"])])
        task["no"] = index + 1
        task["group"] = f"Nhóm nhiệm vụ {index // 12 + 1}"
        tasks.append(task)
    plan["tasks"] = tasks
    return plan


def count_paragraphs(sections) -> int:
    return sum(len(s["paragraphs"]) + count_paragraphs(s["children"]) for s in sections)


def main() -> None:
    plan = large_plan()
    render_plan_docx(plan)  # warm-up: imports, template parsing
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        docx_bytes = render_plan_docx(plan)
        timings.append(time.perf_counter() - start)
    median = statistics.median(timings)
    print(f"plan: {len(plan['tasks'])} tasks, {count_paragraphs(plan['sections'])} body paragraphs")
    print(
        f"render_plan_docx: median {median * 1000:.0f} ms over {RUNS} runs "
        f"(min {min(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms), "
        f"{len(docx_bytes) // 1024} KiB; target < 1000 ms: {'ok' if median < 1 else 'MISSED'}"
    )
    try:
        start = time.perf_counter()
        pdf_bytes = convert_docx_to_pdf(docx_bytes, timeout=120)
        elapsed = time.perf_counter() - start
        print(
            f"convert_docx_to_pdf: {elapsed * 1000:.0f} ms (fresh LibreOffice profile), "
            f"{len(pdf_bytes) // 1024} KiB"
        )
    except ConverterMissing as error:
        print(f"convert_docx_to_pdf: skipped: {error}")


if __name__ == "__main__":
    main()
