"""Writes that send no model signal must be recorded explicitly (see audit/recorder.py). This test reads
the code base: every ``bulk_create`` / ``bulk_update`` must be followed, in the same function, by a
``record_bulk`` / ``record_m2m_many`` call (or be its argument); every ``QuerySet.update`` must go through
``record_update``; a write left unrecorded on purpose says why in an ``# audit:`` comment beside it."""

import ast
from pathlib import Path

import tuyentruyen

ROOT = Path(tuyentruyen.__file__).parent
RECORDERS = {"record_bulk", "record_m2m", "record_m2m_many", "record_update"}
# receivers that show a QuerySet.update (and not a dict's or a set's)
QUERYSET_HINTS = (".objects", "filter(", "exclude(", "_base_manager", "select_for_update(", ".all()",
                  "personal.", "notifications_for(")


def source_files():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts or path.name == "conftest.py" or path == ROOT / "audit/recorder.py":
            continue
        yield path


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _is_write(call: ast.Call) -> str | None:
    if not isinstance(call.func, ast.Attribute):
        return None
    if call.func.attr in ("bulk_create", "bulk_update"):
        return call.func.attr
    if call.func.attr == "update" and any(h in ast.unparse(call.func.value) for h in QUERYSET_HINTS):
        return "update"
    return None


def unrecorded_writes(path: Path) -> list[str]:
    text = path.read_text()
    lines = text.splitlines()
    tree = ast.parse(text)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not (kind := _is_write(node)):
            continue
        parent = parents.get(node)
        if isinstance(parent, ast.Call) and _name(parent) in RECORDERS:
            continue  # record_bulk(X.objects.bulk_create(...))
        scope = parent
        while scope is not None and not isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef | ast.Module):
            scope = parents.get(scope)
        later = [c for c in ast.walk(scope) if isinstance(c, ast.Call) and _name(c) in RECORDERS - {"record_update"}
                 and c.lineno > node.lineno]
        if kind != "update" and later:
            continue
        nearby = lines[max(0, node.lineno - 4): node.end_lineno]
        if any("# audit:" in line for line in nearby):
            continue
        found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {kind} not recorded")
    return found


def test_every_write_without_signals_is_recorded_or_says_why():
    problems = [problem for path in source_files() for problem in unrecorded_writes(path)]
    assert problems == []


def test_the_check_finds_an_unrecorded_write(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def a(objs):\n    Thing.objects.bulk_create(objs)\n\n"
        "def b(qs):\n    qs.filter(x=1).update(y=2)\n\n"
        "def c(objs):\n    Thing.objects.bulk_create(objs)\n    record_bulk(objs)\n\n"
        "def d(qs):\n    record_update(qs.filter(x=1), y=2)\n\n"
        "def e(qs):\n    # audit: bookkeeping\n    qs.filter(x=1).update(y=2)\n\n"
        "def f(row):\n    row.update(a=1)\n")
    global ROOT
    old, ROOT = ROOT, tmp_path
    try:
        assert unrecorded_writes(sample) == ["sample.py:2: bulk_create not recorded", "sample.py:5: update not recorded"]
    finally:
        ROOT = old
