"""Double submission: every form that creates a record carries a one-time token; the same post sent
twice creates one record and the second answers with the first result."""

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tuyentruyen.accounts.models import Role, User
from tuyentruyen.accounts.services import create_user
from tuyentruyen.conftest import PASSWORD, client_for, unit_of
from tuyentruyen.engagement import services as engagement_services
from tuyentruyen.engagement.models import Contest, ContestParticipant, Feedback, Survey, SurveySection
from tuyentruyen.lib.tenancy import commune_scope, scopes_disabled
from tuyentruyen.localities.models import Unit
from tuyentruyen.plans.models import Plan
from tuyentruyen.portal.models import Article, Bulletin
from tuyentruyen.web.models import FormSubmission
from tuyentruyen.web.once import FIELD, forget_old_submissions
from tuyentruyen.work import services
from tuyentruyen.work.models import Activity, Evidence, Milestone, Task
from tuyentruyen.work.tests.factories import activity, issued_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(commune_a, officer_a, admin_a):
    with commune_scope(commune_a):
        plan = issued_plan(commune_a, officer_a)
        task = Task.objects.filter(commune=commune_a).first()
        recorded = activity(commune_a)
        kind = services.get_kind(commune_a, "banner")
    editor = create_user("bientap_a", PASSWORD, roles=[Role.EDITOR, Role.OFFICER], commune=commune_a)
    commune_a.slug = "xa-an-hoa-90001"  # public addresses take ASCII slugs
    commune_a.save(update_fields=["slug"])
    with commune_scope(commune_a):
        survey = engagement_services.create_survey(commune_a, title="Khảo sát thử")
        now = timezone.now()
        contest = engagement_services.save_contest(
            commune_a, title="Thi tìm hiểu", description="", opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=7), questions_per_attempt=3, time_limit_minutes=10, attempts_allowed=1,
            topics=[], tie_break_question="Bao nhiêu?", prize_count=3, is_published=True,
            registration_fields=engagement_services.registration_fields_from([], ""))
    return {"commune": commune_a, "plan": plan, "task": task, "activity": recorded, "kind": kind,
            "officer": officer_a, "admin": admin_a, "editor": editor, "survey": survey, "contest": contest}


def count(model, commune, **filters):
    with commune_scope(commune):
        return model.objects.filter(**filters).count()


# (name, user key or None for a resident, page with the form, where it posts, data, what it creates)
CASES = {
    "activity": ("officer", "/hoat-dong/them/", None,
                 lambda w: {"kind": w["kind"].pk, "date": "2025-08-05", "title": "Treo băng rôn"},
                 lambda w: count(Activity, w["commune"], title="Treo băng rôn")),
    "task": ("officer", "/nhiem-vu/them/", None,
             lambda w: {"plan": w["plan"].pk, "title": "Nhiệm vụ mới", "weight": 1, "recurrence": "none"},
             lambda w: count(Task, w["commune"], title="Nhiệm vụ mới")),
    "milestone": ("officer", lambda w: f"/nhiem-vu/{w['task'].pk}/", lambda w: f"/nhiem-vu/{w['task'].pk}/moc/",
                  lambda w: {"date": "2025-08-05", "note": "Đã họp triển khai"},
                  lambda w: count(Milestone, w["commune"], note="Đã họp triển khai")),
    "evidence": ("officer", lambda w: f"/hoat-dong/{w['activity'].pk}/",
                 lambda w: f"/hoat-dong/{w['activity'].pk}/minh-chung/",
                 lambda w: {"links": "https://xa.gov.vn/tin-moi"},
                 lambda w: count(Evidence, w["commune"], url="https://xa.gov.vn/tin-moi")),
    "article": ("editor", "/tin-bai/them/", None,
                lambda w: {"title": "Nộp hồ sơ trực tuyến", "summary": "Cách nộp.", "body": "<p>Vào cổng.</p>"},
                lambda w: count(Article, w["commune"], title="Nộp hồ sơ trực tuyến")),
    "survey": ("officer", "/khao-sat/", "/khao-sat/tao-moi/", lambda w: {"title": "Ý kiến về đài truyền thanh"},
               lambda w: count(Survey, w["commune"], title="Ý kiến về đài truyền thanh")),
    "contest": ("editor", "/cuoc-thi/tao-moi/", None,
                lambda w: {"title": "Tìm hiểu CCHC", "opens_at": "2026-04-01T08:00", "closes_at": "2026-04-30T17:00",
                           "questions_per_attempt": 10, "time_limit_minutes": 15, "attempts_allowed": 1,
                           "tie_break_question": "Bao nhiêu?", "prize_count": 5},
                lambda w: count(Contest, w["commune"], title="Tìm hiểu CCHC")),
    "plan": ("officer", "/ke-hoach/", "/ke-hoach/tao-moi/", lambda w: {},
             lambda w: count(Plan, w["commune"])),
    "unit": ("admin", "/don-vi/them/", None, lambda w: {"name": "Thôn Mới", "kind": "village"},
             lambda w: count(Unit, w["commune"], name="Thôn Mới")),
    "user": ("admin", "/nguoi-dung/them/", None,
             lambda w: {"username": "moi", "full_name": "Người Mới", "roles": ["unit_staff"],
                        "unit": unit_of(w["commune"], "media_center").pk, "password": "Mat-khau-dai-2026",
                        "is_active": "on"},
             lambda w: User.objects.filter(username="moi").count()),
    "bulletin": ("editor", "/phat-thanh/", "/phat-thanh/ban-tin/them/",
                 lambda w: {"title": "Bản tin CCHC tuần 1", "channel": "loudspeaker"},
                 lambda w: count(Bulletin, w["commune"], title="Bản tin CCHC tuần 1")),
    "survey section": ("officer", lambda w: f"/khao-sat/{w['survey'].pk}/",
                       lambda w: f"/khao-sat/{w['survey'].pk}/phan/them/", lambda w: {"title": "Phần mới"},
                       lambda w: count(SurveySection, w["commune"], title="Phần mới")),
    "contest registration": (None, lambda w: f"/{w['commune'].slug}/cuoc-thi/{w['contest'].pk}/", None,
                             lambda w: {"ho_ten": "Lê Văn Cường"},
                             lambda w: count(ContestParticipant, w["commune"])),
    "feedback": (None, lambda w: f"/{w['commune'].slug}/phan-anh/", None,
                 lambda w: {"category": "procedure", "title": "Chờ lâu", "content": "Tôi chờ ba ngày chưa có kết quả."},
                 lambda w: count(Feedback, w["commune"], title="Chờ lâu")),
}


