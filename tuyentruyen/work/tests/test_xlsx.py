import io
from datetime import date, datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from tuyentruyen.conftest import client_for, unit_of
from tuyentruyen.lib import stored
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.plans.models import PlanTopic
from tuyentruyen.work import imports, xlsx
from tuyentruyen.work.models import Activity, ImportJob, ImportStatus, Task
from tuyentruyen.work.tasks import import_xlsx

from .factories import activity

pytestmark = pytest.mark.django_db

HEADER = [c.label for c in xlsx.ACTIVITY_COLUMNS]


def sheet(rows, header=HEADER, merge=None) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("hoat-dong.xlsx", out.getvalue())


def row(title="Phát thanh CCHC", day=datetime(2025, 8, 1), unit="Trung tâm Dịch vụ sự nghiệp công",
        kind="Phát thanh trên đài truyền thanh", topics="", **extra):
    values = {"id": None, "date": day, "date_end": None, "unit": unit, "kind": kind, "title": title, "topics": topics,
              "channel": "Đài xã", "audience": "", "quantity": 15, "quantity_unit": "", "reach": 3000, "place": "",
              "links": "https://xa.gov.vn/a", "is_public": "Không",
              "outside_plan_period": "", "late_entry": ""}
    values.update(extra)
    return [values[c.key] for c in xlsx.ACTIVITY_COLUMNS]


def upload(client, file, url="/hoat-dong/excel/nhap/"):
    return client.post(url, {"file": file})


