"""Run an Excel upload: read it in streaming mode, validate the whole file outside any write
transaction, then import it or refuse it. Files of up to ``background_rows`` real rows run in the
request, in one short transaction; larger ones as a background job with progress, written in short
transactions that stay all-or-nothing for the user (``xlsx.import_activities``).

A background job ends one way or another, never "running" for ever: done, refused, or failed with a
Vietnamese message, and its uploaded file is removed in each case. A job whose worker died is retried
once by ``jobs/leases.py`` (``abandon_job``), then failed.
"""

from datetime import timedelta
from pathlib import Path, PurePosixPath
from uuid import uuid4

from django.core.files.storage import default_storage
from django.db.models import F
from django.utils import timezone

from tuyentruyen.lib import stored

from . import xlsx
from .models import ImportJob, ImportStatus

DEFAULT_BACKGROUND_ROWS = 1000
MAX_UPLOAD_MB = 20
FAILED_MESSAGE = "Có lỗi hệ thống khi nhập; chưa dòng nào được ghi. Hãy thử lại hoặc báo quản trị."
WORKER_DIED_MESSAGE = ("Bộ xử lý nền dừng đột ngột hai lần khi đang nhập tệp này; chưa dòng nào được ghi. "
                       "Hãy tải tệp lên lại; nếu vẫn lỗi, hãy báo quản trị.")


def background_rows(commune) -> int:
    return int(commune.setting("xlsx_background_rows", DEFAULT_BACKGROUND_ROWS))


def _no_rows() -> dict:
    return {"errors": [{"row": 0, "column": "", "message": "Tệp không có dòng dữ liệu nào."}], "rows": 0}


def run_import(commune, user, kind: str, source, *, job: ImportJob | None = None) -> dict:
    """``{"errors": [...]}`` (nothing written) or ``{"created": n, "updated": m, "rows": k}``.
    Raises ``xlsx.XlsxRefused`` when the file is not this template at all. With ``job``, its progress
    is kept up to date and the rows are written under it (a background import)."""
    parsed = xlsx.read_sheet(source, kind)
    validate, write = xlsx.IMPORTERS[kind]
    tracker_rows = len(parsed.rows)
    tracker = _Progress(job, tracker_rows) if job else None
    clean = validate(commune, user, parsed, progress=tracker.validated if tracker else None)
    parsed.rows.clear()  # the raw cells are no longer needed: keep memory to the clean rows
    if parsed.errors:
        return {"errors": [e.as_dict() for e in sorted(parsed.errors, key=lambda e: e.row)], "rows": tracker_rows}
    if not clean:
        return _no_rows()
    try:
        if tracker:
            tracker.writing()
            result = write(commune, user, clean, job=job, progress=tracker.written)
        else:
            result = write(commune, user, clean)
    except xlsx.ImportRowRefused as exc:
        if job:
            _discard(job)
        return {"errors": [e.as_dict() for e in exc.errors], "rows": tracker_rows}
    result["rows"] = len(clean)
    return result


class _Progress:
    """What the status page polls: real rows read, then rows checked, then rows written."""

    def __init__(self, job: ImportJob, total: int):
        self.job = ImportJob.objects.filter(pk=job.pk)
        self.job.update(total_rows=total, processed_rows=0, status=ImportStatus.VALIDATING)

    def validated(self, done: int) -> None:
        self.job.update(processed_rows=done)

    def writing(self) -> None:
        self.job.update(status=ImportStatus.IMPORTING, processed_rows=0)

    def written(self, done: int) -> None:
        self.job.update(processed_rows=done)


def count_rows(source, limit: int | None = None) -> int:
    """Real rows (not the sheet's declared dimension), counted in streaming mode up to ``limit + 1``:
    enough to decide between the request and a background job."""
    return xlsx.count_data_rows(source, limit)


IMPORTS_DIR = "imports"


def stored_import(name: str) -> str:
    """The storage's name of an uploaded file waiting for a worker: any worker on any machine reads it."""
    return f"{IMPORTS_DIR}/{PurePosixPath(name).name}"


