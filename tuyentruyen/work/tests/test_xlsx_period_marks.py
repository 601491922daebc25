"""The two questions the activity form asks, answered in the sheet: "Ngoài kỳ kế hoạch" (a date outside the
plan's period on purpose) and "Ghi bổ sung kỳ đã báo cáo" (an entry into a period whose report was sent).
A row that needs an answer and has none is refused naming the column and the row; sheets made from the
template before these columns existed still import."""

import io
from datetime import date, datetime

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.localities.models import Unit
from tuyentruyen.reports.models import Report, ReportStatus
from tuyentruyen.work import imports, xlsx
from tuyentruyen.work.models import Activity

pytestmark = pytest.mark.django_db

UNIT = "Trung tâm Dịch vụ sự nghiệp công"
KIND = "Phát thanh trên đài truyền thanh"
OLD_COLUMNS = [c for c in xlsx.ACTIVITY_COLUMNS if not c.optional]  # the template before the two marks


def sheet(rows: list[dict], columns=xlsx.ACTIVITY_COLUMNS) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append([c.label for c in columns])
    for values in rows:
        full = {"date": datetime(2025, 8, 1), "unit": UNIT, "kind": KIND, "title": "Phát thanh CCHC",
                "is_public": "Không", **values}
        ws.append([full.get(c.key) for c in columns])
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def sent_report(commune, unit_name=UNIT, kind="q3", year=2025):
    return Report.objects.create(
        commune=commune, unit=Unit.objects.get(commune=commune, name=unit_name), year=year, period_kind=kind,
        status=ReportStatus.SUBMITTED, submitted_at=timezone.make_aware(datetime(2025, 9, 8, 9, 0)))


def run(commune, user, source):
    return imports.run_import(commune, user, "activities", source)


# (the row's cells, whether the Q3 report of the unit was sent, column refused or None, stored marks)
CASES = [
    ({"date": datetime(2025, 3, 1)}, False, "Ngoài kỳ kế hoạch", None),
    ({"date": datetime(2025, 3, 1), "outside_plan_period": "Không"}, False, "Ngoài kỳ kế hoạch", None),
    ({"date": datetime(2025, 3, 1), "outside_plan_period": "Có"}, False, None, (True, False)),
    ({"date": "01/03/2025", "outside_plan_period": "x"}, False, None, (True, False)),
    ({"date": datetime(2025, 8, 1), "outside_plan_period": "Có"}, False, None, (False, False)),  # inside anyway
    ({"date": datetime(2025, 9, 28)}, True, "Ghi bổ sung kỳ đã báo cáo", None),
    ({"date": datetime(2025, 9, 28), "late_entry": "Có"}, True, None, (False, True)),
    ({"date": datetime(2025, 9, 28), "late_entry": "Có"}, False, None, (False, False)),  # nothing was sent
    ({"date": datetime(2025, 10, 2)}, True, None, (False, False)),  # the next quarter: on time
    ({"date": datetime(2025, 9, 28), "late_entry": "Có lẽ"}, True, "Ghi bổ sung kỳ đã báo cáo", None),
]


@pytest.mark.parametrize(("cells", "sent", "refused", "stored"), CASES)
def test_the_marks_are_read_and_asked_for(plan_a, officer_a, cells, sent, refused, stored):
    commune = plan_a.commune
    with commune_scope(commune):
        report = sent_report(commune) if sent else None
        result = run(commune, officer_a, sheet([cells]))
        if refused:
            assert [(e["row"], e["column"]) for e in result["errors"]] == [(2, refused)]
            message = result["errors"][0]["message"]
            assert "đánh dấu" not in message  # the form's checkbox, which a sheet does not have
            if "lẽ" not in str(cells.get("late_entry")):
                assert f"cột “{refused}”" in message and "“Có”" in message
            assert not Activity.objects.filter(commune=commune).exists()
            return
        assert not result.get("errors"), result
        saved = Activity.objects.get(commune=commune)
        assert (saved.outside_plan_period, saved.late_entry) == stored
        assert saved.recorded_after_cutoff_of == (report if stored[1] else None)


def test_every_row_needing_an_answer_is_listed_at_once(plan_a, officer_a):
    commune = plan_a.commune
    with commune_scope(commune):
        report = sent_report(commune)
        result = run(commune, officer_a, sheet([
            {"date": datetime(2025, 10, 5), "title": "Đúng kỳ, chưa báo cáo"},
            {"date": datetime(2025, 3, 1), "title": "Ngoài kỳ"},
            {"date": datetime(2025, 9, 20), "title": "Kỳ đã báo cáo"},
            {"date": datetime(2025, 9, 21), "title": "Kỳ đã báo cáo, đã trả lời", "late_entry": "Có"},
        ]))
        assert [(e["row"], e["column"]) for e in result["errors"]] == [
            (3, "Ngoài kỳ kế hoạch"), (4, "Ghi bổ sung kỳ đã báo cáo")]
        assert report.period.label in result["errors"][1]["message"]
        assert "20/09/2025" in result["errors"][1]["message"]
        assert not Activity.objects.filter(commune=commune).exists()  # nothing written from a refused file


