"""One document: the body the export prints, from the imported text and the structured parts together.

An imported plan keeps its body as it was written (``sections``) and its parts as structure (purposes,
topics, channels, duties, …). Each part is looked up in the body the way the importer found it; when reading
that part of the body again gives what the structure holds, the officer never touched it and its text is
printed as it stands. When they differ, the part was edited (in the editor, the review screen or the API),
and that part alone is printed from the structure, in the place and under the heading it had. A part the
body never had is added beside the part it belongs with. Nothing has to be rebuilt by hand.

Pure: no Django.
"""

from __future__ import annotations

import re

from ..document import copy_document
from ..importer.citations import find_citations, merge_citations
from ..importer.extract import clean
from ..importer.structure import (
    ENACTING_RE,
    LEGAL_BASIS_RE,
    UNIT_HEAD_RE,
    _iter_nodes,
    _labelled,
    _with_run_in,
    find_part_node,
)
from .docx import _dashed, _roman, _section, citation_sentence

ORIGINAL = "original"  # printed as the imported file had it
STRUCTURE = "structure"  # printed from the structured part (edited, or never in the file)

PART_HEADINGS = {
    "legal_bases": "Căn cứ",
    "purposes": "Mục đích",
    "requirements": "Yêu cầu",
    "audiences": "Đối tượng tuyên truyền",
    "topics": "Nội dung tuyên truyền",
    "channels": "Hình thức tuyên truyền",
    "budget": "Kinh phí thực hiện",
    "responsibilities": "Tổ chức thực hiện",
}
ANNEX_PREFIXES = ("DANH MỤC", "PHỤ LỤC")


def _is_plain(section: dict) -> bool:
    return not section.get("label") and not section.get("heading") and not section.get("children")


def _is_annex(section: dict) -> bool:
    return not section.get("label") and (section.get("heading") or "").strip().upper().startswith(ANNEX_PREFIXES)


def _body_roots(sections: list[dict]) -> list[dict]:
    return [s for s in sections if not _is_plain(s) and not _is_annex(s)]


def _preamble_section(sections: list[dict]) -> dict | None:
    for section in sections:
        if not _is_plain(section):
            return None
        if any(LEGAL_BASIS_RE.match(p) for p in section.get("paragraphs") or []):
            return section
    return None


def _preamble_part(paragraphs: list[str]) -> list[str]:
    """The preamble proper: up to and with the enacting sentence (what follows is the body's lead)."""
    for index, text in enumerate(paragraphs):
        if ENACTING_RE.search(text):
            return paragraphs[: index + 1]
    return paragraphs


def _citations_of(paragraphs: list[str]) -> list[dict]:
    return merge_citations([c for t in _preamble_part(paragraphs) for c in find_citations(t)])


# --- finding the parts as the importer did ---------------------------------------------------------------


def _find_nodes(roots: list[dict]) -> dict[str, dict | None]:
    nodes = list(_iter_nodes(roots))
    found = {role: find_part_node(nodes, role) for role in
             ("purposes", "requirements", "audiences", "topics", "channels", "budget", "responsibilities")}
    if found["purposes"] is None and found["requirements"] is None:
        found["purposes"] = find_part_node(nodes, "purposes", combined=True)
    if found["topics"] is None and found["channels"] is None:
        found["topics"] = find_part_node(nodes, "topics", combined=True)
    return found


def _unit_children(root: dict) -> list[tuple[dict, dict]]:
    """(parent, child) of each unit's node, in the order ``importer.structure._responsibilities`` reads them."""
    out = []
    for child in root["children"]:
        # A unit may also be a labelled paragraph that opens with its name ("6. Đề nghị Ủy ban MTTQ xã …").
        heading = clean(child["heading"] or next(iter(child["paragraphs"]), ""))
        if re.match(r"^(trách nhiệm|phân công)", heading, re.I) and child["children"]:
            out += _unit_children(child)
        elif UNIT_HEAD_RE.match(heading):
            out.append((root, child))
    return out


_LABEL_TOKEN_RE = re.compile(r"(?<![\w])(?:[a-zđ]|\d{1,3}(?:\.\d{1,3})*\.?|[ivxlc]{1,6})[.)](?=\s|$)")


def _letters(lines) -> str:
    """What a part says, for comparison: its words in order, without labels, dashes, spacing or punctuation.
    The body may print "a) …" where the structure holds label "a" and text "…", or a sub-list on lines of
    its own where the structure holds one run-on item; neither is a change."""
    text = " ".join(clean(line or "") for line in lines).casefold()
    text = _LABEL_TOKEN_RE.sub(" ", text)
    text = re.sub(r"(?:^|\s)đề nghị\s", " ", text)
    return "".join(ch for ch in text if ch.isalnum())


