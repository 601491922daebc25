"""What a file really is, judged by its bytes, never by its name or the browser's claim, and whether it
really opens (``check_file``). Pure: no Django."""

import errno
import unicodedata
import warnings
import zipfile
from pathlib import Path

from PIL import Image

from .errors import UserError


def sniff_content_type(head: bytes, path: "Path | object | None" = None) -> str | None:
    """The type of a file judged by its first bytes (and, for ZIP containers, by their parts).
    The name and the browser's claimed type are not trusted."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"PK\x03\x04") and path is not None:
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names:
            if "word/document.xml" in names:
                return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            if "xl/workbook.xml" in names:
                return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return None
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        return "audio/mp4" if brand in (b"M4A ", b"M4B ") else "video/mp4"
    return None


# --- checking a file for real ---------------------------------------------------------------------
# The first bytes say what a file claims to be; these checks open it the way a reader would, so that a
# file that cannot be opened, or would take the server down opening it, is refused at upload.
MAX_PIXELS = 50_000_000  # 50 megapixels: a 8,000 × 6,000 photo fits; a 2.5-gigapixel bomb does not
MAX_ZIP_MEMBERS = 5_000
MAX_ZIP_UNCOMPRESSED = 300 * 1024 * 1024  # a DOCX/XLSX of photos stays well below it
MAX_ZIP_RATIO = 100  # XML compresses 10-20 times; a bomb compresses thousands of times
_ZIP_RATIO_FLOOR = 1024 * 1024  # below 1 MB unpacked, a high ratio harms nobody
_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("word/document.xml",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xl/workbook.xml",),
}
_PDF_SCRIPT_KEYS = ("/JavaScript", "/JS")

# Pillow refuses above twice this limit with DecompressionBombError before decoding a single pixel;
# between one and two times it warns, and check_file refuses those explicitly.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


# A write that failed for want of room: the disk is full, or the account's quota is reached.
DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})


class FileRefused(UserError):
    """A file that is not what it claims or is unsafe to open; ``message`` is Vietnamese, shown as is."""


_UNSAFE_NAME_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}  # controls, bidi/zero-width, unassigned


def clean_file_name(name: str, default: str = "tep") -> str:
    """A file name fit to store and to send back in Content-Disposition: no folder part, no control,
    bidi-override or zero-width characters (a right-to-left override makes "gpj.exe" read "exe.jpg")."""
    name = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in _UNSAFE_NAME_CATEGORIES)
    name = " ".join(name.split()).strip(" .")
    return name[:255] or default


def _open_binary(source):
    """A seekable binary file for a path, bytes or an open file (which is rewound)."""
    import io

    if isinstance(source, bytes | bytearray | memoryview):
        return io.BytesIO(bytes(source))
    if isinstance(source, str | Path):
        return open(source, "rb")  # noqa: SIM115 - closed by the caller's with
    source.seek(0)
    return _Unclosed(source)


class _Unclosed:
    """Wraps a caller's file so that ``with`` rewinds it instead of closing it."""

    def __init__(self, handle):
        self._handle = handle

    def __enter__(self):
        return self._handle

    def __exit__(self, *exc):
        self._handle.seek(0)

    def __getattr__(self, name):
        return getattr(self._handle, name)


def check_file(source, content_type: str, *, name: str = "", max_pixels: int = MAX_PIXELS) -> None:
    """Open ``source`` (a path, bytes or a seekable file) as ``content_type`` all the way through.
    Raises ``FileRefused`` with a Vietnamese message; returns nothing for a sound file. Types it does not
    know how to open (audio, video) pass: their players are the browser's, not the server's."""
    label = f"Tệp “{clean_file_name(name)}”" if name else "Tệp"
    with _open_binary(source) as handle:
        if content_type == "application/pdf":
            _check_pdf(handle, label)
        elif content_type.startswith("image/"):
            _check_image(handle, label, max_pixels)
        elif content_type in _MAIN_PARTS:
            _check_office(handle, label, _MAIN_PARTS[content_type])


