import pytest

from tuyentruyen.lib.tenancy import commune_scope


@pytest.fixture
def in_a(commune_a):
    """Commune A's scope open, as the middleware would for its users."""
    with commune_scope(commune_a):
        yield commune_a


@pytest.fixture
def leader_a(commune_a):
    """The commune leader (Chủ tịch / Phó Chủ tịch UBND xã) who signs the commune's report off."""
    from tuyentruyen.accounts.models import Role
    from tuyentruyen.accounts.services import create_user
    from tuyentruyen.conftest import PASSWORD

    return create_user("lanhdao_a", PASSWORD, roles=[Role.LEADER], commune=commune_a, full_name="Lãnh Đạo A")
