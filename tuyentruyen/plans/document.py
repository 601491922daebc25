"""The plan document (plan.schema.json shape): an empty one, validation, and citation keys. Pure."""

import copy
import json
import re
from datetime import date
from functools import cache
from pathlib import Path

import jsonschema

from tuyentruyen.lib import bounds

SCHEMA_PATH = Path(__file__).with_name("schema") / "plan.schema.json"

LIST_FIELDS = ("legal_bases", "references", "purposes", "requirements", "audiences", "topics", "channels",
               "responsibilities", "tasks", "recipients", "sections", "unplaced")


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def blank_document(**values) -> dict:
    """Every key of the schema, in the schema's order, with nothing stated (null, [] or ""), then ``values``."""
    doc = {}
    for name in schema()["required"]:
        doc[name] = [] if name in LIST_FIELDS else ("" if name in ("doc_type", "title") else None)
    doc.update(values)
    return doc


def empty_document(title: str = "", issuer: str | None = None) -> dict:
    """A new plan as the editor starts it."""
    return blank_document(doc_type="KẾ HOẠCH", issuer=issuer, symbol="KH-UBND", title=title)


def validation_errors(doc: dict) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker())
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(gốc)'}: {error.message}"
        for error in sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    ] + date_bound_errors(doc)


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
CITATION_LISTS = ("legal_bases", "references")


def date_bound_errors(doc, path: tuple = ()) -> list[str]:
    """Every date of the document within ``lib.bounds`` (a cited document's may be older than the plan's)."""
    errors = []
    if isinstance(doc, dict):
        for key, value in doc.items():
            errors += date_bound_errors(value, (*path, key))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            errors += date_bound_errors(value, (*path, index))
    elif isinstance(doc, str) and _ISO_DATE.fullmatch(doc):
        try:
            day = date.fromisoformat(doc)
        except ValueError:
            return []  # the schema's format check reports it
        bound = bounds.LEGAL_DATE if path and path[0] in CITATION_LISTS else bounds.DATE
        if refusal := bound.refusal(day):
            errors.append(f"{'/'.join(map(str, path))}: ngày {refusal}")
    return errors


def citation_key(citation: dict) -> str:
    """Registry key: type and number; an unnumbered law is known by its title."""
    doc_type = (citation.get("type") or "").strip().lower()
    if citation.get("number"):
        return f"{doc_type}|{citation['number'].strip().upper()}"
    return f"{doc_type}|{(citation.get('title') or '').strip().lower()}"[:255]


def all_citations(doc: dict) -> list[tuple[dict, bool]]:
    """Each distinct citation once, legal bases first, with whether it is a legal basis."""
    seen, out = set(), []
    for citation, is_basis in [(c, True) for c in doc.get("legal_bases", [])] + [
        (c, False) for c in doc.get("references", [])
    ]:
        key = citation_key(citation)
        if key not in seen:
            seen.add(key)
            out.append((citation, is_basis))
    return out


def copy_document(doc: dict) -> dict:
    return copy.deepcopy(doc)
