import pytest

from tuyentruyen.lib.tenancy import ScopeError, commune_scope
from tuyentruyen.localities.models import Unit
from tuyentruyen.localities.services import onboard_commune


@pytest.mark.django_db
def test_onboarding_creates_typical_units_once(commune_a):
    onboard_commune(commune_a)  # second time
    with commune_scope(commune_a):
        names = list(Unit.objects.values_list("name", flat=True))
    assert "Phòng Văn hóa - Xã hội" in names
    assert "Hội Nông dân" in names  # a xã has a farmers' association
    assert len(names) == len(set(names)) == 12
    assert commune_a.is_tenant


@pytest.mark.django_db
def test_a_ward_gets_the_ward_variants(province):
    from tuyentruyen.conftest import make_commune

    ward = make_commune(province, 90100, "Phú Lợi", kind="phuong")
    with commune_scope(ward):
        names = set(Unit.objects.values_list("name", flat=True))
    assert "Phòng Kinh tế, Hạ tầng và Đô thị" in names
    assert "Các tổ dân phố" in names
    assert "Hội Nông dân" not in names


@pytest.mark.django_db
def test_unscoped_queries_fail_closed(commune_a):
    with pytest.raises(ScopeError):
        list(Unit.objects.all())
