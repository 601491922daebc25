"""The commune report's way up: officer → leader sign-off → province (receipt) → accepted or returned per
section → revised and resent (a new receipt); the history says who took each step."""

from datetime import date

import pytest
from django.core.files.storage import default_storage

from tuyentruyen.conftest import client_for
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.notifications.models import Notification
from tuyentruyen.reports import access, services, workflow
from tuyentruyen.reports.models import Report, ReportEvent, ReportReceipt, ReportStatus
from tuyentruyen.reports.periods import Period
from tuyentruyen.reports.reminders import report_deadline_reminders
from tuyentruyen.reports.services import ReportError

pytestmark = pytest.mark.django_db
Q1 = Period(2026, "q1")


@pytest.fixture
def commune_report(in_a):
    return services.get_or_create_report(in_a, Q1)


def _post(user, url, data=None):
    return client_for(user).post(url, data or {})


def test_the_officer_asks_for_signoff_and_the_figures_freeze(commune_report, officer_a, leader_a):
    services.save_texts(commune_report, results="Đạt", difficulties="", proposals="")
    response = _post(officer_a, f"/bao-cao/{commune_report.pk}/gui/")
    assert response.status_code == 302
    commune_report.refresh_from_db()
    assert commune_report.status == ReportStatus.AWAITING_SIGNOFF and commune_report.figures is not None
    assert commune_report.submitted_at is None  # not sent to the province yet
    assert list(access.awaiting_signoff(leader_a)) == [commune_report]
    assert list(access.awaiting_signoff(officer_a)) == []
    assert Notification.personal.filter(user=leader_a, kind="report_signoff").count() == 1
    # nobody edits it while it waits
    with pytest.raises(services.ReportFrozen):
        services.save_texts(commune_report, results="Khác", difficulties="", proposals="")


def test_the_leader_returns_with_a_comment_or_approves_and_a_receipt_is_kept(commune_report, officer_a, leader_a):
    workflow.request_signoff(commune_report, user=officer_a)
    assert _post(leader_a, f"/bao-cao/{commune_report.pk}/lanh-dao-tra-lai/", {"comment": ""}).status_code == 302
    commune_report.refresh_from_db()
    assert commune_report.status == ReportStatus.AWAITING_SIGNOFF  # a return without a comment is refused
    _post(leader_a, f"/bao-cao/{commune_report.pk}/lanh-dao-tra-lai/", {"comment": "Bổ sung số liệu tháng 3"})
    commune_report.refresh_from_db()
    assert commune_report.status == ReportStatus.RETURNED
    event = ReportEvent.objects.filter(report=commune_report).last()
    assert (event.by, event.comment, event.user) == ("leader", "Bổ sung số liệu tháng 3", leader_a)

    workflow.request_signoff(commune_report, user=officer_a)
    # the officer cannot sign off in the leader's place
    assert _post(officer_a, f"/bao-cao/{commune_report.pk}/duyet/").status_code == 403
    assert _post(leader_a, f"/bao-cao/{commune_report.pk}/duyet/").status_code == 302
    commune_report.refresh_from_db()
    assert commune_report.status == ReportStatus.SUBMITTED and commune_report.submitted_at is not None
    receipt = ReportReceipt.objects.get(report=commune_report)
    assert (receipt.version, receipt.sent_by) == (1, leader_a)
    assert receipt.figures == commune_report.figures
    assert default_storage.exists(receipt.document.name)
    with default_storage.open(receipt.document.name, "rb") as handle:
        assert handle.read(2) == b"PK"  # a DOCX
    # approving twice makes no second receipt
    workflow.approve_and_send(commune_report, user=leader_a)
    assert ReportReceipt.objects.filter(report=commune_report).count() == 1


def _sent(commune_report, officer_a, leader_a):
    workflow.request_signoff(commune_report, user=officer_a)
    return workflow.approve_and_send(commune_report, user=leader_a)


