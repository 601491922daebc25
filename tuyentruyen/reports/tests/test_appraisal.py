"""The province's scheme by year, the commune's self-score with evidence, the province's appraisal, the
commune's one answer, the score functions other pages read, and the streamed evidence package."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tuyentruyen.conftest import client_for
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.reports import appraisal
from tuyentruyen.reports.models import Appraisal, AppraisalItem, AppraisalStatus, ScoringScheme
from tuyentruyen.tests.sample_files import pdf_bytes

pytestmark = pytest.mark.django_db
PDF = pdf_bytes()


def _scheme(province, province_officer):
    response = client_for(province_officer).post("/tinh/bo-tieu-chi/tao/", {"nam": "2026"})
    assert response.status_code == 302
    return ScoringScheme.objects.get(province=province, year=2026)


def test_the_province_copies_the_default_and_edits_a_criterion(province, province_officer, viewer_province,
                                                              officer_other_province):
    scheme = _scheme(province, province_officer)
    assert scheme.definition["items"][0]["code"] == "completion" and "2026" in scheme.name
    client = client_for(province_officer)
    client.post(f"/tinh/bo-tieu-chi/{scheme.pk}/tieu-chi/", {
        "action": "add", "parent": "", "label": "Công khai kết quả giải quyết hồ sơ", "max_points": "1",
        "rule_type": "manual", "evidence": "Ảnh chụp bảng công khai"})
    scheme.refresh_from_db()
    assert scheme.definition["items"][-1]["label"] == "Công khai kết quả giải quyết hồ sơ"
    # a bad value is refused with a reason, nothing changed
    before = scheme.definition
    page = client.post(f"/tinh/bo-tieu-chi/{scheme.pk}/tieu-chi/", {
        "action": "edit", "code": "completion", "label": "Hoàn thành", "max_points": "nhiều"}, follow=True)
    assert "phải là một số" in page.text
    scheme.refresh_from_db()
    assert scheme.definition == before
    # a second scheme of the same year is refused
    again = client.post("/tinh/bo-tieu-chi/tao/", {"nam": "2026"}, follow=True)
    assert "đã có bộ tiêu chí năm 2026" in again.text
    # the viewer reads and cannot write; another province does not see it
    assert client_for(viewer_province).get(f"/tinh/bo-tieu-chi/{scheme.pk}/").status_code == 200
    assert client_for(viewer_province).post(f"/tinh/bo-tieu-chi/{scheme.pk}/tieu-chi/",
                                            {"action": "remove", "code": "completion"}).status_code == 403
    assert client_for(officer_other_province).get(f"/tinh/bo-tieu-chi/{scheme.pk}/").status_code == 404
    assert client_for(officer_other_province).post(f"/tinh/bo-tieu-chi/{scheme.pk}/tieu-chi/", {
        "action": "remove", "code": "completion"}).status_code == 404


def _self_score(commune_a, officer_a):
    with commune_scope(commune_a):
        response = client_for(officer_a).post("/bao-cao/chi-so-cchc/", {"nam": "2026"})
        assert response.status_code == 302
        return Appraisal.objects.get(commune=commune_a, year=2026)


def test_the_whole_appraisal(province, commune_a, commune_b, officer_a, province_officer, officer_other_province):
    scheme = _scheme(province, province_officer)
    appraisal.add_scheme_item(scheme, "", {"label": "Công khai kết quả", "max_points": "1", "rule_type": "manual",
                                           "evidence": "Ảnh"}, user=province_officer)
    row = _self_score(commune_a, officer_a)
    with commune_scope(commune_a):
        items = list(AppraisalItem.objects.filter(appraisal=row).order_by("position"))
        assert [i.number for i in items] == ["1", "2.1.1", "2.1.2", "2.2", "3"]
        manual = items[-1]
        client = client_for(officer_a)
        response = client.post(f"/bao-cao/chi-so-cchc/{row.pk}/tieu-chi/{manual.pk}/", {
            "points": "1", "note": "Đã công khai tại bộ phận một cửa",
            "files": [SimpleUploadedFile("bang-cong-khai.pdf", PDF, content_type="application/pdf")]})
        assert response.status_code == 302
        manual.refresh_from_db()
        assert manual.self_points == 1 and manual.evidence.count() == 1
        # points above the maximum are refused with a reason, nothing saved
        page = client.post(f"/bao-cao/chi-so-cchc/{row.pk}/tieu-chi/{manual.pk}/", {"points": "7"}, follow=True)
        assert "phải từ 0 đến 1" in page.text
        manual.refresh_from_db()
        assert manual.self_points == 1
        # the province does not see a draft
        assert client_for(province_officer).get(f"/tinh/tham-dinh/{row.pk}/").status_code == 404
        client.post(f"/bao-cao/chi-so-cchc/{row.pk}/gui/")
    row.refresh_from_db()
    assert row.status == AppraisalStatus.SUBMITTED
    assert appraisal.self_scores([commune_a.pk, commune_b.pk], 2026) == {commune_a.pk: row.self_total,
                                                                          commune_b.pk: None}
    assert appraisal.appraised_scores([commune_a.pk], 2026) == {commune_a.pk: None}

    officer = client_for(province_officer)
    assert commune_a.name in officer.get("/tinh/tham-dinh/?nam=2026").text
    assert client_for(officer_other_province).get(f"/tinh/tham-dinh/{row.pk}/").status_code == 404
    # completing before every criterion is decided is refused
    assert "chưa thẩm định" in officer.post(f"/tinh/tham-dinh/{row.pk}/hoan-tat/", follow=True).text
    for item in items[:-1]:
        officer.post(f"/tinh/tham-dinh/{row.pk}/tieu-chi/{item.pk}/", {"decision": "accepted"})
    refused = officer.post(f"/tinh/tham-dinh/{row.pk}/tieu-chi/{manual.pk}/",
                           {"decision": "adjusted", "points": "0,5"}, follow=True)
    assert "lý do điều chỉnh" in refused.text
    officer.post(f"/tinh/tham-dinh/{row.pk}/tieu-chi/{manual.pk}/",
                 {"decision": "adjusted", "points": "0,5", "reason": "Ảnh chưa thể hiện ngày công khai"})
    officer.post(f"/tinh/tham-dinh/{row.pk}/hoan-tat/")
    row.refresh_from_db()
    assert row.status == AppraisalStatus.APPRAISED
    assert row.appraised_total == round(row.self_total - 0.5, 2)
    assert appraisal.appraised_scores([commune_a.pk], 2026) == {commune_a.pk: row.appraised_total}

    with commune_scope(commune_a):
        page = client_for(officer_a).get(f"/bao-cao/chi-so-cchc/{row.pk}/")
        assert "Ảnh chưa thể hiện ngày công khai" in page.text
        client_for(officer_a).post(f"/bao-cao/chi-so-cchc/{row.pk}/phan-hoi/", {"answer": "Xã xin bổ sung ảnh."})
        again = client_for(officer_a).post(f"/bao-cao/chi-so-cchc/{row.pk}/phan-hoi/", {"answer": "Lần hai"},
                                           follow=True)
        assert "chỉ phản hồi một lần" in again.text
    row.refresh_from_db()
    assert (row.status, row.answer) == (AppraisalStatus.ANSWERED, "Xã xin bổ sung ảnh.")

    download = officer.get(f"/bao-cao/chi-so-cchc/{row.pk}/ho-so-minh-chung.zip")
    assert download.status_code == 200 and download.streaming
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = archive.namelist()
    assert "3 Công khai kết quả/bang-cong-khai.pdf" in names
    assert archive.read("3 Công khai kết quả/bang-cong-khai.pdf") == PDF
    assert "1 Mức độ hoàn thành kế hoạch tuyên truyền CCHC/" in names
    index = archive.read("MUC-LUC.txt").decode("utf-8-sig")
    assert "Lý do điều chỉnh: Ảnh chưa thể hiện ngày công khai" in index and "Xã xin bổ sung ảnh." in index
    assert client_for(officer_other_province).get(f"/bao-cao/chi-so-cchc/{row.pk}/ho-so-minh-chung.zip"
                                                  ).status_code == 404


def test_a_later_scheme_change_does_not_move_a_started_self_score(province, commune_a, officer_a, province_officer):
    scheme = _scheme(province, province_officer)
    row = _self_score(commune_a, officer_a)
    appraisal.remove_scheme_item(scheme, "completion", user=province_officer)
    with commune_scope(commune_a):
        assert AppraisalItem.objects.filter(appraisal=row, code="completion").exists()
    assert row.scheme["items"][0]["code"] == "completion"


def test_province_pages_need_no_inline_code(province, commune_a, officer_a, leader_a, province_officer):
    from tuyentruyen.reports import workflow
    from tuyentruyen.reports.periods import Period
    from tuyentruyen.reports.services import get_or_create_report
    from tuyentruyen.tests.test_security_headers import assert_headers, inline_code

    scheme = _scheme(province, province_officer)
    row = _self_score(commune_a, officer_a)
    with commune_scope(commune_a):
        appraisal.submit_self_score(row, user=officer_a)
        report = get_or_create_report(commune_a, Period(2026, "q1"))
        workflow.request_signoff(report, user=officer_a)
        workflow.approve_and_send(report, user=leader_a)
    client = client_for(province_officer)
    for path in ("/tinh/bao-cao/", "/tinh/bao-cao/?ky=2026-q1&trang-thai=submitted", f"/tinh/bao-cao/{report.pk}/",
                 "/tinh/bo-tieu-chi/", f"/tinh/bo-tieu-chi/{scheme.pk}/", "/tinh/tham-dinh/",
                 f"/tinh/tham-dinh/{row.pk}/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_headers(response, staff=True)
        assert inline_code(response.content.decode()) == [], path
    with commune_scope(commune_a):
        page = client_for(officer_a).get(f"/bao-cao/chi-so-cchc/{row.pk}/")
    assert page.status_code == 200 and inline_code(page.content.decode()) == []
