"""Turn the bytes of an uploaded plan into a list of text blocks.

The file type is judged by content, never by the file name. DOCX paragraphs and tables are read in
document order straight from ``word/document.xml`` with a hardened XML parser (no DTD, no entities, no
network) after the zip has been checked against decompression bombs. PDFs give their text layer through
pypdf; Markdown and plain text are decoded (UTF-8, UTF-8 with BOM, UTF-16, cp1258).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from tuyentruyen.lib.bounds import format_size
from tuyentruyen.lib.text import normalise

from .errors import PlanImportError
from .numbering import split_label, strip_emphasis, strip_markdown
from .wordnumbering import WordNumbering, label_kind

MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_XML_BYTES = 50 * 1024 * 1024  # uncompressed, per XML part read
MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MIN_PDF_LETTERS = 40

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

SUPPORTED = (
    "Hãy tải lên tệp Word (.docx, .doc), OpenDocument (.odt), PDF có lớp chữ, Markdown (.md) hoặc văn bản thuần (.txt)."
)


@dataclass
class Block:
    """A paragraph or line of text, or a table row (``cells``)."""

    text: str
    cells: list[str] | None = None
    hard: bool = False  # True when the source marks paragraph boundaries (DOCX, Markdown)
    blank_before: bool = False
    heading: int | None = None  # Markdown heading level
    table: int | None = None  # which table a row belongs to
    page: int | None = None
    extra: dict = field(default_factory=dict)


@dataclass
class Extracted:
    kind: str  # docx, pdf, markdown, text
    blocks: list[Block]


def clean(text: str) -> str:
    """NFC, no control characters, whitespace collapsed."""
    text = normalise(text).replace("\u00ad", "")
    return re.sub(r"\s+", " ", text).strip()


def join_lines(lines: list[str]) -> str:
    """Join broken lines with a space, except after a hyphen glued to its word ("23/CT-" + "TTg")."""
    out = ""
    for line in lines:
        line = clean(line)
        if not line:
            continue
        if out.endswith("-") and len(out) > 1 and not out[-2].isspace():
            out += line
        else:
            out = f"{out} {line}" if out else line
    return out


def extract(data: bytes, filename: str | None = None) -> Extracted:
    """Judge the type of ``data`` by its content and extract its blocks."""
    if data is None or len(data) == 0:
        raise PlanImportError("Tệp rỗng: không có nội dung để nhập.", "empty")
    if len(data) > MAX_IMPORT_BYTES:
        raise PlanImportError(
            f"Tệp quá lớn ({format_size(len(data))}). Dung lượng tối đa là "
            f"{MAX_IMPORT_BYTES // 1024 // 1024} MB.",
            "too_large",
        )
    head = data[:1024]
    if b"%PDF-" in head:
        return Extracted("pdf", _extract_pdf(data))
    if data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06":
        return Extracted("docx", _extract_docx(data))
    _refuse_known_binary(data)
    text = decode_text(data)
    if not text.strip():
        raise PlanImportError("Tệp rỗng: không có nội dung để nhập.", "empty")
    if looks_like_markdown(text):
        return Extracted("markdown", markdown_blocks(text))
    return Extracted("text", text_blocks(text))


# --- binary sniffing and text decoding ------------------------------------------------------------

_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "ảnh PNG"),
    (b"\xff\xd8\xff", "ảnh JPEG"),
    (b"GIF87a", "ảnh GIF"),
    (b"GIF89a", "ảnh GIF"),
    (b"II*\x00", "ảnh TIFF"),
    (b"MM\x00*", "ảnh TIFF"),
    (b"RIFF", "tệp đa phương tiện"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "tệp Office đời cũ không phải văn bản Word (.xls, .ppt)"),
    (b"{\\rtf", "tệp RTF; hãy lưu lại thành .docx"),
    (b"\x1f\x8b", "tệp nén gzip"),
    (b"Rar!", "tệp nén RAR"),
    (b"7z\xbc\xaf", "tệp nén 7z"),
]


def _refuse_known_binary(data: bytes) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise PlanImportError(f"Định dạng tệp không được hỗ trợ: đây là {what}. {SUPPORTED}", "unsupported")


def decode_text(data: bytes) -> str:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16, else the Vietnamese Windows code page."""
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    elif b"\x00" in data[:4096]:
        sample = data[:4096]
        even_nuls = sample[0::2].count(0)
        odd_nuls = sample[1::2].count(0)
        if odd_nuls > len(sample) // 4 and even_nuls < len(sample) // 50:
            text = data.decode("utf-16-le", errors="replace")
        elif even_nuls > len(sample) // 4 and odd_nuls < len(sample) // 50:
            text = data.decode("utf-16-be", errors="replace")
        else:
            raise PlanImportError(f"Định dạng tệp không được hỗ trợ (tệp nhị phân). {SUPPORTED}", "unsupported")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1258")
            except UnicodeDecodeError as exc:
                raise PlanImportError(
                    "Không nhận ra bảng mã của tệp văn bản. Hãy lưu tệp với bảng mã UTF-8.", "encoding"
                ) from exc
    text = unicodedata.normalize("NFC", text)
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v")
    if controls > max(3, len(text) // 200):
        raise PlanImportError(f"Định dạng tệp không được hỗ trợ (tệp nhị phân). {SUPPORTED}", "unsupported")
    return text


# --- plain text and Markdown ---------------------------------------------------------------------

_MD_SIGNS = re.compile(r"^(#{1,6}\s|\|.*\|\s*$|\*\*[^*]+\*\*|>\s)", re.MULTILINE)


def looks_like_markdown(text: str) -> bool:
    return len(_MD_SIGNS.findall(text)) >= 2


def text_blocks(text: str) -> list[Block]:
    """Soft lines of a text layer; blank lines and page breaks are remembered, furniture dropped."""
    pages = re.split(r"\f", text.replace("\r\n", "\n").replace("\r", "\n"))
    page_lines = [[ln for ln in page.split("\n")] for page in pages]
    page_lines = drop_page_furniture(page_lines)
    blocks: list[Block] = []
    for page_no, lines in enumerate(page_lines):
        blank = False
        for raw in lines:
            line = clean(raw)
            if not line:
                blank = True
                continue
            blocks.append(Block(line, blank_before=blank, page=page_no))
            blank = False
    return blocks


# A closing sentence opens its own paragraph even when no blank line separates it from the last item.
_MD_CLOSING_RE = re.compile(r"^(?:Trên đây (?:là|là toàn bộ)\b|Yêu cầu (?:các|thủ trưởng|Thủ trưởng)\b)")
# A line set wholly in bold: "**Nội dung tuyên truyền**", "__Hình thức:__", "**_Nơi nhận:_**".
_MD_BOLD_LINE_RE = re.compile(r"(\*\*|__)(?=\S)(?:(?!\1).)+(?<=\S)\1\s*[:.]?")


def _md_hyphen_continues(current: list[str], label) -> bool:
    """'... các tổ chức chính trị' / '- xã hội xã': a hyphen at the start of a line inside a sentence, not an item."""
    if not current or label.kind not in ("dash", "plus") or not label.text[:1].islower():
        return False
    return not re.search(r"[.;:!?]\W*$", current[-1])


_LINE_SEP = "\x1e"  # joins a paragraph's lines while emphasis is stripped across them


def markdown_blocks(text: str) -> list[Block]:
    """Markdown paragraphs: blank lines separate; headings, list items and table rows stand alone."""
    blocks: list[Block] = []
    table_no = 0
    in_table = False
    current: list[str] = []
    bold: list[bool] = []
    breaks: list[int] = []  # positions in ``current`` after which a hard line break ("  " or "\\") falls

    def flush() -> None:
        # A paragraph with hard line breaks (a letterhead, a signature block) gives one block per line
        # group; the lines after a break are soft, as a Word manual line break is, and reflow decides.
        # Emphasis may open on one line and close on a later one ("**KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH**").
        if any("**" in ln or "__" in ln for ln in current):
            joined = strip_emphasis(_LINE_SEP.join(current)).split(_LINE_SEP)
            if len(joined) == len(current):
                spanned = joined != current
                current[:] = joined
                if spanned and all(joined):
                    bold[:] = [True] * len(bold)
        start = 0
        for end in [*breaks, len(current)]:
            if end <= start:
                continue
            block = Block(clean(" ".join(current[start:end])), hard=start == 0)
            if all(bold[start:end]):
                block.extra["bold"] = True
            blocks.append(block)
            start = end
        current.clear()
        bold.clear()
        breaks.clear()

    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)  # comments are not part of the document
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
            in_table = False
            continue
        if line.startswith("|") and line.endswith("|") and len(line) > 1:
            flush()
            if re.fullmatch(r"\|[\s:\-|]+\|", line):
                continue  # the separator row under a table header
            if not in_table:
                table_no += 1
                in_table = True
            cells = [clean(strip_emphasis(c.replace("<br>", " ").replace("<br/>", " "))) for c in line[1:-1].split("|")]
            blocks.append(Block(" | ".join(cells), cells=cells, hard=True, table=table_no))
            continue
        in_table = False
        if re.fullmatch(r"[-*_=]{3,}", line):
            flush()
            continue  # a thematic break
        line = re.sub(r"^>\s?", "", line)
        stripped, level = strip_markdown(line)
        stripped = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|])", r"\1", stripped)  # Markdown escapes
        if level is not None:
            flush()
            blocks.append(Block(clean(stripped), hard=True, heading=level))
            continue
        label = split_label(stripped)
        if not current and label is not None and _md_hyphen_continues([blocks[-1].text] if blocks and
                                                                       blocks[-1].cells is None else [], label):
            blocks[-1].text = clean(f"{blocks[-1].text} {stripped}")  # a heading broken at a hyphen
            continue
        if (label is not None and not _md_hyphen_continues(current, label)) or _MD_CLOSING_RE.match(stripped):
            flush()
        hard_break = raw.endswith("  ") or stripped.endswith("\\")
        current.append(stripped.rstrip("\\ ") if hard_break else stripped)
        bold.append(bool(_MD_BOLD_LINE_RE.fullmatch(line.rstrip("\\ "))))
        if hard_break:
            breaks.append(len(current))
    flush()
    return [b for b in blocks if b.text or b.cells]


