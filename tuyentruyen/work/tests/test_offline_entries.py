"""Activities kept on a device with no signal arrive with the device's UUID, perhaps more than once:
the server saves each once (services.save_activity_once), through the same form, predicate and service."""

import json
import uuid
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tuyentruyen.conftest import client_for
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.plans.models import PlanTopic
from tuyentruyen.work import services
from tuyentruyen.work.models import Activity, Evidence

from .test_evidence import png_bytes

pytestmark = pytest.mark.django_db
QUEUED = {"HTTP_X_OFFLINE_QUEUE": "1"}  # an entry kept on the device, replayed
FROM_FORM = {"HTTP_X_OFFLINE_QUEUE": "form"}  # the form itself, sent by offline-queue.js


def entry(plan, client_uuid, title="Họp dân thôn Đông về dịch vụ công"):
    with commune_scope(plan.commune):
        kind = services.get_kind(plan.commune, "conference")
        topic = PlanTopic.objects.filter(plan=plan).first()
    return {"kind": kind.pk, "date": "2025-08-05", "title": title, "topics": [topic.pk],
            "client_uuid": str(client_uuid), "photos": [SimpleUploadedFile("IMG_0042.png", png_bytes())]}


def test_an_entry_sent_twice_is_saved_once_with_its_photo(plan_a, staff_a):
    client, key = client_for(staff_a), uuid.uuid4()
    first = client.post("/hoat-dong/them/", entry(plan_a, key), **QUEUED)
    again = client.post("/hoat-dong/them/", entry(plan_a, key), **QUEUED)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    with commune_scope(plan_a.commune):
        saved = Activity.objects.get()
        assert saved.client_uuid == key and saved.created_by == staff_a and saved.unit == staff_a.unit
        assert first.json()["url"] == f"/hoat-dong/{saved.pk}/"
        assert Evidence.objects.filter(activity=saved).count() == 1


def test_two_entries_of_one_page_are_two_activities(plan_a, staff_a):
    client = client_for(staff_a)
    for title in ("Treo băng rôn thôn Bắc", "Treo băng rôn thôn Nam"):
        assert client.post("/hoat-dong/them/", entry(plan_a, uuid.uuid4(), title), **QUEUED).status_code == 200
    with commune_scope(plan_a.commune):
        assert Activity.objects.count() == 2


def test_the_form_without_javascript_still_redirects(plan_a, staff_a):
    response = client_for(staff_a).post("/hoat-dong/them/", entry(plan_a, uuid.uuid4()))
    assert response.status_code == 302 and response["Location"].startswith("/hoat-dong/")


def test_a_refused_entry_says_why_and_saves_nothing(plan_a, staff_a):
    data = entry(plan_a, uuid.uuid4())
    data["date"] = "2025-06-30"  # before the plan's period, not marked "ngoài kỳ kế hoạch"
    response = client_for(staff_a).post("/hoat-dong/them/", data, **QUEUED)
    assert response.status_code == 400 and "ngoài kỳ kế hoạch" in " ".join(response.json()["errors"])
    data["title"] = ""
    errors = client_for(staff_a).post("/hoat-dong/them/", data, **QUEUED).json()["errors"]
    assert any(error.startswith("Tiêu đề, nội dung ngắn:") for error in errors)
    with commune_scope(plan_a.commune):
        assert not Activity.objects.exists() and not Evidence.objects.exists()


def test_the_form_sent_by_the_script_answers_where_to_go_and_keeps_the_message(plan_a, staff_a):
    client, key = client_for(staff_a), uuid.uuid4()
    response = client.post("/hoat-dong/them/", entry(plan_a, key), **FROM_FORM)
    with commune_scope(plan_a.commune):
        saved = Activity.objects.get(client_uuid=key)
    assert response.status_code == 200 and response.json()["url"] == f"/hoat-dong/{saved.pk}/"
    page = client.get(response.json()["url"]).content.decode()
    assert "Đã ghi nhận hoạt động." in page  # shown on the page the script then opens
    # sent again (its answer was lost, the queue replays it): the same activity
    again = client.post("/hoat-dong/them/", entry(plan_a, key), **QUEUED)
    assert again.json() == response.json()
    with commune_scope(plan_a.commune):
        assert Activity.objects.count() == 1


