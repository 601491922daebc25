"""The read-only API: tokens, what each token reads, the OpenAPI document and the docs page."""

from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client

from tuyentruyen.api import api as api_module
from tuyentruyen.api.models import ApiRequest, ApiToken
from tuyentruyen.api.services import revoke_token
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.reports.models import Report, ReportStatus
from tuyentruyen.reports.periods import Period
from tuyentruyen.reports.services import get_or_create_report
from tuyentruyen.work.tests.factories import activity, issued_plan, plan_document

from .conftest import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


@pytest.fixture
def plan_a(commune_a, officer_a):
    with commune_scope(commune_a):
        return issued_plan(commune_a, officer_a, plan_document(title="Kế hoạch tuyên truyền của An Hòa"))


@pytest.fixture
def report_a(commune_a):
    with commune_scope(commune_a):
        report = get_or_create_report(commune_a, Period(2026, "q1"))
        Report.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED, figures={"activities": 3},
                                                   due=date(2026, 3, 25))
        return Report.objects.get(pk=report.pk)


def test_without_a_token_or_with_a_wrong_or_revoked_one_the_answer_is_401_in_vietnamese(province_token, system_admin):
    for client in (Client(), api_client("tt_khong-dung"), api_client("")):
        response = client.get("/api/v1/plans")
        assert response.status_code == 401
        assert response.json()["detail"] == api_module.UNAUTHORISED
    token, secret = province_token
    revoke_token(token, user=system_admin)
    assert api_client(secret).get("/api/v1/plans").status_code == 401


def test_a_province_token_reads_its_province_and_nothing_else(plan_a, report_a, province, province_token,
                                                              other_province_token):
    _, secret = province_token
    client = api_client(secret)
    plans = client.get("/api/v1/plans").json()
    assert [p["id"] for p in plans] == [plan_a.pk] and plans[0]["number"]
    document = client.get(f"/api/v1/plans/{plan_a.pk}").json()
    assert document["title"] == "Kế hoạch tuyên truyền của An Hòa" and "topics" in document
    reports = client.get("/api/v1/reports?period=2026-q1").json()
    assert reports[0]["figures"] == {"activities": 3} and reports[0]["status"] == "submitted"
    assert client.get(f"/api/v1/reports/{report_a.pk}").json()["id"] == report_a.pk

    _, other = other_province_token
    other_client = api_client(other)
    assert other_client.get("/api/v1/plans").json() == []
    assert other_client.get("/api/v1/reports").json() == []
    for url in (f"/api/v1/plans/{plan_a.pk}", f"/api/v1/reports/{report_a.pk}",
                f"/api/v1/provinces/{province.pk}/rollup?period=2026-q1"):
        response = other_client.get(url)
        assert response.status_code == 404 and response.json()["detail"] == api_module.NOT_FOUND


def test_a_draft_report_is_not_served(commune_a, national_token):
    with commune_scope(commune_a):
        draft = get_or_create_report(commune_a, Period(2026, "q2"))
    assert api_client(national_token[1]).get(f"/api/v1/reports/{draft.pk}").status_code == 404


def test_the_province_rollup_counts_each_commune(plan_a, report_a, commune_a, commune_b, province, national_token):
    with commune_scope(commune_a):
        activity(commune_a, date=date(2026, 2, 1), reach=120)
        activity(commune_a, date=date(2026, 5, 1), reach=50)  # another quarter
    response = api_client(national_token[1]).get(f"/api/v1/provinces/{province.pk}/rollup?period=2026-q1")
    assert response.status_code == 200
    body = response.json()
    rows = {row["commune_code"]: row for row in body["rows"]}
    assert rows[commune_a.pk]["activities"] == 1 and rows[commune_a.pk]["reach"] == 120
    assert rows[commune_a.pk]["report_status"] == "submitted"
    assert rows[commune_b.pk]["activities"] == 0 and rows[commune_b.pk]["report_status"] is None
    assert body["communes"] == 2 and body["reports_received"] == 1
    bad = api_client(national_token[1]).get(f"/api/v1/provinces/{province.pk}/rollup?period=2026-q9")
    assert bad.status_code == 422 and "không hợp lệ" in bad.json()["detail"]


def test_every_use_is_logged_and_writes_are_refused(plan_a, province_token):
    token, secret = province_token
    client = api_client(secret)
    client.get("/api/v1/plans")
    client.get("/api/v1/plans/999999")
    assert list(ApiRequest.objects.filter(token=token).values_list("path", "status").order_by("pk")) == [
        ("/api/v1/plans", 200), ("/api/v1/plans/999999", 404)]
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None
    response = client.post("/api/v1/plans", {})
    assert response.status_code == 403 and "chỉ cho phép đọc" in response.json()["detail"]


def test_the_token_is_rate_limited(province_token, monkeypatch):
    monkeypatch.setattr(api_module, "RATE_LIMITS", [("api-test", 3, 60)])
    client = api_client(province_token[1])
    assert [client.get("/api/v1/plans").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert "quá nhiều lần" in client.get("/api/v1/plans").json()["detail"]


def test_the_openapi_document_and_the_docs_page_need_no_cdn(db):
    schema = Client().get("/api/v1/openapi.json").json()
    assert {"/api/v1/plans", "/api/v1/plans/{plan_id}", "/api/v1/reports",
            "/api/v1/provinces/{province_code}/rollup"} <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    page = Client().get("/api/v1/docs")
    text = page.content.decode()
    assert page.status_code == 200 and "GET /api/v1/plans" in text and "Các kế hoạch đã ban hành" in text
    assert 'src="http' not in text and "swagger" not in text.lower()  # nothing loaded from elsewhere


def test_the_session_of_a_logged_in_user_does_not_open_the_api(officer_a, plan_a):
    from tuyentruyen.conftest import client_for

    assert client_for(officer_a).get("/api/v1/plans").status_code == 401