def _url(value, w):
    return value(w) if callable(value) else value


def _token(page: str) -> str:
    match = re.search(rf'name="{FIELD}" value="([^"]+)"', page)
    assert match, "the form carries no one-time token"
    return match.group(1)


@pytest.mark.parametrize("name", CASES)
def test_a_repeated_post_creates_one_record_and_answers_with_the_first(world, name):
    who, page, target, data, created = CASES[name]
    client = client_for(world[who]) if who else Client()
    page_url = _url(page, world)
    target_url = _url(target, world) or page_url
    form = client.get(page_url)
    assert form.status_code == 200
    payload = {**data(world), FIELD: _token(form.content.decode())}
    before = created(world)
    first = client.post(target_url, payload)
    assert first.status_code == 302, first.content.decode()[:2000]
    second = client.post(target_url, payload)
    assert created(world) == before + 1
    assert second.status_code == 302 and second["Location"] == first["Location"]


def test_a_fresh_token_creates_again(world):
    client = client_for(world["officer"])
    for _ in range(2):
        token = _token(client.get("/hoat-dong/them/").content.decode())
        client.post("/hoat-dong/them/", {"kind": world["kind"].pk, "date": "2025-08-05", "title": "Phát loa",
                                         FIELD: token})
    assert count(Activity, world["commune"], title="Phát loa") == 2


def test_a_refused_post_releases_its_token(world):
    client = client_for(world["officer"])
    token = _token(client.get("/hoat-dong/them/").content.decode())
    bad = client.post("/hoat-dong/them/", {"kind": world["kind"].pk, "date": "9999-12-31", "title": "Phát loa",
                                           FIELD: token})
    assert bad.status_code == 200 and "phải từ 01/01/2000 đến 31/12/2100" in bad.content.decode()
    good = client.post("/hoat-dong/them/", {"kind": world["kind"].pk, "date": "2025-08-05", "title": "Phát loa",
                                            FIELD: token})
    assert good.status_code == 302 and count(Activity, world["commune"], title="Phát loa") == 1


def test_another_persons_token_is_not_replayed_to_them(world, staff_a):
    token = _token(client_for(world["officer"]).get("/hoat-dong/them/").content.decode())
    client_for(world["officer"]).post("/hoat-dong/them/", {"kind": world["kind"].pk, "date": "2025-08-05",
                                                           "title": "Của cán bộ", FIELD: token})
    response = client_for(staff_a).post("/hoat-dong/them/", {"kind": world["kind"].pk, "date": "2025-08-05",
                                                             "title": "Của đơn vị", FIELD: token})
    assert response.status_code == 302
    assert count(Activity, world["commune"], title="Của đơn vị") == 1


def test_old_tokens_are_forgotten(world):
    with scopes_disabled():
        FormSubmission.objects.create(token="x" * 32, result_url="/hoat-dong/1/",
                                      created_at=date(2025, 1, 1).isoformat() + "T00:00:00Z")
    assert forget_old_submissions() == 1 and not FormSubmission.objects.exists()