def test_an_old_template_without_the_columns_still_imports(plan_a, officer_a):
    commune = plan_a.commune
    with commune_scope(commune):
        result = run(commune, officer_a, sheet([{"title": "Mẫu cũ"}, {"title": "Mẫu cũ 2", "date": "15/08/2025"}],
                                               columns=OLD_COLUMNS))
        assert result == {"created": 2, "updated": 0, "unchanged": 0, "rows": 2}
        # A row that needs an answer says where to get the column
        refused = run(commune, officer_a, sheet([{"title": "Ngoài kỳ", "date": datetime(2025, 3, 1)}],
                                                columns=OLD_COLUMNS))
        error = refused["errors"][0]
        assert (error["row"], error["column"]) == (2, "Ngoài kỳ kế hoạch")
        assert "tải mẫu mới" in error["message"]


def test_a_sheet_with_only_one_of_the_columns_imports(plan_a, officer_a):
    commune = plan_a.commune
    columns = [c for c in xlsx.ACTIVITY_COLUMNS if c.key != "late_entry"]
    with commune_scope(commune):
        result = run(commune, officer_a, sheet([{"date": datetime(2025, 3, 1), "outside_plan_period": "Có"}],
                                               columns=columns))
        assert result["created"] == 1
        assert Activity.objects.get(commune=commune).outside_plan_period


def test_the_columns_must_still_be_in_the_templates_order(plan_a, officer_a):
    commune = plan_a.commune
    columns = [*OLD_COLUMNS[:3], xlsx.ACTIVITY_COLUMNS[-1], *OLD_COLUMNS[3:]]
    with commune_scope(commune), pytest.raises(xlsx.XlsxRefused, match="Các cột không đúng mẫu"):
        run(commune, officer_a, sheet([{}], columns=columns))


def test_a_report_sent_between_the_check_and_the_writing_is_named(plan_a, officer_a):
    """The service asks again when the row is written: its refusal names the column too."""
    commune = plan_a.commune
    with commune_scope(commune):
        parsed = xlsx.read_sheet(sheet([{"date": datetime(2025, 9, 28)}]), "activities")
        clean = xlsx.validate_activities(commune, officer_a, parsed)
        assert clean and not parsed.errors
        sent_report(commune)
        with pytest.raises(xlsx.ImportRowRefused) as refused:
            xlsx.import_activities(commune, officer_a, clean)
        error = refused.value.errors[0]
        assert (error.row, error.column) == (2, "Ghi bổ sung kỳ đã báo cáo")
        assert "cột “Ghi bổ sung kỳ đã báo cáo”" in error.message
        assert not Activity.objects.filter(commune=commune).exists()


def test_the_template_and_the_export_carry_the_marks(plan_a, officer_a):
    commune = plan_a.commune
    with commune_scope(commune):
        template = load_workbook(io.BytesIO(xlsx.activity_template(commune).content))
        header = [c.value for c in template.worksheets[0][1]]
        assert header[-2:] == ["Ngoài kỳ kế hoạch", "Ghi bổ sung kỳ đã báo cáo"]
        lists = [c.value for c in template["Danh mục"][1] if c.value]
        assert {"Ngoài kỳ kế hoạch", "Ghi bổ sung kỳ đã báo cáo"} <= set(lists)
        sent_report(commune)
        result = run(commune, officer_a, sheet([
            {"date": datetime(2025, 3, 1), "outside_plan_period": "Có", "title": "A"},
            {"date": datetime(2025, 9, 28), "late_entry": "Có", "title": "B"},
            {"date": date(2025, 10, 2), "title": "C"}]))
        assert result["created"] == 3, result
        exported = load_workbook(io.BytesIO(xlsx.export_activities(
            commune, Activity.objects.filter(commune=commune).order_by("title")).content)).worksheets[0]
        rows = [[c.value for c in r] for r in exported.iter_rows(min_row=2)]
        assert [(r[5], r[-2], r[-1]) for r in rows] == [("A", "Có", "Không"), ("B", "Không", "Có"),
                                                        ("C", "Không", "Không")]


def test_dates_in_the_future_are_listed_by_column(plan_a, officer_a):
    from datetime import timedelta

    today = timezone.localdate()
    commune = plan_a.commune
    with commune_scope(commune):
        result = run(commune, officer_a, sheet([
            {"date": today + timedelta(days=1), "title": "Ngày mai", "outside_plan_period": "Có"},
            {"date": today, "date_end": today + timedelta(days=3), "title": "Chưa xong", "outside_plan_period": "Có"},
            {"date": today, "title": "Hôm nay", "outside_plan_period": "Có"},
        ]))
        assert [(e["row"], e["column"]) for e in result["errors"]] == [(2, "Ngày"), (3, "Đến ngày")]
        assert "ở tương lai" in result["errors"][0]["message"]
        assert not Activity.objects.filter(commune=commune).exists()
