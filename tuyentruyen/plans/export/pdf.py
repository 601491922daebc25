"""Convert a rendered DOCX to PDF with LibreOffice running headless.

Each conversion gets its own temporary directory and its own LibreOffice user
profile (``-env:UserInstallation``): two conversions sharing a profile lock each
other out, and one may silently produce nothing. A timeout kills the whole
process group, since soffice forks a child that would otherwise outlive us.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from tuyentruyen.lib.errors import UserError

__all__ = [
    "ConversionFailed",
    "ConverterMissing",
    "convert_docx_to_pdf",
    "converter_available",
    "find_converter",
    "run_soffice",
]

BINARY_NAMES = ("soffice", "libreoffice")
# Where installers put soffice when it is not on PATH.
KNOWN_LOCATIONS = (
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)
# Lets an operator point at a LibreOffice outside PATH without code changes.
BINARY_ENV = "TUYENTRUYEN_SOFFICE"


class ConverterMissing(UserError):
    """No LibreOffice on this server: PDF export is unavailable, DOCX still works."""

    def __init__(
        self, message: str = "Máy chủ chưa cài LibreOffice nên chưa xuất được PDF; hãy tải bản DOCX."
    ):
        super().__init__(message)


class ConversionFailed(UserError):
    """LibreOffice ran but produced no PDF (crash, timeout, unreadable input)."""

    def __init__(
        self, message: str = "Chưa chuyển được văn bản sang PDF; hãy thử lại sau hoặc tải bản DOCX."
    ):
        super().__init__(message)


def find_converter() -> str | None:
    """Path of the LibreOffice binary, or None when none is installed."""
    configured = os.environ.get(BINARY_ENV)
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    for name in BINARY_NAMES:
        found = shutil.which(name)
        if found:
            return found
    for location in KNOWN_LOCATIONS:
        if os.access(location, os.X_OK):
            return location
    return None


def converter_available() -> bool:
    return find_converter() is not None


def convert_docx_to_pdf(docx_bytes: bytes, timeout: int = 60) -> bytes:
    """Return the PDF of a DOCX. Raises ConverterMissing or ConversionFailed."""
    try:
        return run_soffice(docx_bytes, "ke-hoach.docx", "pdf:writer_pdf_Export", "ke-hoach.pdf", timeout)
    except TimeoutError:
        raise ConversionFailed(
            f"Quá {timeout} giây mà LibreOffice chưa chuyển xong văn bản sang PDF; hãy tải bản DOCX."
        ) from None


def run_soffice(data: bytes, source_name: str, convert_to: str, target_name: str, timeout: int = 60) -> bytes:
    """Convert ``data`` (saved as ``source_name``) with ``soffice --convert-to``; return ``target_name``'s bytes.

    Raises ConverterMissing, ConversionFailed, or TimeoutError (the process group killed)."""
    binary = find_converter()
    if binary is None:
        raise ConverterMissing()
    with tempfile.TemporaryDirectory(prefix="tuyentruyen-soffice-") as workdir:
        work = Path(workdir)
        source = work / source_name
        source.write_bytes(data)
        profile = work / "profile"
        command = [
            binary,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--norestore",
            "--convert-to",
            convert_to,
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        # HOME inside the work dir too: some builds still write caches there.
        env = {**os.environ, "HOME": str(work)}
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=work,
            start_new_session=True,
        )
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise TimeoutError(f"soffice took more than {timeout} s") from None
        target = work / "out" / target_name
        if process.returncode != 0 or not target.exists():
            detail = stderr.decode("utf-8", "replace").strip()[-500:]
            raise ConversionFailed() from RuntimeError(f"soffice exited {process.returncode}: {detail}")
        return target.read_bytes()


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    process.communicate()
