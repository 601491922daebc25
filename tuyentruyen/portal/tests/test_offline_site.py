"""The installable public site: manifest, service worker, offline page (offline.py)."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

from tuyentruyen.portal import offline

from .conftest import publish, write_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(commune_a, editor_a):
    commune_a.hotline = "0296 3800 111"
    commune_a.save()
    commune_a.latest = publish(write_article(commune_a, editor_a, title="Tin mới về dịch vụ công"), editor_a)
    return commune_a


def static_bytes(url: str) -> bytes:
    found = finders.find(url.removeprefix(settings.STATIC_URL))
    assert found, url
    return Path(found).read_bytes()


def worker_config(script: str) -> dict:
    return json.loads(re.search(r"var CONFIG = (\{.*?\});\n", script).group(1))


def test_the_manifest_makes_the_commune_site_installable(site):
    response = Client().get(f"/{site.slug}/manifest.webmanifest")
    assert response.status_code == 200 and response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content.decode())
    assert data["start_url"] == data["scope"] == data["id"] == f"/{site.slug}/"
    assert data["display"] == "standalone" and data["theme_color"] == offline.THEME_COLOUR
    assert data["short_name"] == site.full_name and data["lang"] == "vi"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}
    for icon in data["icons"]:
        body = static_bytes(icon["src"])
        assert body[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(body[16:20], "big"), int.from_bytes(body[20:24], "big")
        assert f"{width}x{height}" == icon["sizes"]


def test_every_public_page_links_the_manifest_and_the_worker(site):
    html = Client().get(f"/{site.slug}/tin-tuc/").content.decode()
    assert f'<link rel="manifest" href="/{site.slug}/manifest.webmanifest">' in html
    assert f'data-worker="/{site.slug}/sw.js" data-scope="/{site.slug}/" defer' in html
    assert "<script>" not in html  # the registration is a static file (CSP)


def test_the_worker_keeps_the_main_pages_and_the_css(site):
    response = Client().get(f"/{site.slug}/sw.js")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    config = worker_config(response.content.decode())
    home = f"/{site.slug}/"
    article = site.latest
    assert {home, f"{home}tin-tuc/", f"{home}thu-tuc/", f"{home}lien-he/", f"{home}ngoai-tuyen/",
            f"{home}tin-tuc/{article.pk}/"} <= set(config["pages"])
    assert any(name.endswith(".css") for name in config["files"])
    assert config["scope"] == home and config["offline"] == f"{home}ngoai-tuyen/"
    assert config["cache"] == f"tuyentruyen-{site.slug}-{offline.cache_version()}"
    # every page the worker installs answers 200, so the installation cannot fail on one of them
    for page in config["pages"]:
        assert Client().get(page).status_code == 200, page
    assert all(static_bytes(name) for name in config["files"])


def test_forms_and_personal_pages_are_never_kept(site):
    config = worker_config(Client().get(f"/{site.slug}/sw.js").content.decode())
    assert not any(page.startswith(prefix) for page in config["pages"]
                   for prefix in ("phan-anh", "khao-sat", "cuoc-thi"))
    assert all(not kept.startswith(("phan-anh", "khao-sat", "cuoc-thi")) for kept in config["kept"])
    assert "thu-tuc/tro-ly-ao/" in config["neverKept"]


def test_a_new_release_gets_a_new_cache(site, monkeypatch):
    before = offline.cache_version()
    offline.cache_version.cache_clear()
    monkeypatch.setattr(offline, "static_files", lambda: ["/static/portal/public.0123abcd.css"])
    try:
        assert offline.cache_version() != before
    finally:
        offline.cache_version.cache_clear()


def test_the_offline_page_gives_the_hotline(site):
    html = Client().get(f"/{site.slug}/ngoai-tuyen/").content.decode()
    assert "Bạn đang ngoại tuyến" in html and 'href="tel:02963800111"' in html