def _check_pdf(handle, label: str) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    handle.seek(0, 2)
    size = handle.tell()
    handle.seek(max(0, size - 2048))
    if b"%%EOF" not in handle.read():
        raise FileRefused(f"{label} là PDF bị cắt cụt (thiếu phần cuối tệp). Hãy xuất lại tệp PDF rồi gửi lại.")
    handle.seek(0)
    try:
        reader = PdfReader(handle, strict=False)
        if reader.is_encrypted:
            raise FileRefused(f"{label} là PDF có mật khẩu hoặc bị mã hóa. Hãy gỡ mật khẩu rồi gửi lại.")
        for page in reader.pages:
            page.get_contents()
        scripted = _pdf_has_script(reader)
    except FileRefused:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise FileRefused(f"{label} là PDF hỏng, không mở được.") from exc
    if scripted:
        # Evidence is shown in the browser's PDF viewer to other people: a file that runs code there is
        # refused rather than flagged, since nobody's evidence needs a script.
        raise FileRefused(f"{label} là PDF có chứa mã JavaScript, không được nhận. Hãy in lại ra PDF thường.")


def _pdf_has_script(reader) -> bool:
    """A JavaScript action anywhere in the document's objects (catalogue, pages, annotations, names)."""
    seen: set[int] = set()
    stack = [reader.trailer]
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum << 16) | node.generation
            if key in seen or len(seen) > 200_000:
                continue
            seen.add(key)
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            if any(k in node for k in _PDF_SCRIPT_KEYS) or node.get("/S") == "/JavaScript":
                return True
            stack.extend(node.values())
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return False


def _check_image(handle, label: str, max_pixels: int) -> None:
    from PIL import UnidentifiedImageError

    bad = f"{label} là ảnh hỏng hoặc bị cắt cụt, không mở được."
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # refused just below instead
            image = Image.open(handle)
        with image:
            width, height = image.size
            if width * height > max_pixels:
                raise FileRefused(
                    f"{label} có kích thước {width} × {height} điểm ảnh, vượt giới hạn "
                    f"{max_pixels // 1_000_000} triệu điểm ảnh. Hãy thu nhỏ ảnh rồi gửi lại.")
            image.load()  # decodes every pixel: a truncated file fails here
    except FileRefused:
        raise
    except Image.DecompressionBombError as exc:
        raise FileRefused(f"{label} có kích thước ảnh quá lớn. Hãy thu nhỏ ảnh rồi gửi lại.") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise FileRefused(bad) from exc


def _check_office(handle, label: str, main_parts: tuple[str, ...]) -> None:
    from lxml import etree

    bad = f"{label} là tệp Word/Excel hỏng, không mở được. Hãy lưu lại tệp bằng Word/Excel rồi gửi lại."
    try:
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise FileRefused(f"{label} chứa quá nhiều thành phần ({len(members)}).")
            total = sum(m.file_size for m in members)
            swollen = any(m.file_size > _ZIP_RATIO_FLOOR and m.file_size > MAX_ZIP_RATIO * max(m.compress_size, 1)
                          for m in members)
            if total > MAX_ZIP_UNCOMPRESSED or swollen:
                raise FileRefused(f"{label} khi giải nén lớn bất thường (có thể là “bom nén”), không được nhận.")
            parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
            for part in ("[Content_Types].xml", *main_parts):
                # the declared sizes were bounded above, and zipfile stops at them (and checks the CRC)
                etree.fromstring(archive.read(part), parser)
    except FileRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError, ValueError,
            NotImplementedError, etree.XMLSyntaxError) as exc:
        raise FileRefused(bad) from exc


# --- sweeping what no row references ----------------------------------------------------------------
def sweep_unreferenced(root: Path, referenced: set[str], *, modified_before: float) -> tuple[int, int]:
    """Remove the files under ``root`` whose path relative to it is not in ``referenced`` and that were
    last written before ``modified_before`` (a timestamp: the grace period lets an upload whose
    transaction has not committed yet keep its file). Old empty folders go too.
    Returns (files removed, bytes freed)."""
    root = Path(root)
    if not root.is_dir():
        return 0, 0
    removed = freed = 0
    for path in sorted(root.rglob("*"), reverse=True):  # children before their folder
        try:
            if path.is_dir():
                # an old empty folder only: a new one may be about to receive an upload
                if path != root and not any(path.iterdir()) and path.stat().st_mtime < modified_before:
                    path.rmdir()
                continue
            if path.relative_to(root).as_posix() in referenced:
                continue
            stat = path.stat()
            if stat.st_mtime >= modified_before:
                continue
            path.unlink()
        except FileNotFoundError:
            continue  # another sweep, or the purge, got there first
        removed += 1
        freed += stat.st_size
    return removed, freed
