import pytest

from tuyentruyen.lib.tenancy import commune_scope

from .factories import issued_plan


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def scope_a(commune_a):
    with commune_scope(commune_a):
        yield commune_a


@pytest.fixture
def plan_a(commune_a, officer_a):
    with commune_scope(commune_a):
        return issued_plan(commune_a, officer_a)
