"""The demo installation that ./run brings up: one onboarded commune, one user per role.

The commune is real (Xã Đông Hòa, An Giang, from the official list); everything written about it
is demo content made up for the project.
"""

import os

from django.db import transaction

from tuyentruyen.accounts.models import Role, User
from tuyentruyen.accounts.services import create_user
from tuyentruyen.lib.current import acting_as
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.localities.models import Commune, Unit, UnitKind
from tuyentruyen.localities.services import load_localities, onboard_commune

DEMO_COMMUNE_CODE = 31024  # Xã Đông Hòa, tỉnh An Giang
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "DongHoa@2026")

# username, full name, roles, unit kind (for unit staff)
DEMO_USERS = [
    ("quantri", "Nguyễn Văn Quản", [Role.COMMUNE_ADMIN], None),
    ("lanhdao", "Trần Thị Lan", [Role.LEADER], None),
    ("canbo", "Lê Minh Tâm", [Role.OFFICER], None),
    ("donvi", "Phạm Thu Hà", [Role.UNIT_STAFF], UnitKind.MEDIA_CENTER),
    ("bientap", "Võ Thanh Bình", [Role.EDITOR], None),
    ("congtacvien", "Đặng Ngọc Mai", [Role.CONTRIBUTOR], None),
]


def load_demo_plan(commune) -> None:
    """The demo plan (text written for the project, tuyentruyen/plans/demo/), issued, so that its tasks
    and topics exist for the rest of the demo. Only when the commune has no plan yet."""
    import json
    from datetime import date
    from pathlib import Path

    from tuyentruyen.plans.models import Plan
    from tuyentruyen.plans.services import create_plan, current_revision, transition

    if Plan.objects.exists():
        return
    path = Path(__file__).resolve().parents[1] / "plans" / "demo" / "demo_plan.json"
    plan = create_plan(commune=commune, document=json.loads(path.read_text(encoding="utf-8")),
                       source_name="ke-hoach-demo.md")
    revision = current_revision(plan)
    for action in ("submit", "approve"):
        revision = transition(revision, action)
    transition(revision, "issue", number="05", issued_on=date(2026, 1, 12))


def load_demo_procedures(commune) -> None:
    """The demo catalogue of procedures (marked as demo data), published to the demo commune."""
    from tuyentruyen.procedures.importer import parse_catalogue
    from tuyentruyen.procedures.management.commands.load_procedures import DEMO_CATALOGUE
    from tuyentruyen.procedures.models import Procedure
    from tuyentruyen.procedures.services import import_catalogue

    if Procedure.objects.exists():
        return
    parsed = parse_catalogue(DEMO_CATALOGUE.read_bytes(), DEMO_CATALOGUE.name)
    import_catalogue(parsed.records, source=DEMO_CATALOGUE.name, partial=parsed.partial, publish_to=commune)


@transaction.atomic
def load_demo() -> list[tuple[str, str]]:
    """Idempotent. Returns (username, role description) for the logins it prints."""
    from tuyentruyen.localities.models import Province

    if not Commune.objects.filter(pk=DEMO_COMMUNE_CODE).exists():
        load_localities()
    commune = Commune.objects.select_related("province").get(pk=DEMO_COMMUNE_CODE)
    logins = []
    with acting_as(None):
        onboard_commune(commune, hotline="0296 3800 000", address="Trụ sở Ủy ban nhân dân xã Đông Hòa",
                        email="ubnd.donghoa@example.vn")
        with commune_scope(commune):
            for username, full_name, roles, unit_kind in DEMO_USERS:
                unit = Unit.objects.filter(kind=unit_kind).first() if unit_kind else None
                if not User.objects.filter(username=username).exists():
                    create_user(username, DEMO_PASSWORD, roles=roles, commune=commune, unit=unit,
                                full_name=full_name)
                logins.append((username, ", ".join(Role(r).label for r in roles)))
            load_demo_plan(commune)
            load_demo_procedures(commune)
        if not User.objects.filter(username="tinh").exists():
            create_user("tinh", DEMO_PASSWORD, roles=[Role.PROVINCE_VIEWER],
                        province=Province.objects.get(pk=commune.province_id), full_name="Hồ Quốc Việt")
        logins.append(("tinh", Role.PROVINCE_VIEWER.label))
        if not User.objects.filter(username="admin").exists():
            User.objects.create_superuser("admin", "admin@example.vn", DEMO_PASSWORD, full_name="Quản trị hệ thống")
        logins.append(("admin", "Quản trị hệ thống"))
    return logins
