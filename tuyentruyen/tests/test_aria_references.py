"""Every ``aria-describedby`` (and ``aria-labelledby``) on the public pages and the staff forms points at ids
that exist on the same page: a screen reader otherwise reads nothing where help or an error should be."""

from html.parser import HTMLParser

import pytest
from django.test import Client

from tuyentruyen.conftest import client_for
from tuyentruyen.tests.walker import our_routes

pytestmark = pytest.mark.django_db

REFERENCES = ("aria-describedby", "aria-labelledby", "aria-controls", "for")
# Not pages: downloads, feeds, JSON, the logout action.
SKIPPED_SUFFIXES = (".xlsx", ".docx", ".pdf", ".xml", ".json", ".csv", ".zip", ".wav", ".mp3")
SKIPPED_NAMES = {"accounts:logout"}


class _References(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.wanted = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in REFERENCES:
            if name == "for" and tag != "label":
                continue
            for ref in (attrs.get(name) or "").split():
                self.wanted.append((tag, name, ref))


def dangling(html: str) -> list[tuple[str, str, str]]:
    parser = _References()
    parser.feed(html)
    return [w for w in parser.wanted if w[2] not in parser.ids]


def test_the_checker_finds_a_dangling_reference():
    assert dangling('<input aria-describedby="a b"><p id="a"></p>') == [("input", "aria-describedby", "b")]
    assert dangling('<label for="x">X</label><input id="x">') == []


def _pages(client, routes, values):
    for route in routes:
        if route.name in SKIPPED_NAMES or route.route.endswith(SKIPPED_SUFFIXES) or set(route.params) - set(values):
            continue
        path = "/" + route.route
        for name, value in values.items():
            path = path.replace(f"<slug:{name}>", value).replace(f"<str:{name}>", value)
        response = client.get(path)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            yield path, response.content.decode()


@pytest.fixture
def public_site(commune_a):
    commune_a.slug = f"xa-thu-nghiem-{commune_a.pk}"
    commune_a.save(update_fields=["slug"])
    return commune_a


def test_public_pages_point_at_ids_that_exist(public_site):
    client = Client()
    routes = [r for r in our_routes() if r.public and r.params == ["commune_slug"]]
    seen = {}
    for path, html in _pages(client, routes, {"commune_slug": public_site.slug}):
        seen[path] = dangling(html)
    # the feedback form with its errors shown, too
    invalid = client.post(f"/{public_site.slug}/phan-anh/", {"title": "", "content": ""})
    seen["feedback form with errors"] = dangling(invalid.content.decode())
    assert len(seen) >= 5
    assert {path: refs for path, refs in seen.items() if refs} == {}


def test_staff_pages_point_at_ids_that_exist(every_role_a, public_site):
    client = client_for(every_role_a)
    routes = [r for r in our_routes() if not r.public and not r.params]
    seen = {path: dangling(html) for path, html in _pages(client, routes, {})}
    refused = client.post("/thong-tin-lien-he/", {"hotline": "sai", "directory": "thiếu cột"})
    assert refused.status_code == 200
    seen["contacts form with errors"] = dangling(refused.content.decode())
    assert len(seen) >= 20
    assert {path: refs for path, refs in seen.items() if refs} == {}
