"""Walks every URL of the project as users of commune A (and of another province) against commune B
(``walker.run_walk``). URLs are read from the resolver, so pages added later are walked without editing this
file; a URL parameter no app maps fails the walk until its app maps it (tests/isolation.py)."""

import pytest

from tuyentruyen.conftest import SECRET_B, client_for

from .isolation import Side, make_objects
from .walker import World, docx_as_pdf, our_routes, run_walk, unmapped_parameters

MARKER_A = "XaAnHoaRieng"


def build_world(officer_a, officer_b, only=None) -> World:
    world = World(a=Side(officer_a.commune, officer_a, MARKER_A, 0), b=Side(officer_b.commune, officer_b, SECRET_B, 1))
    make_objects(world.a, only)
    make_objects(world.b, only)
    return world


@pytest.fixture
def world(officer_a, officer_b):
    return build_world(officer_a, officer_b)


@pytest.mark.django_db
def test_every_parameter_is_mapped_by_its_app():
    missing = unmapped_parameters(our_routes())
    assert not missing, f"map these URL parameters in the app's tests/isolation.py (PARAMETERS): {sorted(missing)}"


@pytest.mark.django_db
def test_every_format_parameter_is_declared():
    undeclared = [r.name for r in our_routes() if "fmt" in r.params and "fmt" not in r.formats]
    assert not undeclared, f"declare the formats with lib.documents.offers_formats: {undeclared}"


@pytest.mark.django_db
def test_the_walk_sees_the_routes_it_should():
    names = {r.name for r in our_routes()}
    assert {"localities:edit_unit", "accounts:edit_user", "localities:province_commune", "web:home",
            "engagement:question_edit", "procedures:dismiss_unanswered", "work:activity_export"} <= names
    formats = {r.name: r.formats.get("fmt") for r in our_routes()}
    assert formats["work:activity_export"] == ("xlsx",) and set(formats["reports:download"]) == {"docx", "xlsx", "pdf"}


@pytest.mark.django_db
def test_the_world_has_real_files_for_both_communes(world):
    # evidence, a feedback attachment and a picture's renditions, each stored with bytes
    assert len(world.b.files) >= 4 and all(world.b.files)
    assert not set(world.a.files) & set(world.b.files)


@pytest.mark.django_db
def test_commune_a_user_reaches_nothing_of_commune_b(world, every_role_a, monkeypatch):
    docx_as_pdf(monkeypatch)
    findings = run_walk(client_for(every_role_a), world)
    assert not findings, "\n".join(str(f) for f in findings[:40])
    assert findings.probes > 600  # every URL was walked (about 650 requests)


@pytest.mark.django_db
def test_other_province_viewer_reaches_nothing_of_commune_b(world, viewer_other_province, monkeypatch):
    docx_as_pdf(monkeypatch)
    findings = run_walk(client_for(viewer_other_province), world, own_objects=False)
    assert not findings, "\n".join(str(f) for f in findings[:40])
    assert findings.probes > 300


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