def test_the_province_reads_returns_per_section_and_accepts_the_resent_report(
        commune_report, officer_a, leader_a, province_officer, viewer_province):
    services.save_texts(commune_report, results="Kết quả lần đầu", difficulties="", proposals="")
    _sent(commune_report, officer_a, leader_a)
    inbox = client_for(province_officer).get("/tinh/bao-cao/")
    assert inbox.status_code == 200 and "Chờ tiếp nhận" in inbox.text and commune_report.commune.name in inbox.text
    page = client_for(province_officer).get(f"/tinh/bao-cao/{commune_report.pk}/")
    assert page.status_code == 200 and "Kết quả lần đầu" in page.text and "Tiếp nhận báo cáo" in page.text
    first = ReportReceipt.objects.get(report=commune_report)
    download = client_for(province_officer).get(f"/bao-cao/{commune_report.pk}/lan-gui/{first.pk}/tai-ve.docx")
    assert download.status_code == 200 and b"".join(download.streaming_content)[:2] == b"PK"
    sheet = client_for(viewer_province).get(f"/tinh/bao-cao/{commune_report.pk}/tai-ve.xlsx")
    assert sheet.status_code == 200 and sheet.content[:2] == b"PK"
    # the viewer reads but neither decides nor sees the buttons
    viewer_page = client_for(viewer_province).get(f"/tinh/bao-cao/{commune_report.pk}/")
    assert viewer_page.status_code == 200 and "Tiếp nhận báo cáo" not in viewer_page.text
    assert _post(viewer_province, f"/tinh/bao-cao/{commune_report.pk}/tiep-nhan/").status_code == 403

    # a return needs a comment on at least one section
    _post(province_officer, f"/tinh/bao-cao/{commune_report.pk}/tra-lai/", {"section-results": " "})
    commune_report.refresh_from_db()
    assert commune_report.status == ReportStatus.SUBMITTED
    _post(province_officer, f"/tinh/bao-cao/{commune_report.pk}/tra-lai/",
          {"section-results": "Nêu rõ số hội nghị", "section-figures": "Thiếu lượt người"})
    commune_report.refresh_from_db()
    assert commune_report.status == ReportStatus.RETURNED
    with commune_scope(commune_report.commune):
        own = client_for(officer_a).get(f"/bao-cao/{commune_report.pk}/")
    assert "Nêu rõ số hội nghị" in own.text and "Thiếu lượt người" in own.text and "Tỉnh đã trả lại" in own.text

    services.save_texts(commune_report, results="Kết quả đã sửa", difficulties="", proposals="")
    second = _sent(commune_report, officer_a, leader_a)
    assert second.version == 2 and second.texts["results"] == "Kết quả đã sửa"
    assert _post(province_officer, f"/tinh/bao-cao/{commune_report.pk}/tiep-nhan/").status_code == 302
    commune_report.refresh_from_db()
    assert commune_report.status == ReportStatus.ACCEPTED
    steps = [(e.from_status, e.to_status, e.by) for e in services.history(commune_report)]
    assert steps == [("", "draft", ""), ("draft", "signoff", "commune"), ("signoff", "submitted", "leader"),
                     ("submitted", "returned", "province"), ("returned", "signoff", "commune"),
                     ("signoff", "submitted", "leader"), ("submitted", "accepted", "province")]
    # the first sending's document is still there, as it was
    assert client_for(province_officer).get(f"/bao-cao/{commune_report.pk}/lan-gui/{first.pk}/tai-ve.docx").status_code == 200


