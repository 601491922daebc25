"""The import pipeline: real rows counted, streaming read, background jobs that end one way or another,
and short transactions that stay all-or-nothing for the user."""

import io
import re
import zipfile
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from tuyentruyen.conftest import client_for
from tuyentruyen.jobs import leases
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.work import imports, xlsx
from tuyentruyen.work.models import Activity, ImportJob, ImportStatus
from tuyentruyen.work.tasks import import_xlsx

from .test_xlsx import row, sheet, upload

pytestmark = pytest.mark.django_db


def with_declared_dimension(file: SimpleUploadedFile, ref: str) -> SimpleUploadedFile:
    """The same workbook whose first sheet claims another size (as some tools write it)."""
    source, out = zipfile.ZipFile(io.BytesIO(file.read())), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, count = re.subn(rb'<dimension ref="[^"]+"', f'<dimension ref="{ref}"'.encode(), data)
                assert count == 1
            target.writestr(item, data)
    return SimpleUploadedFile(file.name, out.getvalue())


def background_job(commune, user, rows) -> ImportJob:
    name = f"test-{len(rows)}.xlsx"
    assert default_storage.save(imports.stored_import(name), ContentFile(sheet(rows).read())) \
        == imports.stored_import(name)
    with commune_scope(commune):
        return ImportJob.objects.create(commune=commune, kind="activities", file_name="x.xlsx", storage_name=name,
                                        created_by=user, total_rows=len(rows))


def test_rows_are_counted_for_real_not_by_the_declared_dimension(plan_a, officer_a):
    plan_a.commune.settings = {"xlsx_background_rows": 5}
    plan_a.commune.save()
    file = with_declared_dimension(sheet([row(title=f"Hoạt động {i}") for i in range(12)]), "A1:O2")
    assert imports.count_rows(file) == 12 and file.tell() == 0
    assert imports.count_rows(file, limit=5) == 6
    assert len(xlsx.read_sheet(file, "activities").rows) == 12
    file.seek(0)
    response = upload(client_for(officer_a), file)
    assert "/lan-nhap/" in response["Location"]  # 12 real rows: past the threshold, so in the background


def test_a_template_with_three_rows_runs_in_the_request(plan_a, officer_a):
    client = client_for(officer_a)
    wb = load_workbook(io.BytesIO(client.get("/hoat-dong/excel/mau.xlsx").content))
    ws = wb["Hoạt động"]
    assert ws.max_row >= 2000  # the template formats 2,000 rows ahead
    for index in range(3):
        for column, value in enumerate(row(title=f"Buổi {index}"), start=1):
            ws.cell(row=index + 2, column=column, value=value)
    out = io.BytesIO()
    wb.save(out)
    file = SimpleUploadedFile("mau.xlsx", out.getvalue())
    assert imports.count_rows(file) == 3
    response = upload(client, file)
    assert response.status_code == 302 and "/lan-nhap/" not in response["Location"]
    with commune_scope(plan_a.commune):
        assert Activity.objects.count() == 3 and not ImportJob.objects.exists()


