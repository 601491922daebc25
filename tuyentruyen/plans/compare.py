"""Side-by-side comparison of two plan documents, part by part. Pure."""

import difflib

from .present import PART_LABELS, part_lines


def compare_documents(old: dict, new: dict) -> list[dict]:
    """One row per part: its label, the lines on each side with their change marks, and whether it changed."""
    rows = []
    for part, label in PART_LABELS.items():
        left, right = part_lines(old, part), part_lines(new, part)
        matcher = difflib.SequenceMatcher(a=left, b=right, autojunk=False)
        pairs = []
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            a, b = left[i1:i2], right[j1:j2]
            for k in range(max(len(a), len(b))):
                pairs.append({
                    "old": a[k] if k < len(a) else "",
                    "new": b[k] if k < len(b) else "",
                    "change": tag,  # equal, replace, delete, insert
                })
        rows.append({"part": part, "label": label, "pairs": pairs, "changed": left != right})
    return rows
