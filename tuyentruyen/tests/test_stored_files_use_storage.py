"""Stored files are reached through Django's storage API only, so that ``S3_BUCKET`` moves all of them to
object storage: product code names no ``MEDIA_ROOT`` or ``BACKUP_DIR``, asks no storage for a local ``.path(...)``, and never
opens a stored file's name as a local file (``open(evidence.storage_name)``, ``Path(attachment.path)``)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# file (relative to tuyentruyen/) → why it may do what the rules forbid
ALLOWED = {
    "settings.py": "defines MEDIA_ROOT and BACKUP_DIR, the local storages' folders",
    "lib/stored.py": "the storages on disk: LocalStorage's _save writes under self.path(name), and "
                     "BackupFolderStorage's folder is BACKUP_DIR",
}
LOCAL_FOLDERS = {"MEDIA_ROOT", "BACKUP_DIR"}

# Fields and variables that hold a storage's name of a file (rows of Evidence, FeedbackAttachment,
# ArticlePicture, Bulletin, ReportReceipt, ImportJob).
STORED_NAMES = {"storage_name", "thumbnail_name"}
STORED_ATTRIBUTES = STORED_NAMES | {"audio", "document", "large_jpeg", "large_webp", "small_jpeg", "small_webp",
                                    "path"}
# called with a stored name, these go to the local disk
LOCAL_OPENERS = {"open", "Path", "PurePath"}
LOCAL_MODULES = {"os", "io", "pathlib", "Image", "tarfile", "zipfile", "gzip", "codecs", "shutil"}


def _names_in(node: ast.AST):
    """The expression's parts, not looking inside calls: ``open(default_storage.open(name))`` opens what the
    storage returned, not a name."""
    yield node
    for child in ast.iter_child_nodes(node):
        if not isinstance(child, ast.Call):
            yield from _names_in(child)


def _mentions_stored_name(node: ast.AST) -> bool:
    if isinstance(node, ast.Call):
        return False
    for child in _names_in(node):
        if isinstance(child, ast.Attribute) and child.attr in STORED_ATTRIBUTES:
            if child.attr == "path" and isinstance(child.value, ast.Name) and child.value.id in ("os", "self"):
                continue
            return True
        if isinstance(child, ast.Name) and child.id in STORED_NAMES:
            return True
    return False


def _opens_locally(node: ast.Call) -> bool:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id in LOCAL_OPENERS
    return isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in LOCAL_MODULES


def _is_storage(node: ast.AST) -> bool:
    text = ast.unparse(node).lower()
    return "storage" in text or text.endswith((".document", ".audio"))


def violations(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name) and node.id in LOCAL_FOLDERS or \
                isinstance(node, ast.Attribute) and node.attr in LOCAL_FOLDERS:
            found.append(f"line {node.lineno}: {LOCAL_FOLDERS & {getattr(node, 'id', ''), getattr(node, 'attr', '')}}"
                         " is the local storage's folder: use the storage")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "path" \
                and _is_storage(node.func.value):
            found.append(f"line {node.lineno}: {ast.unparse(node.func)}(…) is a local path of a stored file")
        elif isinstance(node, ast.Attribute) and node.attr == "path" and isinstance(node.value, ast.Attribute) \
                and node.value.attr in ("document", "audio"):
            found.append(f"line {node.lineno}: {ast.unparse(node)} is a local path of a stored file")
        elif isinstance(node, ast.Call) and _opens_locally(node) and any(_mentions_stored_name(arg) for arg in node.args):
            found.append(f"line {node.lineno}: {ast.unparse(node)[:80]} opens a stored file's name locally")
    return found


def product_files():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        parts = relative.split("/")
        if "tests" in parts or "migrations" in parts or parts[-1] == "conftest.py":
            continue
        yield relative, path


def test_product_code_reaches_stored_files_through_the_storage_only():
    offending = {}
    files = list(product_files())
    for relative, path in files:
        if relative in ALLOWED:
            continue
        if found := violations(path.read_text(encoding="utf-8")):
            offending[relative] = found
    assert offending == {}
    assert len(files) > 100 and any(name == "work/evidence.py" for name, _ in files)  # the walk saw the code


@pytest.mark.parametrize(("source", "caught"), [
    ("root = settings.MEDIA_ROOT", True),
    ("archive = make_backup(settings.BACKUP_DIR)", True),
    ("handle = open(evidence_root() / evidence.storage_name, 'rb')", True),
    ("data = Path(attachment.path).read_bytes()", True),
    ("local = default_storage.path(name)", True),
    ("local = storages['backups'].path(name)", True),
    ("local = receipt.document.path", True),
    ("response = FileResponse(open(thumbnail_name, 'rb'))", True),
    ("response = FileResponse(default_storage.open(attachment.path, 'rb'))", False),
    ("handle = default_storage.open(attachment.path, 'rb')", False),
    ("handle = open_stored(evidence.storage_name)", False),
    ("copy = shutil.copy(evidence.storage_name, target)", True),
    ("image = Image.open(picture.large_jpeg)", True),
    ("with open(path, 'rb') as handle: pass", False),  # a local file of the process (a tempfile, a dump)
    ("exists = os.path.exists(name)", False),
    ("slug = request.path.strip('/')", False),
])
def test_the_rules_catch_what_they_are_meant_to(source, caught):
    assert bool(violations(source)) is caught