def test_template_has_drop_down_lists(plan_a, officer_a):
    response = client_for(officer_a).get("/hoat-dong/excel/mau.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == xlsx.XLSX_MIME
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["Hoạt động"]
    assert [c.value for c in ws[1]] == HEADER
    formulas = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert any("Danh mục" in f for f in formulas if f)
    ref = wb["Danh mục"]
    values = {c.value for col in ref.iter_cols() for c in col}
    assert "Phát thanh trên đài truyền thanh" in values and "Trung tâm Dịch vụ sự nghiệp công" in values
    assert any(isinstance(v, str) and "Dịch vụ công trực tuyến" in v for v in values)
    assert client_for(officer_a).get("/hoat-dong/excel/mau.docx").status_code == 404
    assert client_for(officer_a).get("/nhiem-vu/excel/mau.xlsx").status_code == 200


def test_import_then_reimport_creates_no_duplicates(plan_a, officer_a):
    with commune_scope(plan_a.commune):
        topic = PlanTopic.objects.filter(plan=plan_a).first()
    rows = [row(topics=xlsx.topic_choice(topic)), row(title="Băng rôn", kind="banner", quantity=4)]
    client = client_for(officer_a)
    assert upload(client, sheet(rows)).status_code == 302
    assert upload(client, sheet(rows)).status_code == 302
    with commune_scope(plan_a.commune):
        assert Activity.objects.count() == 2
        radio = Activity.objects.get(title="Phát thanh CCHC")
        assert list(radio.topics.all()) == [topic] and radio.quantity_unit == "phút phát sóng"
        assert radio.evidence.filter(kind="link").count() == 1
        assert Activity.objects.get(title="Băng rôn").quantity == 4


def test_export_round_trip_updates_by_id(plan_a, officer_a):
    with commune_scope(plan_a.commune):
        a = activity(plan_a.commune, title="Cũ", unit=unit_of(plan_a.commune, "media_center"))
    client = client_for(officer_a)
    exported = client.get("/hoat-dong/xuat.xlsx")
    wb = load_workbook(io.BytesIO(exported.content))
    ws = wb.active
    assert ws.cell(row=2, column=1).value == a.pk
    ws.cell(row=2, column=6).value = "Mới"
    out = io.BytesIO()
    wb.save(out)
    assert upload(client, SimpleUploadedFile("x.xlsx", out.getvalue())).status_code == 302
    with commune_scope(plan_a.commune):
        assert Activity.objects.get().title == "Mới"


@pytest.mark.parametrize(("file", "message"), [
    (lambda: sheet([row()], header=HEADER[:3] + ["Cột lạ"] + HEADER[4:]), "Các cột không đúng mẫu"),
    (lambda: sheet([row(), row(title="B")], merge="F2:F3"), "ô gộp"),
    (lambda: SimpleUploadedFile("a.xlsx", b"PK\x03\x04 not really"), "Không đọc được tệp"),
])
def test_structural_faults_refuse_the_file(plan_a, officer_a, file, message):
    response = upload(client_for(officer_a), file())
    assert response.status_code == 400 and message in response.content.decode()
    with commune_scope(plan_a.commune):
        assert not Activity.objects.exists()


def test_row_faults_are_listed_and_nothing_is_imported(plan_a, officer_a):
    rows = [
        row(),  # a good row: still not imported, because the file has faults
        row(day="tháng Tám"),
        row(unit="Phòng Không Tồn Tại"),
        row(kind="Bay flycam"),
        row(quantity="=1+2"),
        row(topics="99999 · không có"),
        row(title=""),
        row(reach=-3),
    ]
    response = upload(client_for(officer_a), sheet(rows))
    page = response.content.decode()
    assert response.status_code == 400
    assert "“tháng Tám” không phải là ngày" in page and "Phòng Không Tồn Tại" in page and "Bay flycam" in page
    assert "công thức" in page and "không có nội dung tuyên truyền" in page and "chưa có nội dung" in page
    assert "<td>4</td><td>Đơn vị</td>" in page.replace("\n", "")
    with commune_scope(plan_a.commune):
        assert not Activity.objects.exists()


def test_unit_staff_may_import_only_their_unit(plan_a, staff_a):
    response = upload(client_for(staff_a), sheet([row(unit="Trung tâm Phục vụ hành chính công")]))
    assert "đơn vị mình" in response.content.decode()
    assert upload(client_for(staff_a), sheet([row(unit="")])).status_code == 302
    with commune_scope(plan_a.commune):
        assert Activity.objects.get().unit == staff_a.unit


def test_large_upload_runs_as_a_background_job(plan_a, officer_a, settings):
    plan_a.commune.settings = {"xlsx_background_rows": 5}
    plan_a.commune.save()
    rows = [row(title=f"Hoạt động {i}") for i in range(12)]
    client = client_for(officer_a)
    response = upload(client, sheet(rows))
    assert response.status_code == 302 and "/lan-nhap/" in response["Location"]
    with commune_scope(plan_a.commune):
        job = ImportJob.objects.get()
    assert job.total_rows == 6  # counting stops past the threshold; the job counts the rest
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in page
    import_xlsx.call(job.pk)  # what the worker does: ids in, scope re-entered
    import_xlsx.call(job.pk)  # twice is harmless
    with commune_scope(plan_a.commune):
        job.refresh_from_db()
        assert job.status == ImportStatus.DONE and Activity.objects.count() == 12 and job.total_rows == 12
        assert stored.names(default_storage, imports.IMPORTS_DIR) == []  # the uploaded file went with the job
    partial = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in partial and "12 mới" in partial


def test_background_job_refuses_a_faulty_file(plan_a, officer_a):
    with commune_scope(plan_a.commune):
        job = ImportJob.objects.create(commune=plan_a.commune, kind="activities", file_name="x.xlsx",
                                       storage_name="t.xlsx", created_by=officer_a, total_rows=1)
    default_storage.save(imports.stored_import("t.xlsx"), ContentFile(sheet([row(kind="?")]).read()))
    import_xlsx.call(job.pk)
    with commune_scope(plan_a.commune):
        job.refresh_from_db()
        assert job.status == ImportStatus.REFUSED and job.errors[0]["column"] == "Hình thức"
        assert not Activity.objects.exists()


def test_tasks_export_and_import(plan_a, officer_a):
    client = client_for(officer_a)
    exported = client.get("/nhiem-vu/xuat.xlsx")
    wb = load_workbook(io.BytesIO(exported.content))
    ws = wb.active
    assert ws.max_row == 5  # three catalogue rows, one unit's standing duties
    ws.cell(row=2, column=10).value = 80  # progress
    ws.append([None, xlsx.plan_choice(plan_a), "Nhóm mới", "Nhiệm vụ thêm từ Excel", "Văn phòng HĐND và UBND",
               "Hội Phụ nữ", "Quý IV/2025", None, date(2025, 11, 30), 0, "Chưa thực hiện", 2, "", ""])
    out = io.BytesIO()
    wb.save(out)
    data = out.getvalue()
    assert upload(client, SimpleUploadedFile("t.xlsx", data), "/nhiem-vu/excel/nhap/").status_code == 302
    assert upload(client, SimpleUploadedFile("t.xlsx", data), "/nhiem-vu/excel/nhap/").status_code == 302
    with commune_scope(plan_a.commune):
        assert Task.objects.count() == 5
        added = Task.objects.get(title="Nhiệm vụ thêm từ Excel")
        assert added.weight == 2 and added.current_due == date(2025, 11, 30)
        assert [u.name for u in added.coordinating_units.all()] == ["Hội Liên hiệp Phụ nữ"]
        assert Task.objects.filter(progress=80).count() == 1


def test_unit_staff_cannot_import_tasks(plan_a, staff_a):
    assert client_for(staff_a).get("/nhiem-vu/excel/nhap/").status_code == 403


# --- each row asks the predicate of the form that edits it --------------------------------------------------
@pytest.fixture
def contributor_a(commune_a):
    from tuyentruyen.accounts.models import Role
    from tuyentruyen.accounts.services import create_user

    return create_user("ctv_a", "x", roles=[Role.CONTRIBUTOR], commune=commune_a, full_name="Cộng Tác Viên A")


def _exported_sheet(client, change):
    wb = load_workbook(io.BytesIO(client.get("/hoat-dong/xuat.xlsx").content))
    change(wb.active)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("hoat-dong.xlsx", out.getvalue())


def test_a_contributor_without_a_unit_cannot_overwrite_anothers_activity_by_import(plan_a, officer_a, contributor_a):
    with commune_scope(plan_a.commune):
        theirs = activity(plan_a.commune, title="Của cán bộ", user=officer_a)
    assert client_for(contributor_a).get(f"/hoat-dong/{theirs.pk}/sua/").status_code == 403  # the form refuses
    by_id = _exported_sheet(client_for(officer_a), lambda ws: setattr(ws.cell(row=2, column=6), "value", "Bị ghi đè"))
    response = upload(client_for(contributor_a), by_id)
    page = response.content.decode().replace("\n", "")
    assert response.status_code == 400
    assert f"<td>2</td><td>Mã hoạt động</td><td>bạn không có quyền sửa hoạt động mã {theirs.pk}" in page
    same_key = [row(title="Của cán bộ", unit="", kind="Phát thanh trên đài truyền thanh")]
    response = upload(client_for(contributor_a), sheet(same_key))
    assert response.status_code == 400 and "bạn không có quyền sửa" in response.content.decode()
    with commune_scope(plan_a.commune):
        assert Activity.objects.get().title == "Của cán bộ" and Activity.objects.count() == 1


def test_a_contributor_imports_their_own_rows_and_cannot_choose_a_unit(plan_a, contributor_a):
    client = client_for(contributor_a)
    refused = upload(client, sheet([row(unit="Trung tâm Dịch vụ sự nghiệp công")]))
    assert refused.status_code == 400 and "bạn chỉ được ghi hoạt động của đơn vị mình" in refused.content.decode()
    assert upload(client, sheet([row(unit="")])).status_code == 302
    with commune_scope(plan_a.commune):
        mine = Activity.objects.get()
    assert mine.created_by == contributor_a and mine.unit_id is None
    again = _exported_sheet(client, lambda ws: setattr(ws.cell(row=2, column=6), "value", "Đã sửa"))
    assert upload(client, again).status_code == 302
    with commune_scope(plan_a.commune):
        assert Activity.objects.get().title == "Đã sửa"


def test_an_imported_update_is_audited_like_the_form(plan_a, officer_a):
    from tuyentruyen.audit.models import AuditEvent

    with commune_scope(plan_a.commune):
        a = activity(plan_a.commune, title="Cũ", unit=unit_of(plan_a.commune, "media_center"))
        task = Task.objects.filter(plan=plan_a).first()
        a.task = task
        a.save()
    client = client_for(officer_a)
    assert upload(client, _exported_sheet(client, lambda ws: setattr(ws.cell(row=2, column=6), "value",
                                                                     "Mới"))).status_code == 302
    with commune_scope(plan_a.commune):
        events = AuditEvent.objects.filter(model=Activity._meta.verbose_name, object_pk=str(a.pk), action="update",
                                           actor=officer_a)
        assert events.exists() and any("Mới" in str(e.changes) for e in events)
        assert Activity.objects.get(pk=a.pk).task == task  # the sheet has no task column: the link stays
