"""Walks every URL of the project as users of commune A (and of another province) against commune B.

URLs are read from the resolver, so pages added by later issues are walked without editing this file.
A URL with parameters is called with commune B's values and must answer 403 or 404. A URL without
parameters must not show anything of commune B. Views marked ``@public_view`` are residents' pages
and may answer 200.
"""

import re
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tuyentruyen.conftest import SECRET_B, client_for

from .isolation import make_world_objects, parameter_factories

CONVERTER = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


@dataclass
class Route:
    name: str
    route: str
    params: list[str]
    public: bool
    admin: bool


def walk(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if route.startswith("^") or "(?P<" in route:
                # regex routes (the admin's, Django's static serving) are not ours to walk
                if not route.startswith("quan-tri/") and not namespace == "admin":
                    continue
            view = entry.callback
            yield Route(
                name=f"{namespace}:{entry.name}" if namespace else (entry.name or route),
                route=route,
                params=[m.group("name") for m in CONVERTER.finditer(route)],
                public=getattr(view, "tenant_public", False),
                admin=namespace == "admin",
            )


def fill(route: Route, world) -> str:
    factories = parameter_factories()

    def value(match):
        return str(factories[match.group("name")](world))

    return "/" + CONVERTER.sub(value, route.route)


def _text(response) -> str:
    """The words a response shows: pages and JSON as text; a download (XLSX, DOCX) as its XML text, so a
    leak inside a generated file is caught too."""
    body = response.content if not response.streaming else b"".join(response.streaming_content)
    if body[:2] == b"PK":  # OOXML: read the parts' text
        import io
        import zipfile

        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return " ".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist() if n.endswith(".xml"))
    return body.decode("utf-8", "replace")


@dataclass
class World:
    commune_b: object
    officer_b: object


@pytest.fixture
def world(commune_b, officer_b):
    world = World(commune_b=commune_b, officer_b=officer_b)
    make_world_objects(world)
    return world


def our_routes():
    return [r for r in walk() if not r.admin]


@pytest.mark.django_db
def test_every_parameter_has_a_factory():
    factories = parameter_factories()
    missing = {p for r in our_routes() for p in r.params if p not in factories}
    assert not missing, f"map these URL parameters in your app's tests/isolation.py (PARAMETER_FACTORIES): {sorted(missing)}"


@pytest.mark.django_db
def test_the_walk_sees_the_routes_it_should():
    names = {r.name for r in our_routes()}
    assert {"localities:edit_unit", "accounts:edit_user", "localities:province_commune", "web:home"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("actor_fixture", ["every_role_a", "viewer_other_province"])
def test_commune_b_objects_are_not_reachable(request, world, actor_fixture):
    actor = request.getfixturevalue(actor_fixture)
    client = client_for(actor)
    checked = 0
    for route in our_routes():
        if route.public:
            continue
        if route.params:
            url = fill(route, world)
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                # a POST-only view answers GET with 405 for any id, so it tells nothing about B's objects;
                # its POST is still walked and must be refused
                allowed = (403, 404, 405) if method == "get" else (403, 404)
                assert response.status_code in allowed, f"{method.upper()} {url} ({route.name}) answered {response.status_code}"
                assert SECRET_B not in _text(response), f"{url} shows commune B"
                checked += 1
        else:
            response = client.get("/" + route.route)
            if response.status_code == 200:
                assert SECRET_B not in _text(response), f"/{route.route} ({route.name}) shows commune B"
            checked += 1
    assert checked > 5


@pytest.mark.django_db
def test_admin_is_closed_to_tenant_users(every_role_a):
    response = client_for(every_role_a).get("/quan-tri/")
    assert response.status_code == 302 and "/quan-tri/login/" in response["Location"]


@pytest.mark.django_db
def test_province_viewer_reads_only_its_province(viewer_province, viewer_other_province, commune_b):
    url = f"/tinh/xa/{commune_b.pk}/"
    assert client_for(viewer_province).get(url).status_code == 200
    assert client_for(viewer_other_province).get(url).status_code == 404


@pytest.mark.django_db
def test_province_viewer_cannot_write(viewer_province, commune_b):
    client = client_for(viewer_province)
    for url in ("/don-vi/them/", f"/tinh/xa/{commune_b.pk}/", "/nguoi-dung/them/"):
        assert client.post(url, {"name": "x"}).status_code == 403
