"""Every select says "— Chọn … —" where Django would write "---------", on every page a staff member opens."""

import pytest
from django import forms

from tuyentruyen.conftest import client_for
from tuyentruyen.lib.fields import choose_text, replace_blank_choice
from tuyentruyen.localities.models import Unit
from tuyentruyen.tests.walker import our_routes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("label", "text"), [
    ("Đơn vị", "— Chọn đơn vị —"), ("Hình thức", "— Chọn hình thức —"), ("UBND cấp trên", "— Chọn UBND cấp trên —"),
    ("Đơn vị xử lý:", "— Chọn đơn vị xử lý —"), ("", "— Chọn —"), (None, "— Chọn —"),
])
def test_choose_text(label, text):
    assert choose_text(label) == text


def test_model_and_plain_choice_fields_get_the_vietnamese_empty_option():
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False)
    replace_blank_choice(unit, "Đơn vị")
    assert unit.empty_label == "— Chọn đơn vị —"
    kind = forms.TypedChoiceField(choices=[("", "---------"), ("a", "A")])
    replace_blank_choice(kind, "Loại")
    assert kind.choices == [("", "— Chọn loại —"), ("a", "A")]
    own = forms.ModelChoiceField(queryset=Unit.objects.none(), empty_label="Mọi đơn vị")
    replace_blank_choice(own, "Đơn vị")
    assert own.empty_label == "Mọi đơn vị"  # a field's own wording stays


def test_no_page_shows_djangos_dashes(every_role_a, plan_a_for_pages):
    client = client_for(every_role_a)
    seen = 0
    for route in our_routes():
        if route.params or route.public or route.formats or route.route.endswith((".xlsx", ".docx", ".pdf")):
            continue
        response = client.get("/" + route.route)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        seen += body.count(b"<select")
        assert b"---------" not in body, route.name
    assert seen >= 5  # the walk met the product's selects


@pytest.fixture
def plan_a_for_pages(commune_a, officer_a):
    from tuyentruyen.lib.tenancy import commune_scope
    from tuyentruyen.work.tests.factories import issued_plan

    with commune_scope(commune_a):
        return issued_plan(commune_a, officer_a)
