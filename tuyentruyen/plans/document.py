"""The plan document (plan.schema.json shape): an empty one, validation, and citation keys. Pure."""

import copy
import json
from functools import cache
from pathlib import Path

import jsonschema

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
    ]


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
