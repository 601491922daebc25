"""Every spreadsheet the product exports comes back unchanged: export, import the file, export again and
the rows are the same; the same file imported a second time changes nothing and says so."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.localities.models import Unit
from tuyentruyen.plans.models import PlanTopic
from tuyentruyen.reports.models import Report, ReportStatus
from tuyentruyen.tests.values import PROPERTY, rolled_back
from tuyentruyen.work import imports, xlsx
from tuyentruyen.work.models import Activity, Task, TaskStatus
from tuyentruyen.work.services import ensure_kinds, save_activity

pytestmark = pytest.mark.django_db

WORD = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạếềểễệốồổỗộớờởỡợúùủũụứừửữựíìỉĩịĐĂ0123456789",
               min_size=1, max_size=9)
# What the product stores: one line, single spaces; some begin like a formula ("- Tuyên truyền", "=…").
LINE = st.builds(lambda prefix, words: (prefix + " ".join(words)).strip(),
                 st.sampled_from(["", "", "- ", "=", "+", "@"]), st.lists(WORD, min_size=1, max_size=6))
OPTIONAL_LINE = st.one_of(st.just(""), LINE)
# Activities are what was done: never after today (the latest day here is long past). The demo plan runs
# from 01/07/2025 to 31/12/2025, so these dates fall inside and outside its period.
DAY = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 6, 30))
PLAN_WORDING = st.sampled_from(["Các phòng chuyên môn, các cơ quan đơn vị có liên quan",
                                "Các tổ chức chính trị - xã hội xã", "Toàn thể cán bộ, công chức"])


def rows_of(document) -> list[list]:
    ws = load_workbook(io.BytesIO(document.content), read_only=True).worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def import_back(commune, user, kind, document) -> dict:
    result = imports.run_import(commune, user, kind, io.BytesIO(document.content))
    assert not result.get("errors"), result["errors"]
    return result


def assert_round_trip(commune, user, kind: str, count: int) -> None:
    """Export every row of ``kind``, import the file back, export again: nothing changes, nothing is
    written, and the two files hold the same rows."""
    export, model, state = {"tasks": (xlsx.export_tasks, Task, task_state),
                            "activities": (xlsx.export_activities, Activity, activity_state)}[kind]
    before = state(commune)
    exported = export(commune, model.objects.filter(commune=commune))
    assert import_back(commune, user, kind, exported) == {"created": 0, "updated": 0, "unchanged": count,
                                                         "rows": count}
    assert state(commune) == before
    assert rows_of(export(commune, model.objects.filter(commune=commune))) == rows_of(exported)


# --- tasks --------------------------------------------------------------------------------------------------
TASK = st.fixed_dictionaries({
    "group": OPTIONAL_LINE, "title": LINE, "lead": st.one_of(st.none(), st.integers(0, 5), PLAN_WORDING),
    "coordinating": st.one_of(st.lists(st.integers(0, 5), max_size=3, unique=True), PLAN_WORDING),
    "timeframe": st.sampled_from(["", "Hàng quý", "Trước ngày 30/09/2026", "Cả năm"]),
    "start": st.one_of(st.none(), DAY), "length": st.integers(0, 400), "has_due": st.booleans(),
    "progress": st.integers(0, 100), "status": st.sampled_from(TaskStatus.values), "weight": st.integers(1, 20),
    "deliverable": OPTIONAL_LINE,
})


def make_task(commune, plan, units, spec, position) -> Task:
    from datetime import timedelta

    start = spec["start"]
    due = (start or date(2026, 1, 1)) + timedelta(days=spec["length"]) if spec["has_due"] else None
    lead = spec["lead"]
    task = Task.objects.create(
        commune=commune, plan=plan, group=spec["group"], title=f"{spec['title']} {position}", position=position,
        lead_unit=units[lead] if isinstance(lead, int) else None, lead_name=lead if isinstance(lead, str) else "",
        coordinating_names=spec["coordinating"] if isinstance(spec["coordinating"], str) else "",
        timeframe_text=spec["timeframe"], start=start, due=due, current_due=due, progress=spec["progress"],
        status=spec["status"], weight=spec["weight"], deliverable=spec["deliverable"],
        cancel_reason="Không còn phù hợp" if spec["status"] == TaskStatus.CANCELLED else "",
    )
    if isinstance(spec["coordinating"], list):
        task.coordinating_units.set([units[i].pk for i in spec["coordinating"] if units[i] != task.lead_unit])
    return task


def task_state(commune):
    return [(t.pk, t.plan_id, t.group, t.title, t.lead_unit_id, t.lead_name, t.coordinating_names,
             sorted(t.coordinating_units.values_list("pk", flat=True)), t.timeframe_text, t.start, t.due,
             t.current_due, t.progress, t.status, t.weight, t.deliverable, t.cancel_reason)
            for t in Task.objects.filter(commune=commune).order_by("pk")]


@PROPERTY
@given(specs=st.lists(TASK, min_size=1, max_size=6))
def test_tasks_come_back_unchanged(plan_a, officer_a, specs):
    commune = plan_a.commune

    def check():
        Task.objects.filter(commune=commune).delete()
        units = list(Unit.objects.filter(commune=commune).order_by("pk"))[:6]
        for position, spec in enumerate(specs, start=1):
            make_task(commune, plan_a, units, spec, position)
        assert_round_trip(commune, officer_a, "tasks", len(specs))

    with commune_scope(commune):
        rolled_back(check)


def test_the_plans_own_task_owners_come_back(plan_a, officer_a):
    """The issue's example: a task owned by a group the plan names ("Các phòng chuyên môn…"), no unit."""
    commune = plan_a.commune
    with commune_scope(commune):
        task = Task.objects.filter(commune=commune).order_by("pk").first()
        task.lead_unit, task.lead_name = None, "Các phòng chuyên môn, các cơ quan đơn vị có liên quan"
        task.save()
        exported = xlsx.export_tasks(commune, Task.objects.filter(commune=commune))
        count = Task.objects.filter(commune=commune).count()
        assert import_back(commune, officer_a, "tasks", exported)["unchanged"] == count
        task.refresh_from_db()
        assert task.lead_unit is None and task.lead_name.startswith("Các phòng chuyên môn")


