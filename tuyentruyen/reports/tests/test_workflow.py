"""Draft → submitted → accepted, or returned with a comment; the snapshot kept at submission."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from tuyentruyen.conftest import client_for, unit_of
from tuyentruyen.reports import services
from tuyentruyen.reports.models import Report, ReportEvent, ReportStatus
from tuyentruyen.reports.periods import Period

from . import factories as f

pytestmark = pytest.mark.django_db
Q1 = Period(2026, "q1")


@pytest.fixture
def report(in_a):
    return services.get_or_create_report(in_a, Q1, unit_of(in_a, "media_center"))


def test_one_report_per_unit_and_period(in_a, report):
    media = unit_of(in_a, "media_center")
    assert services.get_or_create_report(in_a, Q1, media).pk == report.pk
    assert report.due == date(2026, 3, 8)
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(commune=in_a, unit=media, year=2026, period_kind="q1")
    commune_report = services.get_or_create_report(in_a, Q1)
    assert services.get_or_create_report(in_a, Q1).pk == commune_report.pk and commune_report.due == date(2026, 3, 20)
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(commune=in_a, unit=None, year=2026, period_kind="q1")


def test_submitting_twice_keeps_one_report_and_the_first_snapshot(in_a, report, staff_a):
    media = unit_of(in_a, "media_center")
    f.activity(in_a, "banner", date(2026, 1, 10), unit=media)
    sent = services.submit(report, user=staff_a, today=date(2026, 3, 5))
    assert sent.status == ReportStatus.SUBMITTED and sent.figures["totals"]["activities"] == 1
    f.activity(in_a, "banner", date(2026, 1, 11), unit=media)  # recorded after sending
    again = services.submit(report, user=staff_a)
    assert again.pk == report.pk and again.figures["totals"]["activities"] == 1
    assert Report.objects.filter(unit=media).count() == 1
    assert services.figures_of(again)["totals"]["activities"] == 1  # what was sent is what is kept
    assert ReportEvent.objects.filter(report=report, to_status=ReportStatus.SUBMITTED).count() == 1


def test_numbers_regenerate_until_submission(in_a, report):
    media = unit_of(in_a, "media_center")
    assert services.figures_of(report, date(2026, 3, 1))["totals"]["activities"] == 0
    f.activity(in_a, "radio", date(2026, 2, 1), unit=media)
    assert services.figures_of(report, date(2026, 3, 1))["totals"]["activities"] == 1


def test_editing_a_frozen_report_is_refused(report, staff_a):
    services.save_texts(report, results="Tốt", difficulties="", proposals="", user=staff_a)
    services.submit(report, user=staff_a)
    with pytest.raises(services.ReportFrozen, match="không sửa được"):
        services.save_texts(report, results="Sửa sau khi gửi", difficulties="", proposals="", user=staff_a)
    report.refresh_from_db()
    assert report.results == "Tốt"


def test_a_stale_edit_is_refused(report, staff_a):
    services.save_texts(report, results="A", difficulties="", proposals="", expected_version=1)
    with pytest.raises(services.EditConflict):
        services.save_texts(report, results="B", difficulties="", proposals="", expected_version=1)


def test_returned_report_keeps_its_history_and_can_be_sent_again(report, staff_a, officer_a):
    services.submit(report, user=staff_a)
    with pytest.raises(services.ReportError, match="lý do"):
        services.return_report(report, user=officer_a, comment="  ")
    services.return_report(report, user=officer_a, comment="Thiếu minh chứng hội nghị")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED and not report.is_frozen
    services.save_texts(report, results="Đã bổ sung", difficulties="", proposals="")
    services.submit(report, user=staff_a)
    services.accept(report, user=officer_a)
    steps = [(e.from_status, e.to_status, e.comment) for e in services.history(report)]
    assert steps == [("", "draft", ""), ("draft", "submitted", ""),
                     ("submitted", "returned", "Thiếu minh chứng hội nghị"),
                     ("returned", "submitted", ""), ("submitted", "accepted", "")]
    sent_events = ReportEvent.objects.filter(report=report, to_status="submitted")
    assert all(e.figures is not None for e in sent_events)


def test_only_sent_unit_reports_are_decided(in_a, report, officer_a):
    with pytest.raises(services.ReportError, match="Chỉ tiếp nhận"):
        services.accept(report, user=officer_a)
    commune_report = services.get_or_create_report(in_a, Q1)
    services.submit(commune_report, user=officer_a)
    with pytest.raises(services.ReportError, match="gửi lên tỉnh"):
        services.return_report(commune_report, user=officer_a, comment="x")


# --- through the pages ----------------------------------------------------------------------------------
def test_unit_staff_write_and_send_their_units_report(staff_a, commune_a):
    client = client_for(staff_a)
    response = client.post("/bao-cao/lap/", {"ky": "2026-q1", "don-vi": staff_a.unit_id})
    assert response.status_code == 302
    url = response["Location"]
    page = client.get(url)
    assert page.status_code == 200 and "Nội dung đơn vị viết" in page.content.decode()
    report = page.context["report"]
    client.post(url, {"results": "Đạt kế hoạch", "difficulties": "Thiếu loa", "proposals": "Cấp loa",
                      "version": report.version})
    assert client.post(f"{url}gui/").status_code == 302
    assert client.post(f"{url}gui/").status_code == 302  # a double click changes nothing
    assert client.post(url, {"results": "Sửa", "version": 99}).status_code == 403
    report.refresh_from_db()
    assert (report.status, report.results, report.difficulties) == ("submitted", "Đạt kế hoạch", "Thiếu loa")


def test_unit_staff_cannot_open_another_units_report(staff_a, other_staff_a, commune_a):
    from tuyentruyen.lib.tenancy import commune_scope

    with commune_scope(commune_a):
        other = services.get_or_create_report(commune_a, Q1, unit_of(commune_a, "service_center"))
        commune_report = services.get_or_create_report(commune_a, Q1)
    client = client_for(staff_a)
    assert client.get(f"/bao-cao/{other.pk}/").status_code == 403
    assert client.get(f"/bao-cao/{commune_report.pk}/").status_code == 403
    assert client.post("/bao-cao/lap/", {"ky": "2026-q1", "don-vi": other.unit_id}).status_code == 403
    assert client.post("/bao-cao/lap/", {"ky": "2026-q1"}).status_code == 403
    assert client.post(f"/bao-cao/{other.pk}/tiep-nhan/").status_code == 403
    listing = client.get("/bao-cao/?ky=2026-q1").content.decode()
    assert unit_of(commune_a, "service_center").name not in listing


def test_officer_returns_a_report_with_a_comment(staff_a, officer_a, commune_a):
    from tuyentruyen.lib.tenancy import commune_scope

    with commune_scope(commune_a):
        report = services.get_or_create_report(commune_a, Q1, unit_of(commune_a, "media_center"))
        services.submit(report, user=staff_a)
    client = client_for(officer_a)
    client.post(f"/bao-cao/{report.pk}/tra-lai/", {"comment": "Bổ sung số liệu loa"})
    page = client.get(f"/bao-cao/{report.pk}/").content.decode()
    assert "Bị trả lại" in page and "Bổ sung số liệu loa" in page


def test_bad_period_code_is_a_404(officer_a):
    assert client_for(officer_a).get("/bao-cao/?ky=2026-q9").status_code == 404
