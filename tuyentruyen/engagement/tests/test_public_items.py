from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tuyentruyen.engagement import services
from tuyentruyen.engagement.public import open_items
from tuyentruyen.lib.tenancy import commune_scope

from .conftest import make_contest

pytestmark = pytest.mark.django_db


def test_open_items_lists_open_surveys_and_contests_only(commune_a, commune_b):
    with commune_scope(commune_a):
        survey = services.create_survey(commune_a, title="", template="sipas")
        services.set_survey_status(survey, "open")
        services.create_survey(commune_a, title="Bản nháp")
    contest = make_contest(commune_a)
    make_contest(commune_a, title="Chưa công bố", is_published=False)
    make_contest(commune_a, title="Đã xong", opens_at=timezone.now() - timedelta(days=9),
                 closes_at=timezone.now() - timedelta(days=1))
    with commune_scope(commune_b):
        services.set_survey_status(services.create_survey(commune_b, title="", template="sipas"), "open")
    items = open_items(commune_a)
    assert items == [
        {"title": survey.title, "kind": "Khảo sát", "url": f"/{commune_a.slug}/khao-sat/{survey.pk}/"},
        {"title": contest.title, "kind": "Cuộc thi", "url": f"/{commune_a.slug}/cuoc-thi/{contest.pk}/"},
    ]
    for item in items:
        assert Client().get(item["url"]).status_code == 200


def test_public_index_pages(commune_a):
    for tail in ("phan-anh/", "phan-anh/tra-cuu/", "phan-anh/da-tra-loi/", "khao-sat/", "cuoc-thi/"):
        response = Client().get(f"/{commune_a.slug}/{tail}")
        assert response.status_code == 200, tail
        assert commune_a.full_name in response.content.decode()