def test_a_misspelt_owner_is_still_refused(plan_a, officer_a):
    commune = plan_a.commune
    with commune_scope(commune):
        exported = xlsx.export_tasks(commune, Task.objects.filter(commune=commune))
        wb = load_workbook(io.BytesIO(exported.content))
        wb.active.cell(row=2, column=5).value = "Phòng Không Có"
        out = io.BytesIO()
        wb.save(out)
        out.seek(0)
        result = imports.run_import(commune, officer_a, "tasks", out)
    assert result["errors"][0]["column"] == "Đơn vị chủ trì"
    assert "Phòng Không Có" in result["errors"][0]["message"]


# --- activities ---------------------------------------------------------------------------------------------
ACTIVITY = st.fixed_dictionaries({
    "title": LINE, "day": DAY, "length": st.one_of(st.none(), st.integers(0, 30)),
    "unit": st.one_of(st.none(), st.integers(0, 5)), "kind": st.integers(0, 30),
    "topics": st.lists(st.integers(0, 2), max_size=3, unique=True), "channel": OPTIONAL_LINE,
    "audience": OPTIONAL_LINE, "quantity": st.one_of(st.none(), st.decimals(0, 10**6, places=2)),
    "quantity_unit": OPTIONAL_LINE, "reach": st.one_of(st.none(), st.integers(0, 10**6)), "place": OPTIONAL_LINE,
    "links": st.lists(st.sampled_from(["https://xa.gov.vn/a", "https://zalo.me/b?x=1", "http://c.vn/d"]),
                      max_size=2, unique=True),
    "is_public": st.booleans(),
})
# Reports already sent when the activities are recorded (unit index, quarter of 2025): an activity of that
# unit in that quarter is a late entry of it.
SENT = st.lists(st.tuples(st.integers(0, 5), st.sampled_from(["q1", "q2", "q3", "q4"])), max_size=4, unique=True)


