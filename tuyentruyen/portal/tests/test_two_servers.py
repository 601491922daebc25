"""Two app servers serve the same commune, each with its own page cache (public_views._pages is per
process): a write through one must show at once on the other, and the two must agree on the ETag."""

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client

from tuyentruyen.localities import services as localities
from tuyentruyen.portal import public_views

from .conftest import publish, write_article

pytestmark = pytest.mark.django_db


def server(name):
    return LocMemCache(f"server-{name}", {"TIMEOUT": public_views.PAGE_TTL})


def served_by(monkeypatch, cache, url, **headers):
    monkeypatch.setattr(public_views, "_pages", cache)
    return Client().get(url, **headers)


def test_a_publication_through_one_server_shows_on_the_other_at_once(commune_a, editor_a, monkeypatch):
    a, b = server("a"), server("b")
    url = f"/{commune_a.slug}/"
    publish(write_article(commune_a, editor_a, title="Lịch tiếp công dân tháng này"), editor_a)
    for cache in (a, b):  # both servers have the page cached
        assert "Lịch tiếp công dân tháng này" in served_by(monkeypatch, cache, url).content.decode()
    monkeypatch.setattr(public_views, "_pages", a)
    publish(write_article(commune_a, editor_a, title="Thông báo nộp hồ sơ trực tuyến"), editor_a)  # on A
    html = served_by(monkeypatch, b, url).content.decode()
    assert "Thông báo nộp hồ sơ trực tuyến" in html and "Lịch tiếp công dân tháng này" in html


def change_hotline(commune, hotline):
    localities.update_civic_information(commune, hotline=hotline, email=commune.email, address=commune.address,
                                        office_hours=commune.office_hours, directory=commune.directory,
                                        reception=commune.reception_schedule)


def test_new_contacts_show_on_both_servers_and_both_answer_the_same_etag(commune_a, monkeypatch):
    a, b = server("a"), server("b")
    url = f"/{commune_a.slug}/lien-he/"
    change_hotline(commune_a, "0296 3800 111")  # the site has a version token from now on
    first_a, first_b = served_by(monkeypatch, a, url), served_by(monkeypatch, b, url)
    assert first_a["ETag"] == first_b["ETag"]
    assert served_by(monkeypatch, b, url, HTTP_IF_NONE_MATCH=first_a["ETag"]).status_code == 304
    change_hotline(commune_a, "0296 3999 888")
    fresh = served_by(monkeypatch, b, url, HTTP_IF_NONE_MATCH=first_a["ETag"])
    assert fresh.status_code == 200 and "0296 3999 888" in fresh.content.decode()
    assert fresh["ETag"] != first_a["ETag"]
