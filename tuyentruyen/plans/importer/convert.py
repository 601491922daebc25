"""Older and other word-processor files (.doc, .odt, .rtf) turned into DOCX with LibreOffice before reading.

The kind is judged by content: an OLE compound file holding a ``WordDocument`` stream is a Word 97–2003
document, a zip whose ``mimetype`` says ``opendocument.text`` is an ODT, ``{\\rtf`` opens an RTF. The
conversion runs headless in a temporary directory with its own profile and a timeout (see
``export.pdf.run_soffice``); every failure becomes a ``PlanImportError`` with a Vietnamese message.
"""

from __future__ import annotations

import io
import zipfile

from .errors import PlanImportError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CONVERT_TIMEOUT = 60  # seconds
_NAMES = {"doc": "Word 97–2003 (.doc)", "odt": "OpenDocument (.odt)", "rtf": "RTF (.rtf)"}


def convertible_kind(data: bytes) -> str | None:
    """'doc', 'odt' or 'rtf' when ``data`` is such a document; None otherwise (DOCX, PDF, text, ...)."""
    if not data:
        return None
    if data.startswith(OLE_MAGIC):
        # The directory of the compound file names its streams in UTF-16; an .xls holds "Workbook".
        return "doc" if "WordDocument".encode("utf-16-le") in data else None
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "mimetype" in archive.namelist() and "word/document.xml" not in archive.namelist():
                    info = archive.getinfo("mimetype")
                    if info.file_size <= 200:
                        mime = archive.read("mimetype").decode("ascii", "replace").strip()
                        if mime == "application/vnd.oasis.opendocument.text":
                            return "odt"
        except (zipfile.BadZipFile, OSError, ValueError, KeyError, NotImplementedError):
            return None
    return None


def to_docx(data: bytes, timeout: int = CONVERT_TIMEOUT) -> bytes:
    """``data`` unchanged unless it is a .doc/.odt/.rtf, which comes back converted to DOCX."""
    kind = convertible_kind(data)
    if kind is None:
        return data
    from ..export.pdf import ConversionFailed, ConverterMissing, run_soffice

    what = _NAMES[kind]
    try:
        return run_soffice(data, f"ke-hoach.{kind}", "docx:MS Word 2007 XML", "ke-hoach.docx", timeout)
    except ConverterMissing:
        raise PlanImportError(
            f"Máy chủ chưa cài LibreOffice nên chưa đọc được tệp {what}. Hãy mở tệp bằng Word hoặc LibreOffice, "
            "lưu lại thành .docx rồi tải lên.",
            "converter_missing",
        ) from None
    except TimeoutError:
        raise PlanImportError(
            f"Quá {timeout} giây mà LibreOffice chưa đọc xong tệp {what}. Hãy lưu lại thành .docx rồi tải lên.",
            "convert_timeout",
        ) from None
    except (ConversionFailed, OSError) as exc:
        raise PlanImportError(
            f"LibreOffice không chuyển được tệp {what} sang .docx (tệp có thể bị hỏng hoặc được đặt mật khẩu). "
            "Hãy mở tệp, lưu lại thành .docx rồi tải lên.",
            "convert_failed",
        ) from exc
