from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from tuyentruyen.accounts.models import Role
from tuyentruyen.accounts.services import create_user
from tuyentruyen.conftest import PASSWORD
from tuyentruyen.engagement import services
from tuyentruyen.lib.tenancy import commune_scope


@pytest.fixture(autouse=True)
def _media_and_fresh_rate_limits(request, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Rate-limit counters live in the database cache: tests that touch the database start with none.
    if request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(request.fixturenames):
        cache.clear()


@pytest.fixture
def leader_a(commune_a):
    return create_user("lanhdao_a", PASSWORD, roles=[Role.LEADER], commune=commune_a, full_name="Lãnh Đạo A")


@pytest.fixture
def editor_a(commune_a):
    return create_user("bientap_a", PASSWORD, roles=[Role.EDITOR], commune=commune_a, full_name="Biên Tập A")


def make_feedback(commune, **overrides):
    values = {"category": "procedure", "title": "Hồ sơ khai sinh bị trả lại",
              "content": "Tôi là Nguyễn Văn An, số điện thoại 0912 345 678, nộp hồ sơ hai lần.",
              "contact": {"full_name": "Nguyễn Văn An", "phone": "0912345678", "id_number": "001085012345",
                          "email": "an@example.com"}}
    values.update(overrides)
    with commune_scope(commune):
        return services.submit_feedback(commune, **values)


def make_bank(commune, count=5, topics=("cchc",)):
    with commune_scope(commune):
        return [services.save_bank_question(commune, text=f"Câu hỏi số {n}?", choices=["Sai A", "Đúng", "Sai C"],
                                            correct=[1], topics=list(topics)) for n in range(count)]


def make_contest(commune, **overrides):
    now = timezone.now()
    values = {"title": "Tìm hiểu CCHC 2026", "description": "", "opens_at": now - timedelta(hours=1),
              "closes_at": now + timedelta(days=7), "questions_per_attempt": 3, "time_limit_minutes": 10,
              "attempts_allowed": 2, "topics": [], "tie_break_question": "Bao nhiêu người tham gia?",
              "prize_count": 3, "is_published": True,
              "registration_fields": services.registration_fields_from(["dien_thoai", "thon"], "")}
    values.update(overrides)
    with commune_scope(commune):
        return services.save_contest(commune, **values)


# The shared make_commune builds slugs with diacritics ("xa-an-hòa-90001"), which the <slug:> converter
# of the public URLs never matches; real slugs are ASCII.
@pytest.fixture
def commune_a(commune_a):
    commune_a.slug = "xa-an-hoa-90001"
    commune_a.save(update_fields=["slug"])
    return commune_a


@pytest.fixture
def commune_b(commune_b):
    commune_b.slug = "xa-binh-minh-90002"
    commune_b.save(update_fields=["slug"])
    return commune_b