def test_other_provinces_and_unsent_reports_are_not_found(commune_report, officer_a, leader_a, province_officer,
                                                         officer_other_province, viewer_other_province):
    assert client_for(province_officer).get(f"/tinh/bao-cao/{commune_report.pk}/").status_code == 404  # a draft
    receipt = _sent(commune_report, officer_a, leader_a)
    for user in (officer_other_province, viewer_other_province):
        assert client_for(user).get(f"/tinh/bao-cao/{commune_report.pk}/").status_code == 404
        assert client_for(user).get(f"/bao-cao/{commune_report.pk}/lan-gui/{receipt.pk}/tai-ve.docx").status_code == 404
        assert commune_report.commune.name not in client_for(user).get("/tinh/bao-cao/").text
        assert client_for(user).get(f"/tinh/bao-cao/{commune_report.pk}/tai-ve.xlsx").status_code == 404
    assert _post(officer_other_province, f"/tinh/bao-cao/{commune_report.pk}/tiep-nhan/").status_code == 404
    # commune staff do not reach the province's pages
    assert client_for(officer_a).get("/tinh/bao-cao/").status_code == 403


def test_unit_reports_still_go_to_the_commune(in_a, staff_a):
    from tuyentruyen.conftest import unit_of

    report = services.get_or_create_report(in_a, Q1, unit_of(in_a, "media_center"))
    services.submit(report, user=staff_a)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and not report.receipts.exists()
    with pytest.raises(ReportError):
        workflow.request_signoff(report, user=staff_a)


def test_reminders_for_the_leader_the_late_commune_and_the_province(commune_report, officer_a, leader_a,
                                                                    province_officer):
    commune = commune_report.commune
    commune.onboarded_at = commune.onboarded_at.replace(year=2026, month=1, day=1)
    commune.save(update_fields=["onboarded_at"])
    # late: reminded every day, not only the day after the deadline (20/03)
    for day in (date(2026, 3, 25), date(2026, 4, 10)):
        keys = [r.key for r in report_deadline_reminders(commune, day) if r.user == officer_a]
        assert "report:2026-q1:commune:due" in keys
    workflow.request_signoff(commune_report, user=officer_a)
    reminders = report_deadline_reminders(commune, date(2026, 3, 25))
    # the leader is chased for the sign-off (the units' lateness reaches leaders too after a few days)
    assert [r.key for r in reminders if r.user == leader_a and ":units:" not in r.key] == [
        f"report:{commune_report.pk}:signoff"]
    assert not [r for r in reminders if r.user == officer_a and r.key == "report:2026-q1:commune:due"]
    workflow.approve_and_send(commune_report, user=leader_a)
    reminders = report_deadline_reminders(commune, date(2026, 3, 26))
    assert [r.key for r in reminders if r.user == province_officer] == [f"report:{commune_report.pk}:review"]
    assert not [r for r in reminders if r.user == officer_a and r.key == "report:2026-q1:commune:due"]
    workflow.province_accept(commune_report, user=province_officer)
    assert not [r for r in report_deadline_reminders(commune, date(2026, 3, 27)) if r.user == province_officer]


def test_an_unknown_section_is_refused(commune_report, officer_a, leader_a, province_officer):
    _sent(commune_report, officer_a, leader_a)
    with pytest.raises(ReportError):
        workflow.province_return(commune_report, user=province_officer, sections={"budget": "x"})
    assert Report.objects.get(pk=commune_report.pk).status == ReportStatus.SUBMITTED


def test_the_inbox_reads_in_a_fixed_number_of_queries(commune_report, commune_b, officer_a, leader_a, officer_b,
                                                       province_officer, django_assert_max_num_queries):
    _sent(commune_report, officer_a, leader_a)
    client = client_for(province_officer)
    client.get("/tinh/bao-cao/?ky=2026-q1")  # warm the session and caches
    with django_assert_max_num_queries(12) as one:
        assert client.get("/tinh/bao-cao/?ky=2026-q1").status_code == 200
    with commune_scope(commune_b):
        other = services.get_or_create_report(commune_b, Q1)
        _sent(other, officer_b, officer_b)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get("/tinh/bao-cao/?ky=2026-q1")
    assert commune_b.name in page.text
