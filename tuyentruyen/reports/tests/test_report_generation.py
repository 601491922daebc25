"""A unit's and the commune's figures, counted from seeded activities and tasks."""

from datetime import date

import pytest
import time_machine

from tuyentruyen.conftest import unit_of
from tuyentruyen.reports import figures as fig
from tuyentruyen.reports.periods import Period

from . import factories as f

pytestmark = pytest.mark.django_db
Q1 = Period(2026, "q1")
TODAY = date(2026, 3, 25)


@pytest.fixture
def seeded(in_a):
    commune = in_a
    media, service = unit_of(commune, "media_center"), unit_of(commune, "service_center")
    _plan, topics = f.issued_plan(commune, topics=("Nghị quyết 76/NQ-CP", "Dịch vụ công trực tuyến", "Chỉ số SIPAS"))
    f.activity(commune, "banner", date(2026, 1, 10), unit=media, quantity=12, evidence_url="https://x.vn/anh1",
               topics=[topics[0]], title="Treo băng rôn", reach=None)
    f.activity(commune, "banner", date(2026, 2, 3), unit=media, quantity=3, topics=[topics[0]])
    f.activity(commune, "radio", date(2026, 2, 4), unit=media, quantity=45, channel="Đài truyền thanh xã",
               evidence_url="https://x.vn/radio", topics=[topics[1]], reach=1200, title="Phát thanh DVC")
    f.activity(commune, "conference", date(2026, 3, 1), unit=service, reach=80, channel="Hội trường")
    f.activity(commune, "leaflet", date(2026, 3, 2), unit=media, deleted=True)  # deleted: not counted
    f.activity(commune, "leaflet", date(2026, 4, 2), unit=media)  # next quarter: not counted
    f.task(commune, "Treo băng rôn", date(2026, 2, 28), unit=media, status="done", progress=100,
           completed_on=date(2026, 2, 20))
    f.task(commune, "Phóng sự", date(2026, 3, 10), unit=media, status="in_progress", progress=40,
           note="Chờ kinh phí")
    f.task(commune, "Tờ rơi", date(2026, 3, 30), unit=media)
    f.task(commune, "Hội nghị", date(2026, 3, 15), unit=service, status="cancelled")
    recurring = f.task(commune, "Bản tin hàng quý", None, unit=media, status="in_progress")
    f.occurrence(recurring, "Quý I/2026", date(2026, 1, 1), date(2026, 3, 31), status="done")
    f.occurrence(recurring, "Quý II/2026", date(2026, 4, 1), date(2026, 6, 30))
    return commune, media, service


def test_a_units_report_counts_its_activities_and_tasks(seeded):
    commune, media, _ = seeded
    figures = fig.unit_figures(commune, Q1, media, TODAY)
    assert figures["totals"] == {"activities": 3, "with_evidence": 2, "reach": 1200}
    kinds = {k["code"]: k for k in figures["by_kind"]}
    assert kinds["banner"]["count"] == 2 and kinds["banner"]["quantity"] == 15 and kinds["banner"]["unit"] == "chiếc"
    assert kinds["radio"]["quantity"] == 45 and kinds["radio"]["unit"] == "phút phát sóng"
    assert {c["name"]: c["count"] for c in figures["by_channel"]} == {"(không ghi kênh)": 2, "Đài truyền thanh xã": 1}
    topics = figures["topics"]
    assert [t["count"] for t in topics["covered"]] == [2, 1]
    assert [t["label"] for t in topics["not_covered"]] == ["3. Chỉ số SIPAS"]
    counts = figures["tasks"]["counts"]
    assert (counts["total"], counts["done"], counts["overdue"], counts["not_started"]) == (4, 2, 1, 1)
    overdue = [r for r in figures["tasks"]["rows"] if r["status"] == "overdue"]
    assert overdue == [{**overdue[0], "title": "Phóng sự", "reason": "Chờ kinh phí", "status_label": "Quá hạn"}]
    assert "Bản tin hàng quý (Quý I/2026)" in [r["title"] for r in figures["tasks"]["rows"]]
    notable = figures["notable"]
    assert [a["title"] for a in notable] == ["Phát thanh DVC", "Treo băng rôn"]
    assert notable[0]["evidence"] == [{"label": "https://x.vn/radio", "url": "https://x.vn/radio"}]
    assert figures["empty"] is False


def test_the_commune_report_adds_units_comparison_targets_and_score(seeded):
    commune, media, service = seeded
    figures = fig.commune_figures(commune, Q1, TODAY)
    assert figures["totals"]["activities"] == 4
    units = {u["unit"]: u for u in figures["units"]}
    assert units[media.name]["activities"] == 3 and units[media.name]["tasks_done"] == 2
    assert units[service.name]["activities"] == 1 and units[service.name]["report_status"] == "Chưa lập"
    assert figures["comparison"]["previous_label"] == "quý IV năm 2025"
    assert figures["comparison"]["rows"][0] == {"label": "Số hoạt động tuyên truyền", "current": 4, "previous": 0}
    assert figures["targets"] == {"planned": 4, "done": 2}
    # 2/4 done: completion 0; radio and banner with evidence: traditional 0.5; no online form
    assert figures["score"]["points"] == 0.5


def test_a_period_with_no_data_is_a_valid_report_that_says_so(in_a):
    figures = fig.unit_figures(in_a, Period(2026, "q2"), unit_of(in_a, "office"), date(2026, 6, 1))
    assert figures["empty"] is True
    assert figures["totals"] == {"activities": 0, "with_evidence": 0, "reach": 0}
    assert figures["by_kind"] == [] and figures["topics"]["covered"] == [] and figures["notable"] == []


@time_machine.travel("2026-03-25 09:00 +0700", tick=False)
def test_self_assessment_uses_the_default_scheme_unless_the_province_has_one(seeded):
    from tuyentruyen.reports.models import ScoringScheme

    commune, *_ = seeded
    assert fig.scheme_for(commune)["code"] == "par-index-xa"
    own = {"name": "Riêng", "criterion": "Tuyên truyền", "items": [
        {"code": "r", "label": "Truyền thanh", "rule": {"type": "has_activity_with_evidence", "kinds": ["radio"],
                                                         "points": 3}}]}
    ScoringScheme.objects.create(province=commune.province, year=2026, name="Riêng", definition=own)
    result = fig.self_assessment(commune, Q1.start, Q1.end, TODAY)
    assert (result.points, result.max_points) == (3, 3)
    assert result.items[0].evidence[0]["title"] == "Phát thanh DVC"
