"""``search_procedures`` prints the ranking the API serves; ``load_procedures`` loads and publishes."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from tuyentruyen.procedures.models import Procedure, Publication

QUESTIONS = ["lam giay khai sinh cho con can gi", "đăng ký kết hôn", "xin giấy xác nhận độc thân", "chứng thực bản sao"]


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_load_procedures_loads_the_demo_catalogue_and_publishes_to_a_commune(site_a):
    assert "47 thủ tục: 47 mới" in run("load_procedures", "--commune", str(site_a.pk))
    assert Procedure.objects.count() == 47
    assert Publication.objects.with_scopes_disabled().filter(commune=site_a).count() == 47
    assert "47 không đổi" in run("load_procedures")


@pytest.mark.django_db
@pytest.mark.parametrize("question", QUESTIONS)
def test_search_command_json_shape_and_ranking_equal_the_api(demo_in_a, question):
    printed = json.loads(run("search_procedures", question, "--commune", str(demo_in_a.pk), "--json"))
    assert printed and set(printed[0]) == {"code", "name", "score"}
    assert [p["score"] for p in printed] == sorted((p["score"] for p in printed), reverse=True)
    api = Client().get(f"/{demo_in_a.slug}/thu-tuc/api/tim-kiem", {"q": question}).json()["results"]
    assert [{k: r[k] for k in ("code", "name", "score")} for r in api] == printed


@pytest.mark.django_db
def test_without_a_commune_the_whole_catalogue_is_searched(demo_catalogue):
    printed = json.loads(run("search_procedures", "lam giay khai sinh cho con can gi", "--json"))
    assert printed[0]["name"] == "Đăng ký khai sinh"
    assert "Đăng ký khai sinh" in run("search_procedures", "khai sinh")
