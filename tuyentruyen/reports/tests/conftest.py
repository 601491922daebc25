import pytest

from tuyentruyen.lib.tenancy import commune_scope


@pytest.fixture
def in_a(commune_a):
    """Commune A's scope open, as the middleware would for its users."""
    with commune_scope(commune_a):
        yield commune_a