def activity_state(commune):
    return [(a.pk, a.kind_id, a.title, a.date, a.date_end, a.unit_id, a.channel, a.audience, a.quantity,
             a.quantity_unit, a.reach, a.place, a.is_public, sorted(a.topics.values_list("pk", flat=True)),
             sorted(a.evidence.values_list("url", flat=True)), a.outside_plan_period, a.late_entry,
             a.recorded_after_cutoff_of_id)
            for a in Activity.objects.filter(commune=commune).order_by("pk")]


@PROPERTY
@given(specs=st.lists(ACTIVITY, min_size=1, max_size=6), sent=SENT)
def test_activities_come_back_unchanged(plan_a, officer_a, specs, sent):
    """Both marks included: activities outside the plan's period (recorded so on purpose) and late
    entries of a sent report come back as they were, and the file's "Có" answers ask nothing again."""
    from datetime import timedelta

    commune = plan_a.commune

    def check():
        Activity.objects.filter(commune=commune).delete()
        units = list(Unit.objects.filter(commune=commune).order_by("pk"))[:6]
        for unit_index, quarter in sent:
            Report.objects.create(commune=commune, unit=units[unit_index], year=2025, period_kind=quarter,
                                  status=ReportStatus.SUBMITTED, submitted_at=timezone.now())
        kinds = sorted(ensure_kinds(commune).values(), key=lambda k: k.pk)
        topics = list(PlanTopic.objects.filter(plan=plan_a).order_by("pk"))
        for position, spec in enumerate(specs, start=1):
            save_activity(
                commune, kind=kinds[spec["kind"] % len(kinds)], title=f"{spec['title']} {position}", day=spec["day"],
                day_end=spec["day"] + timedelta(days=spec["length"]) if spec["length"] is not None else None,
                unit=units[spec["unit"]] if spec["unit"] is not None else None, channel=spec["channel"],
                quantity=spec["quantity"], quantity_unit=spec["quantity_unit"], reach=spec["reach"],
                topics=[topics[i].pk for i in spec["topics"] if i < len(topics)], links=spec["links"],
                audience=spec["audience"], place=spec["place"], is_public=spec["is_public"], user=officer_a,
                outside_plan_period=True, confirm_late=True)  # the form's two answers, both "yes"
        assert_round_trip(commune, officer_a, "activities", len(specs))

    with commune_scope(commune):
        rolled_back(check)


def test_a_new_file_imported_twice_creates_once(plan_a, officer_a):
    """Rows without ids (typed into the template) are matched by their natural key the second time."""
    commune = plan_a.commune
    with commune_scope(commune):
        kind = next(iter(ensure_kinds(commune).values()))
        save_activity(commune, kind=kind, title="Phát thanh", day=date(2025, 8, 1), quantity=Decimal("15"),
                      user=officer_a)
        exported = xlsx.export_activities(commune, Activity.objects.filter(commune=commune))
        wb = load_workbook(io.BytesIO(exported.content))
        wb.active.cell(row=2, column=1).value = None  # as if typed: no id
        wb.active.cell(row=2, column=2).value = "01/08/2025"  # a date typed as text
        out = io.BytesIO()
        wb.save(out)
        for _ in range(2):
            out.seek(0)
            result = imports.run_import(commune, officer_a, "activities", out)
            assert result == {"created": 0, "updated": 0, "unchanged": 1, "rows": 1}
        assert Activity.objects.filter(commune=commune).count() == 1


def test_lists_sheet_has_vietnamese_headers(plan_a):
    with commune_scope(plan_a.commune):
        for document, sheet_name in ((xlsx.activity_template(plan_a.commune), "Danh mục"),
                                     (xlsx.task_template(plan_a.commune), "Danh mục")):
            wb = load_workbook(io.BytesIO(document.content))
            headers = [c.value for c in wb[sheet_name][1] if c.value]
            first = [c.value for c in wb.worksheets[0][1]]
            assert headers and set(headers) <= set(first), headers
    assert "Đơn vị" in headers or "Đơn vị chủ trì" in headers
