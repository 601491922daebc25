"""Publications and broadcasts become activities of the plan's execution through the work app's
``record_activity``. These tests call the real function (spied on): they fail, rather than skip, where
the work app does not provide it yet."""

from datetime import date
from decimal import Decimal

import pytest

from tuyentruyen.conftest import client_for
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.portal import services

from .conftest import publish, write_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(monkeypatch):
    from tuyentruyen.work import services as work_services

    calls = []
    real = work_services.record_activity

    def spy(commune, **kwargs):
        calls.append((commune, kwargs))
        return real(commune, **kwargs)

    monkeypatch.setattr(work_services, "record_activity", spy)
    return calls


def test_publication_records_a_public_news_activity(recorded, editor_a, commune_a):
    article = write_article(commune_a, editor_a, title="Thanh toán trực tuyến lệ phí")
    client_for(editor_a).post(f"/tin-bai/{article.pk}/dang/")
    [(commune, kwargs)] = recorded
    assert commune == commune_a
    assert kwargs["kind_code"] == "news_article" and kwargs["channel"] == "Cổng thông tin điện tử"
    assert kwargs["title"] == "Thanh toán trực tuyến lệ phí" and kwargs["is_public"] is True
    assert kwargs["source_key"] == f"portal.article:{article.pk}"
    assert kwargs["links"] == [services.public_url(commune_a, f"/{commune_a.slug}/tin-tuc/{article.pk}/")]
    assert kwargs["user"] == editor_a and isinstance(kwargs["date"], date)


def test_republishing_keeps_one_activity_key(recorded, editor_a, commune_a):
    article = write_article(commune_a, editor_a)
    publish(article, editor_a)
    with commune_scope(commune_a):
        services.withdraw_article(article, editor_a)
    publish(article, editor_a)
    assert {kwargs["source_key"] for _, kwargs in recorded} == {f"portal.article:{article.pk}"}


def test_a_broadcast_records_minutes_on_air(recorded, editor_a, commune_a):
    article = write_article(commune_a, editor_a)
    with commune_scope(commune_a):
        bulletin = services.create_bulletin(commune_a, editor_a, title="Bản tin CCHC tuần 1", channel="loudspeaker",
                                            articles=[article])
    client_for(editor_a).post(f"/phat-thanh/ban-tin/{bulletin.pk}/da-phat/",
                              {"channel": "loudspeaker", "aired_on": "2026-03-02", "minutes": "12.5"})
    [(commune, kwargs)] = recorded
    assert kwargs["kind_code"] == "loudspeaker" and kwargs["quantity"] == Decimal("12.5")
    assert kwargs["quantity_unit"] == "phút phát sóng" and kwargs["date"] == date(2026, 3, 2)
    assert kwargs["source_key"].startswith("portal.broadcast:")
