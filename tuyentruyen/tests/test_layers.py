"""``tuyentruyen/lib/`` is below every app: it imports none of them, so no cycle can run through it."""

import ast
from pathlib import Path

LIB = Path(__file__).resolve().parents[1] / "lib"


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level >= 2:  # "from ..accounts import …"
            names.add(f"tuyentruyen.{node.module or ''}")
    return names


def test_lib_imports_no_app():
    offending = {
        f"{path.name}: {name}"
        for path in LIB.glob("*.py")
        for name in imported_modules(path)
        if name.startswith("tuyentruyen.") and not name.startswith("tuyentruyen.lib")
    }
    assert offending == set()
    assert (LIB / "public.py").exists()  # the walk found the files it is meant to check
