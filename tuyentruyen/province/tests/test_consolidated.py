import io

import pytest
from docx import Document
from openpyxl import load_workbook

from tuyentruyen.conftest import SECRET_B, client_for
from tuyentruyen.lib.tenancy import communes_scope
from tuyentruyen.province.consolidated import consolidated_figures

from .conftest import PERIOD, TODAY

pytestmark = pytest.mark.django_db


def figures_of(province):
    with communes_scope(province.communes.values_list("code", flat=True)):
        return consolidated_figures(province, PERIOD, TODAY)


def test_only_accepted_reports_are_added_up(world, province, commune_b):
    figures = figures_of(province)
    assert (figures["communes"], figures["accepted"], figures["not_accepted"]) == (2, 1, 1)
    assert figures["totals"]["activities"] == 3 and figures["totals"]["reach"] == 300
    # commune B sent 1 activity: shown apart, not in the total
    assert figures["not_accepted_totals"] == {"activities": 1, "reach": 40, "tasks_done": 0, "tasks_overdue": 0,
                                              "communes": 1}
    assert [r["name"] for r in figures["not_accepted_rows"]] == [commune_b.full_name]
    assert figures["by_kind"][0]["count"] == 3 and figures["by_channel"][0]["name"] == "Loa truyền thanh"
    assert figures["topics"][0]["communes"] == 1


def test_a_row_per_commune_with_timeliness_and_scores(world, province):
    rows = {r["code"]: r for r in figures_of(province)["rows"]}
    a, b = rows[world["a"].commune_id], rows[world["b"].commune_id]
    assert a["accepted"] and a["on_time"] is True and a["tasks_done"] == 1 and a["tasks_overdue"] == 1
    assert not b["accepted"] and b["on_time"] is False and b["status_label"] == "Đã gửi"
    assert a["self_score"] == world["a"].figures["score"]["points"]


def test_a_draft_has_no_figures_and_a_stored_oddity_breaks_nothing(world, province):
    world["b"].figures = {"totals": "n/a", "by_kind": [1, "x"], "tasks": None}
    world["b"].status = "draft"
    world["b"].save()
    row = next(r for r in figures_of(province)["rows"] if r["code"] == world["b"].commune_id)
    assert row["activities"] is None and row["status_label"] == "Đang soạn"


def test_docx_in_the_official_layout(world, province_officer):
    response = client_for(province_officer).get(f"/tinh/bao-cao-tong-hop/tai-ve.docx?ky={PERIOD.code}")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells)
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM", "SỞ NỘI VỤ",
                     "BC-SNV", "BÁO CÁO", "Nơi nhận", "Bộ Nội vụ", "PHÓ GIÁM ĐỐC",
                     "chưa tiếp nhận, không cộng", SECRET_B):
        assert expected in text, expected


def test_xlsx_has_one_row_per_commune(world, province_officer, commune_a, commune_b):
    response = client_for(province_officer).get(f"/tinh/bao-cao-tong-hop/tai-ve.xlsx?ky={PERIOD.code}")
    sheet = load_workbook(io.BytesIO(response.content))["Các xã"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [r[1] for r in rows] == [commune_a.full_name, commune_b.full_name]
    assert rows[0][4] == 3 and "không cộng" in rows[1][2]


def test_the_page_shows_pending_communes_apart(world, viewer_province):
    page = client_for(viewer_province).get(f"/tinh/bao-cao-tong-hop/?ky={PERIOD.code}").content.decode()
    assert "1/2" in page and "chưa tiếp nhận, không cộng vào tổng" in page