def test_the_form_sent_by_the_script_and_refused_is_the_page_with_its_errors(plan_a, staff_a):
    data = entry(plan_a, uuid.uuid4())
    data["links"] = "ftp://tai-lieu.example/bien-ban"
    by_script = client_for(staff_a).post("/hoat-dong/them/", data, **FROM_FORM)
    data["photos"] = [SimpleUploadedFile("IMG_0042.png", png_bytes())]
    plain = client_for(staff_a).post("/hoat-dong/them/", data)
    assert by_script.status_code == 400 and plain.status_code == 200  # the status tells the script
    for response in (by_script, plain):
        html = response.content.decode()
        assert "không phải đường dẫn" in html and "data-offline-queue" in html
        assert "Họp dân thôn Đông về dịch vụ công" in html  # what was typed is still there
    with commune_scope(plan_a.commune):
        assert not Activity.objects.exists() and not Evidence.objects.exists()


def test_an_entry_is_refused_to_a_role_that_may_not_record(plan_a, leader_a):
    response = client_for(leader_a).post("/hoat-dong/them/", entry(plan_a, uuid.uuid4()), **QUEUED)
    assert response.status_code == 403
    with commune_scope(plan_a.commune):
        assert not Activity.objects.exists()


def test_the_same_uuid_in_another_commune_is_another_activity(plan_a, officer_a, commune_b, officer_b):
    from .factories import issued_plan

    key = uuid.uuid4()
    in_a = client_for(officer_a).post("/hoat-dong/them/", entry(plan_a, key), **QUEUED)
    with commune_scope(commune_b):
        plan_b = issued_plan(commune_b, officer_b)
    in_b = client_for(officer_b).post("/hoat-dong/them/", entry(plan_b, key), **QUEUED)
    assert in_a.status_code == in_b.status_code == 200
    assert in_a.json()["url"] != in_b.json()["url"]  # B is never pointed at A's activity
    with commune_scope(plan_a.commune):
        assert Activity.objects.filter(client_uuid=key).count() == 1
    with commune_scope(commune_b):
        assert Activity.objects.filter(client_uuid=key).count() == 1


def test_two_sendings_at_once_end_with_one_activity(scope_a, plan_a, monkeypatch):
    # The second sending looked before the first committed (PostgreSQL): the unique key refuses its row and
    # the service answers with the first one.
    key = uuid.uuid4()
    kind = services.get_kind(scope_a, "banner")
    first = services.save_activity(scope_a, kind=kind, title="Băng rôn", day=date(2025, 8, 5), client_uuid=key)
    looked = []
    real = services.activity_sent_before

    def not_yet(commune, client_uuid):
        looked.append(client_uuid)
        return None if len(looked) == 1 else real(commune, client_uuid)

    monkeypatch.setattr(services, "activity_sent_before", not_yet)
    again, created = services.save_activity_once(scope_a, client_uuid=key, kind=kind, title="Băng rôn",
                                                 day=date(2025, 8, 5), files=[])
    assert (again, created) == (first, False) and len(looked) == 2
    assert Activity.objects.count() == 1


def test_the_staff_worker_is_served_to_recorders(plan_a, staff_a, leader_a):
    response = client_for(staff_a).get("/hoat-dong/sw.js")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    config = json.loads(response.content.decode().split("var CONFIG = ", 1)[1].split(";\n", 1)[0])
    assert config["form"] == "/hoat-dong/them/" and config["cache"].startswith("tuyentruyen-staff-")
    assert "no-store" in response["Cache-Control"]
    assert client_for(leader_a).get("/hoat-dong/sw.js").status_code == 403


def test_staff_pages_load_the_queue_and_the_form_carries_its_field(plan_a, staff_a):
    html = client_for(staff_a).get("/hoat-dong/them/").content.decode()
    assert "work/offline-queue.js" in html and f'data-user="{staff_a.pk}"' in html
    assert "data-offline-queue" in html and 'name="client_uuid"' in html