def start_background_import(commune, user, kind: str, uploaded, total_rows: int) -> ImportJob:
    name = default_storage.save(stored_import(f"{uuid4().hex}.xlsx"), uploaded)
    job = ImportJob.objects.create(commune=commune, kind=kind, file_name=Path(uploaded.name).name[:255],
                                   storage_name=PurePosixPath(name).name, total_rows=total_rows, created_by=user)
    from .tasks import import_xlsx

    import_xlsx.enqueue(job.pk)
    return job


def _discard(job: ImportJob) -> None:
    if job.kind == "activities":
        xlsx.discard_staged_activities(job.commune, job)


def process_job(job: ImportJob) -> ImportJob:
    """The background part; runs inside the job's commune scope. Safe to run twice: a finished job is
    left alone, and what an earlier attempt (whose worker died) wrote hidden is removed first."""
    if job.finished:
        return job
    # audit: an import job's state is bookkeeping; the rows it imports are recorded one by one
    ImportJob.objects.filter(pk=job.pk).update(attempts=F("attempts") + 1, status=ImportStatus.VALIDATING,
                                               processed_rows=0, errors=[])
    _discard(job)
    name = stored_import(job.storage_name)
    user = job.created_by
    try:
        # openpyxl reads a ZIP: it needs a seekable local file, not a stream from the object store
        with stored.local_copy(default_storage, name, suffix=".xlsx") as path, open(path, "rb") as source:
            result = run_import(job.commune, user, job.kind, source, job=job)
    except xlsx.XlsxRefused as exc:
        result = {"errors": [{"row": 0, "column": "", "message": exc.message}]}
    except FileNotFoundError:
        _finish(job, ImportStatus.FAILED, errors=[_message("Không còn tệp đã tải lên; hãy tải tệp lên lại.")])
        return job
    except Exception:
        _discard(job)
        _finish(job, ImportStatus.FAILED, errors=[_message(FAILED_MESSAGE)])
        default_storage.delete(name)
        raise
    default_storage.delete(name)
    if result.get("errors"):
        _finish(job, ImportStatus.REFUSED, errors=result["errors"][:1000])
    else:
        _finish(job, ImportStatus.DONE, result=result)
    job.refresh_from_db()
    return job


def _message(text: str) -> dict:
    return {"row": 0, "column": "", "message": text}


def _finish(job: ImportJob, status: str, *, errors=None, result=None) -> None:
    fields = {"status": status, "finished_at": timezone.now(), "errors": errors or []}
    if result is not None:
        fields.update(result=result, processed_rows=result.get("rows", 0), total_rows=result.get("rows", 0))
    # audit: an import job's state is bookkeeping; the rows it imports are recorded one by one
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def abandon_job(job_id: int, *, retried: bool) -> None:
    """The worker running this job died. Retried: the job waits in the queue again (what the dead
    attempt wrote hidden is removed when it starts). Not retried: the job fails with a message, and
    its hidden rows and uploaded file are removed."""
    from tuyentruyen.lib.tenancy import commune_scope, scopes_disabled

    with scopes_disabled():  # the job id is all the signal carries; its commune is read to re-enter the scope
        job = ImportJob.objects.select_related("commune__province").filter(pk=job_id).first()
    if job is None or job.finished:
        return
    with commune_scope(job.commune):
        if retried:
            # audit: an import job's state is bookkeeping; the rows it imports are recorded one by one
            ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.PENDING, processed_rows=0)
            return
        _discard(job)
        _finish(job, ImportStatus.FAILED, errors=[_message(WORKER_DIED_MESSAGE)])
        default_storage.delete(stored_import(job.storage_name))


def remove_stale_files(now=None) -> int:
    """Uploaded files that no unfinished job waits for and that are more than a day old (left by a crash
    before this code ended every job, or by a job row deleted by hand). Cross-commune on purpose: the
    folder is shared; only names are compared."""
    from tuyentruyen.lib.tenancy import scopes_disabled

    cutoff = (now or timezone.now()) - timedelta(days=1)
    with scopes_disabled():
        waiting = set(ImportJob.objects.filter(finished_at__isnull=True).values_list("storage_name", flat=True))
    removed, _ = stored.sweep_unreferenced(default_storage, IMPORTS_DIR, waiting, modified_before=cutoff)
    return removed
