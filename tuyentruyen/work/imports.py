"""Run an Excel upload: read, validate the whole file, then import it in one transaction or refuse it.
Small files run in the request; large ones (``background_rows``) as a background job with progress."""

from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.utils import timezone

from . import xlsx
from .models import ImportJob, ImportStatus

DEFAULT_BACKGROUND_ROWS = 1000
MAX_UPLOAD_MB = 20


def background_rows(commune) -> int:
    return int(commune.setting("xlsx_background_rows", DEFAULT_BACKGROUND_ROWS))


def run_import(commune, user, kind: str, source, *, progress=None) -> dict:
    """``{"errors": [...]}`` (nothing written) or ``{"created": n, "updated": m}``.
    Raises ``xlsx.XlsxRefused`` when the file is not this template at all."""
    parsed = xlsx.read_sheet(source, kind)
    validate, write = xlsx.IMPORTERS[kind]
    clean = validate(commune, user, parsed, progress=progress)
    if parsed.errors:
        return {"errors": [e.as_dict() for e in sorted(parsed.errors, key=lambda e: e.row)], "rows": len(parsed.rows)}
    if not clean:
        return {"errors": [{"row": 0, "column": "", "message": "Tệp không có dòng dữ liệu nào."}], "rows": 0}
    try:
        result = write(commune, user, clean)
    except xlsx.ImportRowRefused as exc:
        return {"errors": [e.as_dict() for e in exc.errors], "rows": len(parsed.rows)}
    result["rows"] = len(clean)
    return result


def count_rows(source) -> int:
    """A cheap row count (read-only mode) to decide between the request and a background job."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(source, read_only=True)
        rows = wb.worksheets[0].max_row or 0
        wb.close()
    except Exception:
        rows = 0  # unreadable: the full read will refuse it with a message
    source.seek(0)
    return max(0, rows - 1)


def imports_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def start_background_import(commune, user, kind: str, uploaded, total_rows: int) -> ImportJob:
    name = f"{uuid4().hex}.xlsx"
    with open(imports_dir() / name, "wb") as out:
        for chunk in uploaded.chunks():
            out.write(chunk)
    job = ImportJob.objects.create(commune=commune, kind=kind, file_name=Path(uploaded.name).name[:255],
                                   storage_name=name, total_rows=total_rows, created_by=user)
    from .tasks import import_xlsx

    import_xlsx.enqueue(job.pk)
    return job


def process_job(job: ImportJob) -> ImportJob:
    """The background part; runs inside the job's commune scope. Safe to run twice: a finished job is
    left alone, and the import itself is idempotent (ids and natural keys)."""
    if job.finished:
        return job
    # audit: a job's progress is bookkeeping; the rows it imports are recorded one by one
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.VALIDATING)

    def progress(done: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done)  # audit: progress bookkeeping

    path = imports_dir() / job.storage_name
    user = job.created_by
    try:
        with open(path, "rb") as source:
            result = run_import(job.commune, user, job.kind, source, progress=progress)
    except xlsx.XlsxRefused as exc:
        result = {"errors": [{"row": 0, "column": "", "message": exc.message}]}
    except Exception:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, finished_at=timezone.now())  # audit: job state
        raise
    finally:
        path.unlink(missing_ok=True)
    job.refresh_from_db()
    job.finished_at = timezone.now()
    if result.get("errors"):
        job.status, job.errors = ImportStatus.REFUSED, result["errors"][:1000]
    else:
        job.status, job.result, job.processed_rows = ImportStatus.DONE, result, job.total_rows
    job.save()
    return job
