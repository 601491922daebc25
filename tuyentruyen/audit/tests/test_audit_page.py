"""The audit page reads like the product: Vietnamese field labels, values and local times, filters by
person, kind of record and dates, and no bookkeeping noise."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.utils.text import capfirst

from tuyentruyen.audit.models import AuditEvent
from tuyentruyen.conftest import client_for
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.localities.models import Unit
from tuyentruyen.work import services as work
from tuyentruyen.work.models import Activity

pytestmark = pytest.mark.django_db


def page(client, **params):
    response = client.get("/nhat-ky/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_fields_show_their_vietnamese_labels_and_values(admin_a, commune_a):
    client = client_for(admin_a)
    client.post("/don-vi/them/", {"name": "Thôn Đông", "kind": "village"})
    with commune_scope(commune_a):
        unit = Unit.objects.get(name="Thôn Đông")
    client.post(f"/don-vi/{unit.pk}/sua/", {"name": "Thôn Đông", "kind": "other"})
    html = page(client)
    assert "<strong>Tên đơn vị</strong>: Thôn Đông" in html
    assert "<strong>Loại</strong>: Thôn, tổ dân phố → Khác" in html  # choices by their label
    assert "<strong>Đang hoạt động</strong>: Có → Không" in html
    assert "<code>name</code>" not in html and "commune_id" not in html


def test_times_are_local_and_dates_are_dd_mm_yyyy(admin_a, commune_a):
    # 17:30 UTC on 31/07 is 00:30 on 01/08 in Hà Nội and Hồ Chí Minh City
    with time_machine.travel(datetime(2025, 7, 31, 17, 30, tzinfo=UTC), tick=False), commune_scope(commune_a):
        work.record_activity(commune_a, kind_code="radio", title="Phát thanh đêm", date=date(2025, 8, 1))
    html = page(client_for(admin_a), model="hoạt động tuyên truyền")
    assert "01/08/2025 00:30" in html  # the event's own time, and the created_at value inside it
    assert "2025-07-31T17:30" not in html and "2025-08-01" not in html


def test_related_rows_show_by_name(admin_a, commune_a):
    with commune_scope(commune_a):
        kind = work.get_kind(commune_a, "banner")
        work.record_activity(commune_a, kind_code="banner", title="Băng rôn CCHC", date=date(2025, 8, 1))
    html = page(client_for(admin_a), model="hoạt động tuyên truyền")
    label = capfirst(Activity._meta.get_field("kind").verbose_name)
    assert f"<strong>{label}</strong>: {kind.name}</li>" in html
    assert f"#{kind.pk}<" not in html


def test_filters_by_person_kind_of_record_and_dates(admin_a, officer_a, commune_a):
    with time_machine.travel(datetime(2025, 8, 1, 3, 0, tzinfo=UTC), tick=False):
        client_for(admin_a).post("/don-vi/them/", {"name": "Thôn Bắc", "kind": "village"})
    with time_machine.travel(datetime(2025, 8, 20, 3, 0, tzinfo=UTC), tick=False), commune_scope(commune_a):
        from tuyentruyen.lib.current import acting_as

        with acting_as(officer_a):
            work.record_activity(commune_a, kind_code="radio", title="Phát thanh tháng Tám", date=date(2025, 8, 20))
    client = client_for(admin_a)
    by_officer = page(client, actor=officer_a.pk)
    assert "Phát thanh tháng Tám" in by_officer and "Thôn Bắc" not in by_officer
    units_only = page(client, model="đơn vị")
    assert "Thôn Bắc" in units_only and "Phát thanh tháng Tám" not in units_only
    early = page(client, date_from="2025-08-01", date_to="2025-08-01")
    assert "Thôn Bắc" in early and "Phát thanh tháng Tám" not in early
    late = page(client, date_from="2025-08-02")
    assert "Phát thanh tháng Tám" in late and "Thôn Bắc" not in late
    assert "phải sau hoặc bằng" in page(client, date_from="2025-08-10", date_to="2025-08-01")


def test_the_pager_keeps_the_filters(admin_a, commune_a):
    with commune_scope(commune_a):
        for n in range(55):
            Unit.objects.create(commune=commune_a, name=f"Thôn {n}")
    html = page(client_for(admin_a), model="đơn vị")
    assert "?model=%C4%91%C6%A1n+v%E1%BB%8B&amp;trang=2" in html


def test_a_page_of_events_costs_a_fixed_number_of_queries(admin_a, commune_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        client = client_for(admin_a)
        with CaptureQueriesContext(connection) as captured:
            page(client)
        return len(captured)

    with commune_scope(commune_a):
        work.record_activity(commune_a, kind_code="radio", title="Phát thanh 0", date=date(2025, 8, 1))
    few = queries()
    with commune_scope(commune_a):
        for n in range(1, 40):
            work.record_activity(commune_a, kind_code="banner" if n % 2 else "radio", title=f"Phát thanh {n}",
                                 date=date(2025, 8, 1), unit=None)
    assert queries() <= few + 2  # one name lookup per further kind of related row, not per event


def test_bookkeeping_fields_are_not_shown(admin_a, commune_a):
    with commune_scope(commune_a):
        a = work.record_activity(commune_a, kind_code="radio", title="Phát thanh", date=date(2025, 8, 1))
        AuditEvent(commune=commune_a, action="update", model="hoạt động tuyên truyền", object_pk=str(a.pk),
                   object_repr="Phát thanh", changes={"updated_at": ["2025-08-01T00:00:00+00:00",
                                                                     "2025-08-02T00:00:00+00:00"],
                                                      "title": ["Cũ", "Phát thanh"]}).save()
    html = page(client_for(admin_a))
    assert "Cũ → Phát thanh" in html and "02/08/2025 07:00" not in html
