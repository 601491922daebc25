"""The evidence package of one commune's appraisal, for the appraisal council: a ZIP with one folder per
criterion holding its evidence files, and an index (MUC-LUC.txt) listing every criterion, its points and
its evidence (links included). Streamed: files are read and compressed chunk by chunk, never held whole."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator

from tuyentruyen.lib.errors import UserError
from tuyentruyen.lib.files import clean_file_name

from .scoring import _fmt

CHUNK = 64 * 1024


class _Pipe:
    """A write-only file for ``ZipFile`` that hands over what was written since the last ``take``."""

    def __init__(self):
        self._parts: list[bytes] = []
        self._written = 0

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        self._written += len(data)
        return len(data)

    def tell(self) -> int:
        return self._written

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data, self._parts = b"".join(self._parts), []
        return data


def folder_name(item) -> str:
    name = clean_file_name(f"{item.number} {item.label}", default=item.number)
    return name[:80].strip(" .") or item.number


def _open_evidence(evidence):
    from tuyentruyen.work.evidence import open_stored

    return open_stored(evidence.storage_name)


def _index(appraisal, items, placed: dict) -> str:
    lines = [f"HỒ SƠ MINH CHỨNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {appraisal.year}",
             f"Đơn vị: {appraisal.commune.committee_name}", f"Bộ tiêu chí: {appraisal.scheme_name}",
             f"Trạng thái: {appraisal.get_status_display()}",
             f"Tổng điểm tự chấm: {_fmt(appraisal.self_total or 0)}"
             + (f" · Tổng điểm thẩm định: {_fmt(appraisal.appraised_total)}" if appraisal.appraised_total is not None
                else ""), ""]
    for item in items:
        lines.append(f"{item.number}. {item.label} (tối đa {_fmt(item.max_points)} điểm)")
        if item.path:
            lines.append(f"   Thuộc: {item.path}")
        lines.append(f"   Điểm tự chấm: {_fmt(item.self_points)}"
                     + (f" · Điểm thẩm định: {_fmt(item.appraised_points)}" if item.appraised_points is not None
                        else ""))
        if item.reason:
            lines.append(f"   Lý do điều chỉnh: {item.reason}")
        if item.evidence_required:
            lines.append(f"   Minh chứng cần có: {item.evidence_required}")
        if item.self_note:
            lines.append(f"   Giải trình của xã: {item.self_note}")
        entries = placed.get(item.pk) or []
        lines.extend(f"   - {entry}" for entry in entries)
        if not entries:
            lines.append("   - (chưa có minh chứng)")
        lines.append("")
    if appraisal.answer:
        lines += ["Ý kiến phản hồi của xã:", appraisal.answer, ""]
    return "\r\n".join(lines)


def stream_package(appraisal, items) -> Iterator[bytes]:
    """The ZIP, piece by piece. ``items`` are the appraisal's items with their evidence prefetched."""
    pipe = _Pipe()
    placed: dict[int, list[str]] = {}
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in items:
            folder = folder_name(item)
            used: set[str] = set()
            entries = placed.setdefault(item.pk, [])
            for evidence in item.evidence.all():
                if evidence.kind != "file" or not evidence.storage_name:
                    if evidence.url:
                        entries.append(f"Đường dẫn: {evidence.url}")
                    continue
                name = clean_file_name(evidence.original_name, default=f"minh-chung-{evidence.pk}")
                if name in used:
                    name = f"{evidence.pk}-{name}"
                used.add(name)
                try:
                    source = _open_evidence(evidence)
                except (OSError, ValueError, UserError):  # gone from the store, or a name that leaves it
                    entries.append(f"{name}: tệp không còn trong kho lưu trữ")
                    continue
                with source, archive.open(f"{folder}/{name}", "w", force_zip64=True) as target:
                    while chunk := source.read(CHUNK):
                        target.write(chunk)
                        yield pipe.take()
                activity = f" (hoạt động: {evidence.activity.title})" if evidence.activity_id else ""
                entries.append(f"{folder}/{name}{activity}")
            if not used:
                archive.writestr(f"{folder}/", b"")  # the folder exists even when empty
            yield pipe.take()
        archive.writestr("MUC-LUC.txt", _index(appraisal, items, placed).encode("utf-8-sig"))
    yield pipe.take()
