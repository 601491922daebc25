"""Tasks made from an issued plan make sense: catalogue rows keep their timeframes, units' duties are
standing duties, owners matching no unit are mapped before issuing, and rows a later revision adds start
on the day it was issued."""

from datetime import date

import pytest

from tuyentruyen.conftest import unit_of
from tuyentruyen.localities.models import Unit
from tuyentruyen.plans.models import Plan
from tuyentruyen.plans.owners import ALL_UNITS
from tuyentruyen.plans.services import (
    IssueError,
    current_revision,
    save_document,
    set_owner_unit,
    start_new_revision,
    transition,
    unmapped_owners,
)
from tuyentruyen.work.models import Task

from .factories import issued_plan, plan_document, timeframe

pytestmark = pytest.mark.django_db

GROUP = "Các phòng chuyên môn, các cơ quan đơn vị có liên quan"


def _issue_new_revision(plan, user, document, issued_on):
    revision = start_new_revision(plan, user=user)
    revision = save_document(revision, document, expected_version=revision.version, user=user)
    for action in ("submit", "approve"):
        revision = transition(revision, action, user=user)
    return transition(revision, "issue", user=user, number=f"{issued_on.month:02d}/KH-UBND", issued_on=issued_on)


def test_a_row_added_by_a_november_revision_starts_in_november(scope_a, plan_a, officer_a):
    document = plan_document()
    document["tasks"] += [
        {"no": 4, "group": "Chính quyền số", "title": "Cập nhật tin bài về dịch vụ công trực tuyến",
         "lead": ["Trung tâm Dịch vụ sự nghiệp công"], "coordinating": [],
         "timeframe": timeframe("Hàng tháng", recurrence="monthly"), "deliverable": "Tin bài"},
        {"no": 5, "group": "Chính quyền số", "title": "Rà soát danh mục thủ tục trực tuyến",
         "lead": ["Văn phòng HĐND và UBND"], "coordinating": [],
         "timeframe": timeframe("Trước ngày 31/7/2025", due="2025-07-31"), "deliverable": None},
    ]
    _issue_new_revision(plan_a, officer_a, document, date(2025, 11, 10))
    monthly = Task.objects.get(plan=plan_a, recurrence="monthly")
    assert [(o.label, o.period_start) for o in monthly.occurrences.all()] == [
        ("Tháng 11/2025", date(2025, 11, 10)), ("Tháng 12/2025", date(2025, 12, 1))]
    assert monthly.current_due == date(2025, 11, 30)  # never "Quá hạn từ 31/07"
    passed = Task.objects.get(plan=plan_a, title="Rà soát danh mục thủ tục trực tuyến")
    assert passed.start == date(2025, 11, 10) and passed.due == date(2025, 12, 10)
    # rows of the first revision keep their dates
    assert Task.objects.get(plan=plan_a, recurrence="quarterly").occurrences.first().label == "Quý III/2025"


def test_an_owner_matching_no_unit_blocks_issuing_until_mapped(scope_a, officer_a):
    document = plan_document()
    document["responsibilities"].append({"unit": GROUP, "duties": ["Phối hợp tuyên truyền tại cơ quan"]})
    document["tasks"][1]["lead"] = ["Ban Chỉ huy Quân sự xã"]
    with pytest.raises(IssueError) as refused:
        issued_plan(scope_a, officer_a, document)
    assert GROUP in refused.value.errors["owners"] and "Ban Chỉ huy Quân sự xã" in refused.value.errors["owners"]
    assert not Task.objects.exists()
    revision = current_revision(Plan.objects.get())
    assert unmapped_owners(revision) == [GROUP, "Ban Chỉ huy Quân sự xã"]
    revision = set_owner_unit(revision, GROUP, ALL_UNITS)
    revision = set_owner_unit(revision, "Ban Chỉ huy Quân sự xã", unit_of(scope_a, "office").pk)
    assert unmapped_owners(revision) == []
    transition(revision, "issue", user=officer_a, number="09/KH-UBND", issued_on=date(2025, 7, 10))
    radio = Task.objects.get(title="Phát thanh chuyên mục CCHC")
    assert radio.lead_unit == unit_of(scope_a, "office")
    shared = Task.objects.filter(lead_name=GROUP, kind="standing_duty")
    assert sorted(shared.values_list("lead_unit", flat=True)) == sorted(
        Unit.objects.filter(commune=scope_a, active=True).values_list("pk", flat=True))
    assert all(task.duties == ["Phối hợp tuyên truyền tại cơ quan"] for task in shared)


def test_a_unit_not_of_the_commune_cannot_be_chosen(scope_a, officer_a, commune_b):
    from tuyentruyen.plans.services import PlanError, create_plan

    document = plan_document()
    document["responsibilities"].append({"unit": GROUP, "duties": ["Phối hợp"]})
    plan = create_plan(commune=scope_a, user=officer_a, document=document)
    with pytest.raises(PlanError, match="không thuộc xã"):
        set_owner_unit(current_revision(plan), GROUP, unit_of(commune_b, "office").pk)
    with pytest.raises(PlanError, match="không còn nhắc tới"):
        set_owner_unit(current_revision(plan), "Hội Cựu chiến binh", ALL_UNITS)


def test_a_revision_rewriting_a_units_duties_updates_its_standing_duties(scope_a, plan_a, officer_a):
    document = plan_document()
    document["responsibilities"][0]["duties"].append("Công khai kết quả khảo sát")
    _issue_new_revision(plan_a, officer_a, document, date(2025, 9, 1))
    standing = Task.objects.filter(plan=plan_a, kind="standing_duty")
    assert standing.count() == 1
    assert standing.get().duties[-1] == "Công khai kết quả khảo sát"
    assert standing.get().title == "Nhiệm vụ thường xuyên của Trung tâm Phục vụ hành chính công (3 nội dung)"


@pytest.mark.parametrize(("text", "recurrence", "start", "due", "first_period"), [
    ("Hàng quý", "quarterly", None, None, "Quý III/2025"),
    ("Tháng 9/2025", "none", date(2025, 9, 1), date(2025, 9, 30), None),
    ("Thường xuyên", "ongoing", None, None, "Quý III/2025"),
    ("Trước ngày 15/10/2025", "none", None, date(2025, 10, 15), None),
    ("Theo chỉ đạo của UBND xã", "none", None, None, None),  # waits for its trigger, no date
])
def test_catalogue_rows_keep_their_own_timeframes(scope_a, officer_a, text, recurrence, start, due, first_period):
    document = plan_document()
    # only the text is filled in, as in a document written by another tool: the dates come from reading it
    document["tasks"] = [{**document["tasks"][0], "timeframe": timeframe(text)}]
    plan = issued_plan(scope_a, officer_a, document)
    task = Task.objects.get(plan=plan, kind="task")
    assert (task.recurrence, task.start, task.due) == (recurrence, start, due)
    assert (task.occurrences.first().label if task.occurrences.exists() else None) == first_period
    assert task.timeframe_text == text
