"""Time the plan importer on a ~30-page DOCX built from the seed plans, with a task table.

Usage: .venv/bin/python bench/import_speed.py [--seeds DIR] [--runs N]. Target: median under 2 s.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tuyentruyen.plans.importer import parse_plan_file  # noqa: E402


def count_pages(docx_bytes: bytes) -> int | None:
    """Real page count, through the same LibreOffice conversion the product uses; None without it."""
    import io

    from pypdf import PdfReader

    from tuyentruyen.plans.export.pdf import convert_docx_to_pdf, converter_available

    if not converter_available():
        return None
    return len(PdfReader(io.BytesIO(convert_docx_to_pdf(docx_bytes, timeout=120))).pages)


def build_docx(seeds: Path, repeats: int = 1, task_rows: int = 120) -> bytes:
    from docx import Document

    doc = Document()
    for p in ["ỦY BAN NHÂN DÂN", "XÃ VĨNH BẢO", "Số: 15/KH-UBND", "Vĩnh Bảo, ngày 28 tháng 7 năm 2025", "KẾ HOẠCH"]:
        doc.add_paragraph(p)
    texts = [path.read_text(encoding="utf-8") for path in sorted(seeds.glob("*.txt"))]
    for _ in range(repeats):
        for text in texts:
            for line in text.splitlines():
                if line.strip():
                    doc.add_paragraph(line.strip())
    doc.add_paragraph("DANH MỤC")
    table = doc.add_table(rows=1, cols=6)
    for cell, head in zip(table.rows[0].cells, ["TT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp",
                                                 "Thời gian thực hiện", "Sản phẩm"], strict=True):
        cell.text = head
    for i in range(1, task_rows + 1):
        if i % 20 == 1:
            row = table.add_row().cells
            row[0].text = f"{['I', 'II', 'III', 'IV', 'V', 'VI', 'VII'][i // 20 % 7]}. Cải cách thủ tục hành chính"
        row = table.add_row().cells
        for cell, value in zip(row, [str(i), f"Rà soát, đơn giản hóa thủ tục hành chính theo Quyết định số {i}/QĐ-UBND",
                                      "Phòng Văn hóa - Xã hội", "Các cơ quan chuyên môn, đơn vị liên quan",
                                      "Quý IV/2025", "Báo cáo của UBND xã"], strict=True):
            cell.text = value
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "seeds")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--min-pages", type=int, default=30, help="grow the document until it has this many")
    args = parser.parse_args()
    repeats = 1
    while True:
        data = build_docx(args.seeds, repeats=repeats)
        pages = count_pages(data)
        if pages is None or pages >= args.min_pages or repeats >= 8:
            break
        repeats += 1
    # ~500 words a page of A4 at 13-14 pt, where LibreOffice is not there to count real pages.
    words = repeats * sum(len(p.read_text(encoding="utf-8").split()) for p in args.seeds.glob("*.txt")) + 120 * 25
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        plan = parse_plan_file(data, "plan.docx")
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    page_note = f"{pages} pages (counted in its PDF)" if pages else f"~{words // 500} pages (estimated from words)"
    print(f"DOCX {len(data) / 1024:.0f} KB, ~{words} words, {page_note}, "
          f"{len(plan['tasks'])} tasks, {len(plan['references'])} references")
    print(f"runs={args.runs} median={median:.3f}s min={min(times):.3f}s max={max(times):.3f}s "
          f"{'OK' if median < 2 else 'SLOW'} (target < 2 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
