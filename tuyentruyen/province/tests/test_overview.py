import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tuyentruyen.conftest import SECRET_B, client_for, make_commune
from tuyentruyen.lib.tenancy import commune_scope, communes_scope
from tuyentruyen.province import rollup

from .conftest import PERIOD, TODAY

pytestmark = pytest.mark.django_db


def rows_by_name(province):
    codes = list(province.communes.values_list("code", flat=True))
    with communes_scope(codes):
        return {r["short_name"]: r for r in rollup.overview_rows(province, PERIOD, TODAY)}


def test_every_column_is_computed(world, province, commune_a, commune_b):
    rows = rows_by_name(province)
    a, b = rows["An Hòa"], rows[commune_b.name]
    assert a["activities"] == 3 and a["reach"] == 300 and b["activities"] == 1
    assert (a["topics"], a["topics_covered"]) == (2, 1) and b["topics"] == 0
    assert (a["tasks_done"], a["tasks_overdue"]) == (1, 1)
    assert a["plan"]["issued"] and not b["plan"]["issued"]
    assert a["report_state"] == rollup.ON_TIME and not a["late"]
    assert b["report_state"] == rollup.LATE and b["late"]
    assert a["self_score"] == world["a"].figures["score"]["points"]
    assert a["appraised_score"] is None  # no appraisal module in this branch yet
    assert a["last_activity"].isoformat() == "2026-02-17"


def test_a_commune_without_a_report_is_missing_once_the_deadline_passed(province, commune_a):
    row = rows_by_name(province)["An Hòa"]
    assert row["report_state"] == rollup.MISSING and row["late"] and row["self_score"] is None


def test_the_number_of_queries_does_not_grow_with_communes(world, province):
    with CaptureQueriesContext(connection) as two:
        rows_by_name(province)
    for code in range(90010, 90014):
        make_commune(province, code, f"Xã Thêm {code}")
    with CaptureQueriesContext(connection) as six:
        assert len(rows_by_name(province)) == 6
    assert len(six.captured_queries) == len(two.captured_queries)


def test_the_province_officer_sees_every_commune(world, province_officer, commune_a, commune_b):
    page = client_for(province_officer).get(f"/tinh/tong-quan/?ky={PERIOD.code}").content.decode()
    assert commune_a.name in page and SECRET_B in page and "Gửi trễ hạn" in page and "Xếp hạng thi đua" in page


def test_search_filter_and_export(world, province_officer, commune_a, commune_b):
    client = client_for(province_officer)
    page = client.get(f"/tinh/tong-quan/?ky={PERIOD.code}&q=an+hoa").content.decode()
    assert commune_a.name in page and SECRET_B not in page.split("id=\"thi-dua\"")[0]
    late = client.get(f"/tinh/tong-quan/?ky={PERIOD.code}&loc=tre-han").content.decode().split("id=\"thi-dua\"")[0]
    assert SECRET_B in late and ">Xã An Hòa<" not in late
    response = client.get(f"/tinh/tong-quan/tai-ve.xlsx?ky={PERIOD.code}&loc=tre-han")
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [r[1] for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert names == [commune_b.full_name]


def test_other_provinces_and_communes_are_refused(world, officer_other_province, officer_a, commune_a):
    other = client_for(officer_other_province).get(f"/tinh/tong-quan/?ky={PERIOD.code}").content.decode()
    assert commune_a.name not in other
    assert client_for(officer_other_province).get(f"/tinh/tong-quan/xa/{commune_a.pk}/").status_code == 404
    for url in ("/tinh/tong-quan/", f"/tinh/tong-quan/xa/{commune_a.pk}/", "/tinh/bao-cao-tong-hop/",
                "/tinh/tong-quan/tai-ve.xlsx", "/tinh/bao-cao-tong-hop/tai-ve.docx"):
        assert client_for(officer_a).get(url).status_code == 403


def test_drill_down_shows_the_commune_read_only(world, viewer_province, commune_a):
    page = client_for(viewer_province).get(f"/tinh/tong-quan/xa/{commune_a.pk}/?ky={PERIOD.code}").content.decode()
    assert "Xã An Hòa" in page and "Kế hoạch tuyên truyền CCHC năm 2026" in page and "In tờ rơi" in page
    main = page.split("<main", 1)[1]
    assert "Chỉ xem" in main and 'method="post"' not in main


def test_drill_down_opens_the_communes_plans_reports_and_evidence(world, province_officer, officer_other_province,
                                                                 commune_a):
    """From the drill-down the province follows the commune's own pages, read-only: a plan, a report sent to
    it, a file of evidence; another province follows none of them."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tuyentruyen.tests.sample_files import pdf_bytes
    from tuyentruyen.work import services as work_services
    from tuyentruyen.work.models import Activity

    with commune_scope(commune_a):
        act = Activity.objects.filter(commune=commune_a).first()
        [stored] = work_services.add_evidence_files(commune_a, [SimpleUploadedFile("bien-ban.pdf", pdf_bytes())],
                                                    activity=act)
    client = client_for(province_officer)
    page = client.get(f"/tinh/tong-quan/xa/{commune_a.pk}/?ky={PERIOD.code}").content.decode()
    links = set(re.findall(r'href="([^"]+)"', page))
    plan_urls = [u for u in links if re.fullmatch(r"/ke-hoach/\d+/", u)]
    report_urls = [u for u in links if u.startswith(f"/tinh/bao-cao/{world['a'].pk}/")]
    evidence_urls = [u for u in links if f"/{stored.pk}/" in u and "minh-chung" in u]
    assert plan_urls and report_urls and evidence_urls, links
    for url in plan_urls[:1] + report_urls + evidence_urls:
        assert client.get(url).status_code == 200, url
    other = client_for(officer_other_province)
    for url in plan_urls[:1] + report_urls + evidence_urls:
        assert other.get(url).status_code in (403, 404), url
    # read-only: the plan's page offers the province no editing
    plan_page = client.get(plan_urls[0]).content.decode()
    assert "/sua/" not in plan_page