def _node_lines(node: dict, with_heading: bool = False) -> list[str]:
    lines = [node["heading"]] if with_heading and node.get("heading") else []
    lines += list(node.get("paragraphs") or [])
    for child in node.get("children") or []:
        lines += _node_lines(child, with_heading=True)
    return lines


def _held_lines(role: str, plan: dict) -> list[str]:
    value = plan.get(role)
    if role in ("topics", "channels"):
        return [item.get("text") or "" for item in value or []]
    if role == "responsibilities":
        return [line for r in value or [] for line in [r.get("unit") or "", *(r.get("duties") or [])]]
    if role == "budget":
        return [value] if value else []
    return list(value or [])


def _held(role: str, plan: dict) -> bool:
    return bool(_held_lines(role, plan)) if role != "legal_bases" else bool(plan.get("legal_bases"))


def _unit_lines(placed: list[tuple[dict, dict]]) -> list[str]:
    return [line for _, child in placed for line in _node_lines(child, with_heading=True)]


def _untouched(role: str, node: dict, plan: dict) -> bool:
    """Does this part of the body still say what the structure holds?"""
    held = _letters(_held_lines(role, plan))
    view = _with_run_in(node)
    if role == "responsibilities":
        return _letters(_unit_lines(_unit_children(view))) == held
    if role in ("topics", "channels"):
        read = _labelled(view)
        items = plan.get(role) or []
        if len(read) == len(items) and any(r["label"] and r["label"] != (i.get("label") or None)
                                           for r, i in zip(read, items, strict=True)):
            return False  # the officer renumbered an item
    paragraphs = list(view.get("paragraphs") or [])
    while True:
        if _letters(_node_lines(dict(view, paragraphs=paragraphs))) == held:
            return True
        # An introduction ("… tập trung vào những nội dung sau:") is the part's, not an item.
        if not paragraphs or not clean(paragraphs[0]).endswith(":"):
            return False
        paragraphs = paragraphs[1:]


# --- printing a part from the structure ------------------------------------------------------------------


def _strip_run_in(node: dict) -> None:
    heading = node.get("heading") or ""
    if _with_run_in(node) is not node and ":" in heading:
        node["heading"] = heading.partition(":")[0].strip()


def _item_nodes(role: str, plan: dict) -> list[dict]:
    if role in ("topics", "channels"):
        return [_section(item.get("label"), None, [item.get("text") or ""]) if item.get("label")
                else _section(None, None, _dashed([item.get("text") or ""])) for item in plan.get(role) or []]
    return [_section(None, None, [line]) for line in _dashed(plan.get(role) or [])]


def _rewrite(role: str, node: dict, plan: dict) -> None:
    _strip_run_in(node)
    if role == "budget":
        node["paragraphs"], node["children"] = ([plan["budget"]] if plan.get("budget") else []), []
        return
    if role == "responsibilities":
        _rewrite_units(node, plan)
        return
    if not node["children"]:
        node["paragraphs"] = []  # the items were the part's paragraphs
    node["children"] = _item_nodes(role, plan)


def _unit_node(label: str | None, unit: str, duties: list[str], requested: bool) -> dict:
    heading = f"Đề nghị {unit}" if requested and not unit.startswith("Đề nghị") else unit
    return _section(label, heading, _dashed(duties))


def _rewrite_units(root: dict, plan: dict) -> None:
    units = plan.get("responsibilities") or []
    placed = _unit_children(root)
    if len(placed) == len(units):
        for (parent, child), now in zip(placed, units, strict=True):
            if _letters(_node_lines(child, with_heading=True)) != _letters([now["unit"], *now["duties"]]):
                position = parent["children"].index(child)
                requested = (child["heading"] or "").startswith("Đề nghị")
                parent["children"][position] = _unit_node(child["label"], now["unit"], now["duties"], requested)
        return
    parent, first = placed[0] if placed else (root, None)
    position = parent["children"].index(first) if first is not None else len(parent["children"])
    numbered = first is not None and bool(re.fullmatch(r"\d+(\.\d+)*", first["label"] or ""))
    prefix = (first["label"] or "").rpartition(".")[0] if numbered else ""
    for owner, child in placed:
        owner["children"].remove(child)
    for offset, unit in enumerate(units):
        label = (f"{prefix}.{offset + 1}" if prefix else str(offset + 1)) if numbered else None
        parent["children"].insert(position + offset, _unit_node(label, unit["unit"], unit["duties"], False))


