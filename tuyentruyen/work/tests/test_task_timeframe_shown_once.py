"""A task's timeframe is said once: "Hàng quý", not "Hàng quý · Hàng quý"."""

import pytest

from tuyentruyen.conftest import client_for
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.work.models import Task

pytestmark = pytest.mark.django_db


def test_the_recurrence_is_not_repeated_after_the_same_words(plan_a, officer_a):
    with commune_scope(plan_a.commune):
        task = Task.objects.get(plan=plan_a, recurrence="quarterly")
        other = Task.objects.filter(plan=plan_a).exclude(pk=task.pk).first()
        other.recurrence, other.timeframe_text = "monthly", "Trong năm"
        other.save()
    client = client_for(officer_a)
    page = client.get(f"/nhiem-vu/{task.pk}/").content.decode()
    assert task.timeframe_text == "Hàng quý" and "Hàng quý · Hàng quý" not in page and "Hàng quý" in page
    page = client.get(f"/nhiem-vu/{other.pk}/").content.decode()
    assert "Trong năm" in page and f"· {other.get_recurrence_display()}" in page  # other words: both said
