"""Procedure lists shown to people follow the Vietnamese alphabet (Đ after D), not code points."""

import pytest
from django.test import Client

from tuyentruyen.conftest import client_for
from tuyentruyen.lib.text import vi_sort_key
from tuyentruyen.procedures.models import Procedure


def _rename_some_to_start_with_d(names):
    # The demo catalogue has "Đăng ký …" names; add a "D…" and an "X…" one in the same field so that a
    # code-point sort (Đ after X) and the Vietnamese one disagree.
    field = Procedure.objects.filter(name__startswith="Đăng ký").values_list("field", flat=True).first()
    rows = list(Procedure.objects.filter(field=field).exclude(name__startswith="Đ")[:2])
    for row, name in zip(rows, names, strict=True):
        row.name = name
        row.save(update_fields=["name"])
    return field


@pytest.mark.django_db
def test_the_public_list_sorts_fields_and_names_in_vietnamese_order(demo_in_a):
    field = _rename_some_to_start_with_d(["Dân tộc: xác định lại", "Xác nhận tình trạng hôn nhân"])
    response = Client().get(f"/{demo_in_a.slug}/thu-tuc/")
    groups = response.context["groups"]
    fields = [name for name, _ in groups]
    assert fields == sorted(fields, key=vi_sort_key)
    names = [p.name for name, items in groups if name == field for p in items]
    assert names == sorted(names, key=vi_sort_key)
    first_d = names.index("Dân tộc: xác định lại")
    assert first_d < min(i for i, n in enumerate(names) if n.startswith("Đ")) < names.index(
        "Xác nhận tình trạng hôn nhân")


@pytest.mark.django_db
def test_the_staff_catalogue_pages_in_vietnamese_order(demo_catalogue, officer_a):
    _rename_some_to_start_with_d(["Dân tộc: xác định lại", "Xác nhận tình trạng hôn nhân"])
    page = client_for(officer_a).get("/thu-tuc-hanh-chinh/").context["page"]
    rows = [(p.field, p.name) for p in page.object_list]
    assert rows == sorted(rows, key=lambda r: (vi_sort_key(r[0]), vi_sort_key(r[1])))
    assert len(rows) == min(50, Procedure.objects.count())