def test_too_many_rows_are_refused_without_reading_the_rest(plan_a, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_ROWS", 10)
    with pytest.raises(xlsx.XlsxRefused, match="hơn 10 dòng"):
        xlsx.read_sheet(sheet([row(title=f"Hoạt động {i}") for i in range(11)]), "activities")
    assert len(xlsx.read_sheet(sheet([row(title=f"Hoạt động {i}") for i in range(10)]), "activities").rows) == 10


def test_rows_written_in_batches_stay_hidden_until_published_at_once(plan_a, officer_a, monkeypatch):
    monkeypatch.setattr(xlsx, "WRITE_BATCH", 5)
    monkeypatch.setattr(xlsx, "BATCH_PAUSE_SECONDS", 0)
    job = background_job(plan_a.commune, officer_a, [row(title=f"Hoạt động {i}") for i in range(12)])
    publish, seen = xlsx.publish_staged_activities, {}

    def watching_publish(commune, staged_job):
        seen["visible"] = Activity.objects.filter(deleted_at__isnull=True).count()
        seen["hidden"] = Activity.objects.filter(import_job=staged_job).count()
        seen["deleted_page"] = client_for(officer_a).get("/hoat-dong/da-xoa/").content.decode()
        return publish(commune, staged_job)

    monkeypatch.setattr(xlsx, "publish_staged_activities", watching_publish)
    import_xlsx.call(job.pk)
    assert seen["visible"] == 0 and seen["hidden"] == 12 and "Hoạt động 3" not in seen["deleted_page"]
    with commune_scope(plan_a.commune):
        job.refresh_from_db()
        assert job.status == ImportStatus.DONE and job.result["created"] == 12
        assert Activity.objects.filter(deleted_at__isnull=True, import_job__isnull=True).count() == 12


def test_a_failure_half_way_leaves_nothing_and_removes_the_file(plan_a, officer_a, monkeypatch):
    monkeypatch.setattr(xlsx, "WRITE_BATCH", 5)
    monkeypatch.setattr(xlsx, "BATCH_PAUSE_SECONDS", 0)
    job = background_job(plan_a.commune, officer_a, [row(title=f"Hoạt động {i}") for i in range(12)])
    write, calls = xlsx._save_activity_rows, []

    def failing_second_batch(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk gone")
        return write(*args, **kwargs)

    monkeypatch.setattr(xlsx, "_save_activity_rows", failing_second_batch)
    with pytest.raises(RuntimeError):
        import_xlsx.call(job.pk)
    with commune_scope(plan_a.commune):
        job.refresh_from_db()
        assert job.status == ImportStatus.FAILED and "chưa dòng nào được ghi" in job.errors[0]["message"]
        assert not Activity.objects.exists()
    assert not default_storage.exists(imports.stored_import(job.storage_name))
    page = client_for(officer_a).get(f"/hoat-dong/excel/lan-nhap/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "chưa dòng nào được ghi" in page and "hx-trigger" not in page


def stage_leftovers(job, count=3):
    """What an attempt whose worker was killed mid-way leaves: hidden rows under the job."""
    with commune_scope(job.commune):
        kind = next(iter(xlsx.ensure_kinds(job.commune).values()))
        Activity.objects.bulk_create([
            Activity(commune=job.commune, kind=kind, date=timezone.localdate(), title=f"Dở dang {i}",
                     deleted_at=timezone.now(), import_job=job) for i in range(count)])
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.IMPORTING, processed_rows=500, attempts=1)


def test_a_job_whose_worker_died_is_retried_from_the_start(plan_a, officer_a):
    job = background_job(plan_a.commune, officer_a, [row(title=f"Hoạt động {i}") for i in range(4)])
    stage_leftovers(job)
    imports.abandon_job(job.pk, retried=True)
    page = client_for(officer_a).get(f"/hoat-dong/excel/lan-nhap/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "nhập lại từ đầu" in page and "Bộ xử lý nền hiện không chạy" in page
    import_xlsx.call(job.pk)
    with commune_scope(plan_a.commune):
        job.refresh_from_db()
        assert job.status == ImportStatus.DONE and job.attempts == 2
        assert sorted(Activity.objects.values_list("title", flat=True)) == [f"Hoạt động {i}" for i in range(4)]


def test_a_job_whose_worker_died_twice_fails_with_a_message(plan_a, officer_a):
    job = background_job(plan_a.commune, officer_a, [row()])
    stage_leftovers(job)
    result = DBTaskResult.objects.create(task_path="tuyentruyen.work.tasks.import_xlsx", status="RUNNING",
                                         args_kwargs={"args": [job.pk], "kwargs": {}}, backend_name="default",
                                         worker_ids=["first", "second"], run_after=timezone.now(),
                                         started_at=timezone.now() - timedelta(minutes=10))
    assert leases.reap_abandoned() == [str(result.pk)]
    with commune_scope(plan_a.commune):
        job.refresh_from_db()
        assert job.status == ImportStatus.FAILED and job.finished_at
        assert job.errors[0]["message"] == imports.WORKER_DIED_MESSAGE
        assert not Activity.objects.exists()
    assert not default_storage.exists(imports.stored_import(job.storage_name))
    page = client_for(officer_a).get(f"/hoat-dong/excel/lan-nhap/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "dừng đột ngột" in page and "hx-trigger" not in page


def test_stale_uploaded_files_are_removed_daily(plan_a, officer_a):
    import os

    waiting = background_job(plan_a.commune, officer_a, [row()])
    old_orphan, new_orphan = imports.stored_import("orphan.xlsx"), imports.stored_import("recent.xlsx")
    for name in (old_orphan, new_orphan):
        default_storage.save(name, ContentFile(b"x"))
    two_days_ago = timezone.now().timestamp() - 2 * 86400
    for name in (old_orphan, imports.stored_import(waiting.storage_name)):  # the product asks the storage
        os.utime(default_storage.path(name), (two_days_ago, two_days_ago))
    from tuyentruyen.work.tasks import remove_stale_import_files

    assert remove_stale_import_files.call() == 1
    assert not default_storage.exists(old_orphan) and default_storage.exists(new_orphan)
    assert default_storage.exists(imports.stored_import(waiting.storage_name))  # its job still waits for it