_PAGE_NUMBER_RE = re.compile(r"^(?:-\s*\d{1,3}\s*-|trang\s*\d{1,3}(?:\s*/\s*\d{1,3})?|\d{1,3}\s*/\s*\d{1,3}|\d{1,3})$", re.I)


def drop_page_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Remove page numbers and running headers/footers repeated at the top or bottom of pages."""
    if len(pages) < 2:
        return pages

    def edge_keys(lines: list[str]) -> list[tuple[int, str]]:
        idx = [i for i, ln in enumerate(lines) if ln.strip()]
        edges = idx[:2] + idx[-2:]
        return [(i, re.sub(r"\d+", "#", clean(lines[i]).lower())) for i in dict.fromkeys(edges)]

    counts: dict[str, int] = {}
    for lines in pages:
        for key in {k for _, k in edge_keys(lines)}:
            counts[key] = counts.get(key, 0) + 1
    threshold = max(2, (len(pages) + 1) // 2)
    result = []
    for lines in pages:
        drop = set()
        for i, key in edge_keys(lines):
            text = clean(lines[i])
            if _PAGE_NUMBER_RE.match(text) or (counts.get(key, 0) >= threshold and len(text) < 120):
                drop.add(i)
        result.append([ln for i, ln in enumerate(lines) if i not in drop])
    return result


# --- PDF -----------------------------------------------------------------------------------------


def _extract_pdf(data: bytes) -> list[Block]:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError as exc:  # pragma: no cover - pypdf is a declared dependency
        raise PlanImportError("Máy chủ chưa cài thư viện đọc PDF.", "server") from exc
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                unlocked = reader.decrypt("")
            except Exception:  # noqa: BLE001 - any failure to decrypt means we cannot read it
                unlocked = 0
            if not unlocked:
                raise PlanImportError(
                    "Tệp PDF được đặt mật khẩu (mã hóa) nên không đọc được. Hãy gỡ mật khẩu rồi tải lên lại.",
                    "encrypted",
                )
        texts = []
        for page in reader.pages:
            texts.append(page.extract_text() or "")
    except PlanImportError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError,
            RecursionError, AssertionError, ZeroDivisionError) as exc:
        raise PlanImportError("Tệp PDF bị hỏng hoặc không đúng định dạng, không đọc được.", "corrupt") from exc
    letters = sum(1 for t in texts for ch in t if ch.isalpha())
    if letters < MIN_PDF_LETTERS:
        raise PlanImportError(
            "Tệp PDF không có lớp chữ (có thể là bản quét). Hãy dùng bản Word hoặc PDF xuất từ Word, "
            "hoặc nhận dạng chữ (OCR) trước khi nhập.",
            "scanned",
        )
    return text_blocks("\f".join(texts))


# --- DOCX ----------------------------------------------------------------------------------------


def _extract_docx(data: bytes) -> list[Block]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise PlanImportError("Tệp Word (.docx) bị hỏng, không mở được.", "corrupt") from exc
    if "word/document.xml" not in names:
        if "xl/workbook.xml" in names:
            what = "bảng tính Excel (.xlsx)"
        elif "ppt/presentation.xml" in names:
            what = "bản trình chiếu PowerPoint (.pptx)"
        elif "content.xml" in names:
            what = "tài liệu OpenDocument; hãy lưu lại thành .docx"
        else:
            what = "tệp nén zip"
        raise PlanImportError(f"Định dạng tệp không được hỗ trợ: đây là {what}. {SUPPORTED}", "unsupported")
    _check_zip_bomb(archive)
    document = _read_xml(archive, "word/document.xml")
    numbering = _read_xml(archive, "word/numbering.xml") if "word/numbering.xml" in names else None
    styles = _read_xml(archive, "word/styles.xml") if "word/styles.xml" in names else None
    return _DocxReader(document, numbering, styles).blocks()


def _check_zip_bomb(archive: zipfile.ZipFile) -> None:
    total = 0
    for info in archive.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.filename.endswith((".xml", ".rels")) and info.file_size > MAX_XML_BYTES:
            raise _bomb()
        if info.file_size > 10 * 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO:
            raise _bomb()
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise _bomb()


def _bomb() -> PlanImportError:
    return PlanImportError(
        "Tệp Word bất thường: dung lượng sau giải nén quá lớn (nghi là “bom nén”). Tệp đã bị từ chối.", "zip_bomb"
    )


def _read_xml(archive: zipfile.ZipFile, name: str):
    from lxml import etree

    try:
        with archive.open(name) as fh:
            # The declared size can lie: read at most the cap, chunk by chunk.
            chunks = []
            size = 0
            while True:
                chunk = fh.read(1024 * 1024)
                if not chunk:
                    break
                size += len(chunk)
                if size > MAX_XML_BYTES:
                    raise _bomb()
                chunks.append(chunk)
    except PlanImportError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise PlanImportError("Tệp Word (.docx) bị hỏng, không đọc được nội dung.", "corrupt") from exc
    raw = b"".join(chunks)
    if re.search(rb"<!\s*(DOCTYPE|ENTITY)", raw[:65536], re.IGNORECASE) or re.search(rb"<!\s*ENTITY", raw, re.I):
        raise PlanImportError(
            "Tệp Word chứa khai báo DOCTYPE/thực thể ngoài (có thể là tệp độc hại). Tệp đã bị từ chối.", "xxe"
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise PlanImportError("Tệp Word (.docx) bị hỏng: nội dung XML không hợp lệ.", "corrupt") from exc
    if root is None or root.getroottree().docinfo.doctype:
        raise PlanImportError(
            "Tệp Word chứa khai báo DOCTYPE/thực thể ngoài (có thể là tệp độc hại). Tệp đã bị từ chối.", "xxe"
        )
    return root


def _on(el) -> bool:
    """A Word on/off property (<w:b/>, <w:b w:val="0"/>)."""
    return (el.get(f"{W}val") or "true").lower() not in ("0", "false", "off", "none")


class _DocxReader:
    """Paragraphs and tables of ``word/document.xml`` in order, with automatic numbering rendered."""

    def __init__(self, document, numbering, styles=None):
        self.document = document
        self.numbering = WordNumbering(numbering, styles)
        self.table_no = 0
        self.outline: dict[str, int] = {}  # paragraph style id → heading level (1 = Heading 1)
        self.bold_styles: set[str] = set()
        if styles is not None:
            self._read_styles(styles)

    def _read_styles(self, root) -> None:
        """Heading levels of the paragraph styles: a built-in "heading N", or an outline level, inherited
        through ``basedOn`` (a localised Word names its style ids in its own language)."""
        own: dict[str, int | None] = {}
        based: dict[str, str] = {}
        bold: dict[str, bool | None] = {}
        for style in root.iter(f"{W}style"):
            if style.get(f"{W}type") != "paragraph":
                continue
            sid = style.get(f"{W}styleId") or ""
            name_el = style.find(f"{W}name")
            name = (name_el.get(f"{W}val") if name_el is not None else "") or ""
            level = None
            m = re.fullmatch(r"heading\s*([1-9])", name.strip(), re.IGNORECASE)
            outline = style.find(f"{W}pPr/{W}outlineLvl")
            if m:
                level = int(m.group(1))
            elif outline is not None and (outline.get(f"{W}val") or "").isdigit() and int(outline.get(f"{W}val")) < 9:
                level = int(outline.get(f"{W}val")) + 1
            own[sid] = level
            parent = style.find(f"{W}basedOn")
            if parent is not None:
                based[sid] = parent.get(f"{W}val") or ""
            b = style.find(f"{W}rPr/{W}b")
            bold[sid] = None if b is None else _on(b)
        for sid in own:
            seen, cur = set(), sid
            level, is_bold = None, None
            while cur and cur not in seen:
                seen.add(cur)
                if level is None:
                    level = own.get(cur)
                if is_bold is None:
                    is_bold = bold.get(cur)
                cur = based.get(cur)
            if level is not None:
                self.outline[sid] = level
            if is_bold:
                self.bold_styles.add(sid)

    def _style(self, p) -> str:
        el = p.find(f"{W}pPr/{W}pStyle")
        return (el.get(f"{W}val") or "") if el is not None else ""

    def _heading_level(self, p) -> int | None:
        outline = p.find(f"{W}pPr/{W}outlineLvl")
        if outline is not None and (outline.get(f"{W}val") or "").isdigit():
            value = int(outline.get(f"{W}val"))
            return value + 1 if value < 9 else None
        return self.outline.get(self._style(p))

    def _is_bold(self, p) -> bool:
        """Every run that carries text is bold (directly or by the paragraph's style)."""
        style_bold = self._style(p) in self.bold_styles
        seen = False
        for run in p.iter(f"{W}r"):
            if not "".join(t.text or "" for t in run.iter(f"{W}t")).strip():
                continue
            seen = True
            b = run.find(f"{W}rPr/{W}b")
            if not (_on(b) if b is not None else style_bold):
                return False
        return seen

    def _label(self, p) -> str:
        """The label Word shows before a paragraph numbered automatically (by itself or by its style)."""
        found = self.numbering.paragraph_numbering(p.find(f"{W}pPr/{W}numPr"), self._style(p))
        return self.numbering.label(*found) if found else ""

    @staticmethod
    def _text(p) -> str:
        parts = []
        for el in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen"):
            tag = el.tag
            if tag == f"{W}t":
                parts.append(el.text or "")
            elif tag == f"{W}tab":
                parts.append("\t")
            elif tag == f"{W}noBreakHyphen":
                parts.append("-")
            else:
                parts.append("\n")
        return "".join(parts)

    def _paragraph_blocks(self, p) -> list[Block]:
        text = self._text(p)
        label = self._label(p)
        lines = [clean(part) for part in text.split("\n")]
        lines = [ln for ln in lines if ln]
        if not lines:
            return []
        auto = None
        if label:
            lines[0] = f"{label} {lines[0]}"
            if split_label(lines[0]) is None and label != "-":
                # Word prints "f)" or "a. chữ thường" where a typed label would not stand: Word's numbering
                # says it is one, so the block carries it.
                auto = (label_kind(self.numbering.last_format), label.strip(".)(:") or None, label)
        blocks = [Block(lines[0], hard=True, heading=self._heading_level(p))]
        if auto is not None:
            blocks[0].extra["label"] = auto
        if self._is_bold(p):
            blocks[0].extra["bold"] = True
        # A manual line break inside a paragraph (Shift+Enter) is a soft line.
        for ln in lines[1:]:
            blocks.append(Block(ln, hard=False))
        return blocks

    def _cell_text(self, tc) -> str:
        parts = []
        for el in tc.iter(f"{W}p"):
            # Nested tables: their paragraphs are reached by iter() as well.
            text = clean(self._text(el).replace("\n", " "))
            label = self._label(el)
            if text:
                parts.append(f"{label} {text}".strip() if label else text)
        return "\n".join(parts)

    def blocks(self) -> list[Block]:
        body = self.document.find(f"{W}body")
        out: list[Block] = []
        if body is None:
            return out
        self._walk(body, out)
        return out

    def _walk(self, parent, out: list[Block]) -> None:
        for child in parent:
            tag = child.tag
            if tag == f"{W}p":
                out.extend(self._paragraph_blocks(child))
            elif tag == f"{W}tbl":
                self.table_no += 1
                for tr in child.iter(f"{W}tr"):
                    if tr.getparent() is not child:
                        continue  # rows of nested tables are read as cell text
                    cells: list[str] = []
                    for tc in tr.findall(f"{W}tc"):
                        span_el = tc.find(f"{W}tcPr/{W}gridSpan")
                        span = int(span_el.get(f"{W}val", "1")) if span_el is not None else 1
                        cells.append(self._cell_text(tc))
                        cells.extend([""] * (span - 1))
                    if any(c.strip() for c in cells):
                        out.append(Block(" | ".join(clean(c) for c in cells if c.strip()), cells=cells, hard=True,
                                         table=self.table_no))
            elif tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}ins", f"{W}smartTag"):
                self._walk(child, out)
