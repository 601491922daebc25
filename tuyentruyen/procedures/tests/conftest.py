import pytest

from tuyentruyen.lib.current import acting_as
from tuyentruyen.procedures import lookup
from tuyentruyen.procedures.importer import parse_catalogue
from tuyentruyen.procedures.management.commands.load_procedures import DEMO_CATALOGUE
from tuyentruyen.procedures.services import import_catalogue


@pytest.fixture(autouse=True)
def _fresh_index_cache():
    # Indexes live in the process; each test has its own database.
    lookup.clear_cache()
    yield
    lookup.clear_cache()


def load_demo(commune=None):
    parsed = parse_catalogue(DEMO_CATALOGUE.read_bytes())
    with acting_as(None):
        return import_catalogue(parsed.records, source="demo_catalogue.json", publish_to=commune)


@pytest.fixture
def demo_catalogue(db):
    return load_demo()


def ascii_slug(commune):
    # The shared personas' slugs keep Vietnamese letters ("xa-an-hòa-90001"), which <slug:> does not match.
    commune.slug = f"xa-thu-nghiem-{commune.pk}"
    commune.save(update_fields=["slug"])
    return commune


@pytest.fixture
def site_a(commune_a):
    commune_a.hotline = "0220 3888 999"
    commune_a.save(update_fields=["hotline"])
    return ascii_slug(commune_a)


@pytest.fixture
def site_b(commune_b):
    return ascii_slug(commune_b)


@pytest.fixture
def demo_in_a(site_a):
    """The demo catalogue, every procedure published by commune A (and none by B)."""
    load_demo(site_a)
    return site_a