# Where a part the body never had goes: beside the part it belongs with.
ANCHORS = {"channels": ("after", "topics"), "topics": ("before", "channels"), "purposes": ("before", "requirements"),
           "requirements": ("after", "purposes"), "audiences": ("after", "requirements"),
           "budget": ("before", "responsibilities")}


def _new_part(role: str, plan: dict) -> dict:
    if role == "responsibilities":
        children = [_unit_node(str(i), u["unit"], u["duties"], False) for i, u in enumerate(plan[role], start=1)]
        return _section(None, PART_HEADINGS[role], children=children)
    if role == "budget":
        return _section(None, PART_HEADINGS[role], [plan["budget"]])
    return _section(None, PART_HEADINGS[role], children=_item_nodes(role, plan))


def _siblings_of(node: dict, sections: list[dict]) -> list[dict] | None:
    if any(s is node for s in sections):
        return sections
    for section in sections:
        found = _siblings_of(node, section.get("children") or [])
        if found is not None:
            return found
    return None


def _next_label(siblings: list[dict]) -> str | None:
    labels = [s.get("label") or "" for s in siblings if not _is_plain(s) and not _is_annex(s)]
    if labels and all(re.fullmatch(r"[IVXLC]+", x) for x in labels):
        return _roman(len(labels) + 1)
    if labels and all(x.isdigit() for x in labels):
        return str(int(labels[-1]) + 1)
    return None


def _place(part: dict, role: str, nodes: dict, sections: list[dict], roots: list[dict]) -> None:
    """Put a new part beside the one it belongs with, or after the body's last part; it takes the next
    label only where it comes last (the other parts keep their numbers)."""
    where, other = ANCHORS.get(role, ("after", None))
    anchor = nodes.get(other) if other else None
    siblings = _siblings_of(anchor, sections) if anchor is not None else None
    if siblings is None:
        siblings, anchor, where = sections, (roots[-1] if roots else None), "after"
    position = next((i for i, s in enumerate(siblings) if s is anchor), len(siblings) - 1)
    position += 1 if where == "after" else 0
    if all(_is_plain(s) or _is_annex(s) for s in siblings[position:]):
        part["label"] = _next_label(siblings[:position])
    siblings.insert(position, part)
    nodes[role] = part


def _rewrite_preamble(section: dict, plan: dict) -> None:
    kept_before, kept_after, seen_basis = [], [], False
    for text in section["paragraphs"]:
        if LEGAL_BASIS_RE.match(text) and find_citations(text):
            seen_basis = True
            continue
        (kept_after if seen_basis else kept_before).append(text)
    bases = [citation_sentence(c) for c in plan.get("legal_bases") or []]
    section["paragraphs"] = kept_before + bases + kept_after


# --- the entry point ---------------------------------------------------------------------------------


def body_sections(plan: dict) -> tuple[list[dict], dict[str, str]]:
    """The sections to print and, for each part the plan has, where its text comes from (ORIGINAL or
    STRUCTURE). A plan without an imported body prints everything from its structure ([] here)."""
    sections = copy_document(plan.get("sections") or [])
    if not sections:
        return [], {role: STRUCTURE for role in PART_HEADINGS if _held(role, plan)}
    origins: dict[str, str] = {}
    preamble = _preamble_section(sections)
    # Only the parts the document has as structure are compared: a report laid out on this renderer (reports/
    # export.py) holds a body alone, and its headings ("Nội dung tuyên truyền") are not a plan's parts.
    if "legal_bases" in plan and (plan.get("legal_bases") or preamble is not None):
        was = _citations_of(preamble["paragraphs"]) if preamble is not None else []
        if preamble is not None and was == (plan.get("legal_bases") or []):
            origins["legal_bases"] = ORIGINAL
        else:
            origins["legal_bases"] = STRUCTURE
            if preamble is not None:
                _rewrite_preamble(preamble, plan)
            # without a preamble section the export prints the legal bases from the structure already
    roots = _body_roots(sections)
    nodes = _find_nodes(roots)
    for role, node in list(nodes.items()):
        if role not in plan:
            continue
        held = _held(role, plan)
        if node is None:
            if held:
                origins[role] = STRUCTURE
                _place(_new_part(role, plan), role, nodes, sections, roots)
            continue
        if _untouched(role, node, plan):
            if held:
                origins[role] = ORIGINAL
            continue
        origins[role] = STRUCTURE
        _rewrite(role, node, plan)
    return sections, origins
