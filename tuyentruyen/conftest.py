"""Shared personas (as in STYLE.md): an officer of commune A, staff of two units of A, an officer of
commune B in the same province, and a viewer of another province. Commune B's things carry the marker
``SECRET_B`` in their names so that a leak shows up in any page's text."""

import pytest
from django.test import Client

from tuyentruyen.accounts.models import COMMUNE_ROLES, Role
from tuyentruyen.accounts.services import create_user
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.lib.text import slugify_vi
from tuyentruyen.localities.models import Commune, CommuneKind, Province, Unit
from tuyentruyen.localities.services import onboard_commune

PASSWORD = "Mat-khau-thu-2026"
SECRET_B = "BiMatXaB"


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests must not depend on what ./run left in var/: plain static names served by the finders,
    # and uploaded files in a fresh folder.
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "uploads"
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.SCRATCH_DIR = tmp_path / "scratch"


@pytest.fixture(autouse=True)
def _personas_pass_second_factor(request):
    """Every login in a test counts as having given its second factor, so that tests of other features
    need no authenticator; tests marked ``second_factor`` get the real rules."""
    if request.node.get_closest_marker("second_factor"):
        yield
        return
    from django.contrib.auth.signals import user_logged_in

    from tuyentruyen.accounts import twofactor

    def mark(sender, request, user, **kwargs):
        request.session[twofactor.SESSION_KEY] = twofactor.VERIFIED

    user_logged_in.connect(mark, weak=False, dispatch_uid="tests-second-factor")
    yield
    user_logged_in.disconnect(dispatch_uid="tests-second-factor")


def make_commune(province, code, name, kind=CommuneKind.XA):
    commune = Commune.objects.create(code=code, province=province, kind=kind, name=name,
                                     slug=f"{slugify_vi(kind.replace('_', ' ') + ' ' + name)}-{code}")
    return onboard_commune(commune)


@pytest.fixture
def province(db):
    return Province.objects.create(code=91, name="Tỉnh Thử Nghiệm", codename="thu_nghiem", kind="tỉnh")


@pytest.fixture
def other_province(db):
    return Province.objects.create(code=92, name="Tỉnh Bên Cạnh", codename="ben_canh", kind="tỉnh")


@pytest.fixture
def commune_a(province):
    return make_commune(province, 90001, "An Hòa")


@pytest.fixture
def commune_b(province):
    commune = make_commune(province, 90002, f"Bình Minh {SECRET_B}")
    with commune_scope(commune):
        Unit.objects.filter(kind="office").update(name=f"Văn phòng {SECRET_B}")
    return commune


def unit_of(commune, kind):
    with commune_scope(commune):
        return Unit.objects.get(kind=kind)


@pytest.fixture
def officer_a(commune_a):
    return create_user("canbo_a", PASSWORD, roles=[Role.OFFICER], commune=commune_a, full_name="Cán Bộ A")


@pytest.fixture
def admin_a(commune_a):
    return create_user("quantri_a", PASSWORD, roles=[Role.COMMUNE_ADMIN], commune=commune_a,
                       full_name="Quản Trị A")


@pytest.fixture
def leader_a(commune_a):
    return create_user("lanhdao_a", PASSWORD, roles=[Role.LEADER], commune=commune_a, full_name="Lãnh Đạo A")


@pytest.fixture
def staff_a(commune_a):
    return create_user("donvi_a", PASSWORD, roles=[Role.UNIT_STAFF], commune=commune_a,
                       unit=unit_of(commune_a, "media_center"), full_name="Nhân Viên A")


@pytest.fixture
def other_staff_a(commune_a):
    return create_user("donvi2_a", PASSWORD, roles=[Role.UNIT_STAFF], commune=commune_a,
                       unit=unit_of(commune_a, "service_center"), full_name="Nhân Viên Khác A")


@pytest.fixture
def officer_b(commune_b):
    return create_user("canbo_b", PASSWORD, roles=[Role.OFFICER, Role.COMMUNE_ADMIN], commune=commune_b,
                       full_name=f"Cán Bộ {SECRET_B}")


@pytest.fixture
def viewer_other_province(other_province):
    return create_user("tinh_khac", PASSWORD, roles=[Role.PROVINCE_VIEWER], province=other_province,
                       full_name="Cán Bộ Tỉnh Khác")


@pytest.fixture
def viewer_province(province):
    return create_user("tinh", PASSWORD, roles=[Role.PROVINCE_VIEWER], province=province,
                       full_name="Cán Bộ Tỉnh")


@pytest.fixture
def province_officer(province):
    """Sở Nội vụ staff of commune A's (and B's) province: issues province plans, receives and appraises."""
    return create_user("tinh_canbo", PASSWORD, roles=[Role.PROVINCE_OFFICER], province=province,
                       full_name="Cán Bộ Sở Nội Vụ")


@pytest.fixture
def province_leader(province):
    return create_user("tinh_lanhdao", PASSWORD, roles=[Role.PROVINCE_LEADER], province=province,
                       full_name="Lãnh Đạo Sở Nội Vụ")


@pytest.fixture
def officer_other_province(other_province):
    return create_user("tinh_khac_canbo", PASSWORD, roles=[Role.PROVINCE_OFFICER], province=other_province,
                       full_name="Cán Bộ Tỉnh Khác")


@pytest.fixture
def every_role_a(commune_a):
    """One user of commune A holding every commune role: the widest access a tenant user can have."""
    roles = sorted(COMMUNE_ROLES)
    return create_user("tatca_a", PASSWORD, roles=roles, commune=commune_a,
                       unit=unit_of(commune_a, "culture_social"), full_name="Mọi Vai Trò A")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
