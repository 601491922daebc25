"""Random and extreme values through every form and importer of the execution app: never a 500; either
a record saved within ``lib.bounds`` or a refusal with nothing saved; and the pages that show the
records keep working."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from tuyentruyen.conftest import client_for
from tuyentruyen.lib import bounds
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.tests.values import DATE_TEXT, NUMBER_TEXT, PROPERTY, rolled_back
from tuyentruyen.work import services, xlsx
from tuyentruyen.work.models import Activity, Task

from .factories import activity

pytestmark = pytest.mark.django_db
CELL = st.one_of(
    st.none(), st.integers(min_value=-10**20, max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False), st.sampled_from([1e308, 123456789012345, -5, 0.125]),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=15).filter(lambda t: not t.startswith("=")),
)
CELL_DATE = st.one_of(st.none(), st.dates(), st.sampled_from([date(9999, 12, 31), date(1900, 1, 1)]))


def within_bounds(a: Activity) -> bool:
    return all(r.contains(v) for r, v in ((bounds.QUANTITY, a.quantity), (bounds.REACH, a.reach),
                                          (bounds.DATE, a.date), (bounds.DATE, a.date_end)))


def pages_work(client, commune):
    assert client.get("/hoat-dong/").status_code == 200
    assert client.get("/hoat-dong/xuat.xlsx").status_code == 200
    with commune_scope(commune):
        ids = list(Activity.objects.values_list("pk", flat=True))
    for pk in ids[:2]:
        assert client.get(f"/hoat-dong/{pk}/").status_code == 200


@PROPERTY
@given(quantity=NUMBER_TEXT, reach=NUMBER_TEXT, day=DATE_TEXT, day_end=DATE_TEXT, title=st.text(max_size=40))
def test_activity_form_saves_within_bounds_or_refuses(plan_a, officer_a, quantity, reach, day, day_end, title):
    client = client_for(officer_a)
    with commune_scope(plan_a.commune):
        kind = services.get_kind(plan_a.commune, "banner")

    def check():
        response = client.post("/hoat-dong/them/", {"kind": kind.pk, "date": day, "date_end": day_end,
                                                    "title": title, "quantity": quantity, "reach": reach})
        assert response.status_code in (200, 302)
        with commune_scope(plan_a.commune):
            saved = list(Activity.objects.all())
        assert len(saved) == (1 if response.status_code == 302 else 0)
        assert all(within_bounds(a) for a in saved)
        pages_work(client, plan_a.commune)
        assert client.get("/hoat-dong/them/").status_code == 200

    rolled_back(check)


@PROPERTY
@given(weight=NUMBER_TEXT, start=DATE_TEXT, due=DATE_TEXT)
def test_task_form_saves_within_bounds_or_refuses(plan_a, officer_a, weight, start, due):
    client = client_for(officer_a)
    with commune_scope(plan_a.commune):
        before = Task.objects.count()

    def check():
        response = client.post("/nhiem-vu/them/", {"plan": plan_a.pk, "title": "Nhiệm vụ thử", "weight": weight,
                                                   "start": start, "due": due, "recurrence": "none"})
        assert response.status_code in (200, 302)
        with commune_scope(plan_a.commune):
            added = list(Task.objects.exclude(pk__lte=before).filter(title="Nhiệm vụ thử"))
        assert len(added) == (1 if response.status_code == 302 else 0)
        for task in added:
            assert bounds.WEIGHT.contains(task.weight) and bounds.DATE.contains(task.due)
        assert client.get("/nhiem-vu/").status_code == 200

    rolled_back(check)


@PROPERTY
@given(on=DATE_TEXT, due=DATE_TEXT)
def test_trigger_date_within_bounds_or_refused(plan_a, officer_a, on, due):
    client = client_for(officer_a)
    with commune_scope(plan_a.commune):
        task = Task.objects.filter(commune=plan_a.commune).exclude(trigger="").first()

    def check():
        response = client.post(f"/nhiem-vu/{task.pk}/dieu-kien/", {"on": on, "due": due})
        assert response.status_code in (200, 302)
        with commune_scope(plan_a.commune):
            task.refresh_from_db()
        assert bounds.DATE.contains(task.triggered_on) and bounds.DATE.contains(task.due)
        assert client.get(f"/nhiem-vu/{task.pk}/").status_code == 200
        assert client.get("/nhiem-vu/").status_code == 200

    rolled_back(check)


def workbook(header, rows) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for values in rows:
        ws.append(values)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("nhap.xlsx", out.getvalue())


@PROPERTY
@given(quantity=CELL, reach=CELL, day=CELL_DATE)
def test_activity_import_saves_within_bounds_or_refuses_whole(plan_a, officer_a, quantity, reach, day):
    client = client_for(officer_a)
    values = {"date": day, "unit": "Trung tâm Dịch vụ sự nghiệp công", "kind": "Phát thanh trên đài truyền thanh",
              "title": "Phát thanh CCHC", "quantity": quantity, "reach": reach, "is_public": "Không"}
    good = {**values, "date": date(2025, 8, 1), "quantity": 3, "reach": 10, "title": "Dòng đúng"}
    columns = [c.key for c in xlsx.ACTIVITY_COLUMNS]
    rows = [[v.get(k) for k in columns] for v in (good, values)]

    def check():
        response = client.post("/hoat-dong/excel/nhap/", {"file": workbook([c.label for c in xlsx.ACTIVITY_COLUMNS],
                                                                           rows)})
        assert response.status_code in (302, 400)
        with commune_scope(plan_a.commune):
            saved = list(Activity.objects.all())
        if response.status_code == 400:
            assert saved == []  # the good row is not half-imported either
            assert "<tr><td>3</td>" in response.content.decode()  # the faulty row, by its number
        else:
            assert len(saved) == 2 and all(within_bounds(a) for a in saved)
        pages_work(client, plan_a.commune)

    rolled_back(check)


@PROPERTY
@given(progress=CELL, weight=CELL, due=CELL_DATE)
def test_task_import_saves_within_bounds_or_refuses(plan_a, officer_a, progress, weight, due):
    client = client_for(officer_a)
    values = {"plan": xlsx.plan_choice(plan_a), "title": "Nhiệm vụ nhập từ Excel", "progress": progress,
              "weight": weight, "due": due}
    columns = [c.key for c in xlsx.TASK_COLUMNS]

    def check():
        response = client.post("/nhiem-vu/excel/nhap/", {"file": workbook([c.label for c in xlsx.TASK_COLUMNS],
                                                                           [[values.get(k) for k in columns]])})
        assert response.status_code in (302, 400)
        with commune_scope(plan_a.commune):
            added = list(Task.objects.filter(title="Nhiệm vụ nhập từ Excel"))
        assert len(added) == (1 if response.status_code == 302 else 0)
        for task in added:
            assert bounds.WEIGHT.contains(task.weight) and bounds.PERCENT.contains(task.progress)
            assert bounds.DATE.contains(task.due)
        assert client.get("/nhiem-vu/").status_code == 200

    rolled_back(check)


def test_import_names_row_and_column_of_an_out_of_range_value(plan_a, officer_a):
    columns = [c.key for c in xlsx.ACTIVITY_COLUMNS]
    values = {"date": date(2025, 8, 1), "kind": "Phát thanh trên đài truyền thanh", "title": "Phát thanh",
              "quantity": 1e308, "reach": 123456789012345, "is_public": "Không"}
    response = client_for(officer_a).post("/hoat-dong/excel/nhap/", {
        "file": workbook([c.label for c in xlsx.ACTIVITY_COLUMNS], [[values.get(k) for k in columns]])})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Số lượng" in page and "Lượt tiếp cận" in page and "phải từ 0 đến 1.000.000.000" in page


def test_the_database_refuses_what_slips_past_the_forms(scope_a):
    a = activity(scope_a)
    # Values the column types hold (PostgreSQL refuses wider ones itself), outside the bounds.
    for field, value in (("quantity", 5 * 10**9), ("reach", 2_000_000_000), ("date", date(9999, 12, 31))):
        with pytest.raises(IntegrityError), transaction.atomic():
            Activity.objects.filter(pk=a.pk).update(**{field: value})


def test_the_migration_repair_brings_stored_values_inside(scope_a):
    from django.apps import apps

    a = activity(scope_a, reach=50)
    Activity.objects.filter(pk=a.pk).update(date=date(2025, 9, 30))
    narrower = {"Activity": {"reach": bounds.Range(0, 10), "date": bounds.Range(date(2000, 1, 1), date(2025, 6, 30))}}
    bounds.repair("work", narrower)(apps, None)
    a.refresh_from_db()
    assert a.reach is None and a.date == date(2025, 6, 30)  # nullable: emptied; required: the nearest bound
