"""Plan importer: read a commune's communication plan (DOCX, PDF, Markdown, text) into plan.schema.json.
.doc, .odt and .rtf files are converted to DOCX with LibreOffice first (``to_docx``).

Pure Python, no Django: ``parse_plan_file(data, filename)`` for uploaded bytes, ``parse_plan_text(text)``
for text already in hand. Bad input raises ``PlanImportError`` with a Vietnamese ``message``.
"""

from __future__ import annotations

from .convert import to_docx
from .errors import PlanImportError
from .extract import MAX_IMPORT_BYTES, extract, looks_like_markdown, markdown_blocks, text_blocks
from .structure import build_plan

__all__ = ["MAX_IMPORT_BYTES", "PlanImportError", "parse_plan_file", "parse_plan_text", "to_docx"]


def parse_plan_file(data: bytes, filename: str | None = None) -> dict:
    """Read a plan from the bytes of an uploaded file; the type is judged by content, not by name."""
    extracted = extract(to_docx(data) if data and len(data) <= MAX_IMPORT_BYTES else data, filename)
    return build_plan(extracted.blocks)


def parse_plan_text(text: str) -> dict:
    """Read a plan from text (Markdown or plain text, e.g. a PDF's text layer)."""
    text = (text or "").lstrip("\ufeff")
    blocks = markdown_blocks(text) if looks_like_markdown(text) else text_blocks(text)
    return build_plan(blocks)
