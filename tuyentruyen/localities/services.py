"""Writes for localities: loading the official list and onboarding a commune as a tenant."""

import json
from collections import Counter

from django.db import transaction
from django.utils import timezone

from tuyentruyen.audit.recorder import record_bulk, snapshots
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.lib.text import slugify_vi

from . import civic
from .models import Commune, CommuneKind, Province, Unit, UnitKind

_KIND_BY_DIVISION = {"xã": CommuneKind.XA, "phường": CommuneKind.PHUONG, "đặc khu": CommuneKind.DAC_KHU}
_KIND_PREFIX = {CommuneKind.XA: "Xã ", CommuneKind.PHUONG: "Phường ", CommuneKind.DAC_KHU: "Đặc khu "}


def read_official_divisions() -> list[dict]:
    """The nested province → commune list shipped inside the ``vietnam-provinces`` package."""
    from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

    with open(NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as fh:
        return json.load(fh)


def _bare_name(full_name: str, kind: str) -> str:
    prefix = _KIND_PREFIX[kind]
    return full_name[len(prefix):] if full_name.startswith(prefix) else full_name


def _commune_slugs(divisions: list[dict]) -> dict[int, str]:
    """Readable unique slugs: 'xa-vinh-bao'; where names collide once diacritics are folded (the same
    name in several provinces, or 'Tân Thanh' beside 'Tân Thành'), the province and then the code
    are added."""
    wards = [(province, ward) for province in divisions for ward in province["wards"]]
    plain = Counter(slugify_vi(ward["name"]) for _, ward in wards)
    slugs = {}
    for province, ward in wards:
        slug = slugify_vi(ward["name"])
        if plain[slug] > 1:
            slug = f"{slug}-{slugify_vi(province['codename'])}"
        slugs[ward["code"]] = slug
    repeated = Counter(slugs.values())
    return {code: (f"{slug}-{code}" if repeated[slug] > 1 else slug) for code, slug in slugs.items()}


@transaction.atomic
def load_localities(divisions: list[dict] | None = None) -> tuple[int, int]:
    """Create or update every province and commune; safe to run again. Returns the two counts."""
    divisions = read_official_divisions() if divisions is None else divisions
    slugs = _commune_slugs(divisions)
    existing_provinces = {p.code: p for p in Province.objects.all()}
    existing_communes = {c.code: c for c in Commune.objects.all()}
    before_provinces, before_communes = snapshots(existing_provinces.values()), snapshots(existing_communes.values())
    new_provinces, new_communes, changed = [], [], []
    for row in divisions:
        province = existing_provinces.get(row["code"]) or Province(code=row["code"])
        province.name, province.codename, province.kind = row["name"], row["codename"], row["division_type"]
        (changed if province.code in existing_provinces else new_provinces).append(province)
    record_bulk(Province.objects.bulk_create(new_provinces))
    Province.objects.bulk_update(changed, ["name", "codename", "kind"])
    record_bulk(changed, before=before_provinces, fields=["name", "codename", "kind"])
    changed = []
    for row in divisions:
        for ward in row["wards"]:
            kind = _KIND_BY_DIVISION[ward["division_type"]]
            slug = slugs[ward["code"]]
            commune = existing_communes.get(ward["code"]) or Commune(code=ward["code"])
            commune.province_id = row["code"]
            commune.kind = kind
            commune.name = _bare_name(ward["name"], kind)
            commune.slug = slug
            (changed if commune.code in existing_communes else new_communes).append(commune)
    record_bulk(Commune.objects.bulk_create(new_communes, batch_size=500))
    Commune.objects.bulk_update(changed, ["province", "kind", "name", "slug"], batch_size=500)
    record_bulk(changed, before=before_communes, fields=["province", "kind", "name", "slug"])
    return Province.objects.count(), Commune.objects.count()


def typical_units(kind: str) -> list[tuple[str, str, list[str]]]:
    """The units a commune usually has (DOMAIN.md); editable after onboarding."""
    word = {"xa": "xã", "phuong": "phường", "dac_khu": "đặc khu"}[kind]
    economy = "Phòng Kinh tế, Hạ tầng và Đô thị" if kind == CommuneKind.PHUONG else "Phòng Kinh tế"
    villages = "Các tổ dân phố" if kind == CommuneKind.PHUONG else "Các thôn"
    units = [
        ("Văn phòng HĐND và UBND", UnitKind.OFFICE,
         ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", "Văn phòng HĐND - UBND", "Văn phòng UBND"]),
        ("Phòng Văn hóa - Xã hội", UnitKind.CULTURE_SOCIAL, ["Phòng Văn hóa và Xã hội", "Phòng VH-XH"]),
        (economy, UnitKind.ECONOMY, ["Phòng Kinh tế"] if kind == CommuneKind.PHUONG else []),
        ("Trung tâm Phục vụ hành chính công", UnitKind.SERVICE_CENTER,
         ["Trung tâm PVHCC", "Bộ phận một cửa"]),
        ("Trung tâm Dịch vụ sự nghiệp công", UnitKind.MEDIA_CENTER,
         ["Trung tâm Văn hóa, Thể thao và Truyền thông", "Đài truyền thanh"]),
        (f"Ủy ban Mặt trận Tổ quốc Việt Nam {word}", UnitKind.FRONT,
         ["Ủy ban MTTQ Việt Nam", "UBMTTQ", "Mặt trận Tổ quốc"]),
        ("Đoàn Thanh niên Cộng sản Hồ Chí Minh", UnitKind.MASS_ORG, ["Đoàn Thanh niên", "Đoàn TNCS Hồ Chí Minh"]),
        ("Hội Liên hiệp Phụ nữ", UnitKind.MASS_ORG, ["Hội Phụ nữ", "Hội LHPN"]),
        ("Hội Cựu chiến binh", UnitKind.MASS_ORG, ["Hội CCB"]),
        (f"Công an {word}", UnitKind.OTHER, []),
        (villages, UnitKind.VILLAGE, ["Thôn, tổ dân phố", "Trưởng thôn", "Tổ trưởng tổ dân phố"]),
    ]
    if kind != CommuneKind.PHUONG:
        units.insert(8, ("Hội Nông dân", UnitKind.MASS_ORG, ["Hội ND"]))
    return units


@transaction.atomic
def onboard_commune(commune: Commune, *, hotline: str = "", address: str = "", email: str = "") -> Commune:
    """Make a commune a tenant and give it its typical units. Running it twice changes nothing."""
    commune = Commune.objects.select_for_update().get(pk=commune.pk)
    if commune.onboarded_at is None:
        commune.onboarded_at = timezone.now()
    commune.hotline = hotline or commune.hotline
    commune.address = address or commune.address
    commune.email = email or commune.email
    commune.save()
    with commune_scope(commune):
        if not Unit.objects.exists():
            for position, (name, kind, aliases) in enumerate(typical_units(commune.kind), start=1):
                Unit.objects.create(commune=commune, name=name, kind=kind, aliases=aliases, position=position)
    return commune


def add_unit(commune: Commune, *, name: str, kind: str, aliases: list[str]) -> Unit:
    with commune_scope(commune):
        position = (Unit.objects.order_by("-position").values_list("position", flat=True).first() or 0) + 1
        return Unit.objects.create(commune=commune, name=name, kind=kind, aliases=aliases, position=position)


def update_unit(unit: Unit, *, name: str, kind: str, aliases: list[str], active: bool) -> Unit:
    unit.name, unit.kind, unit.aliases, unit.active = name, kind, aliases, active
    unit.save()
    return unit


@transaction.atomic
def update_civic_information(commune: Commune, *, hotline: str, email: str, address: str, office_hours: str,
                             directory: list[dict], reception: list[dict], zalo_oa_url: str = "",
                             facebook_url: str = "") -> Commune:
    """The contacts residents read (checked by ``CivicInformationForm`` / ``civic.py``). One save: the
    audit trail records it through the signal."""
    commune = Commune.objects.select_for_update().get(pk=commune.pk)
    commune.hotline, commune.email, commune.address = hotline, email, address
    commune.office_hours, commune.directory, commune.reception_schedule = office_hours, directory, reception
    commune.zalo_oa_url = civic.check_follow_link(zalo_oa_url, "zalo")
    commune.facebook_url = civic.check_follow_link(facebook_url, "facebook")
    commune.save(update_fields=["hotline", "email", "address", "office_hours", "directory", "reception_schedule",
                                "zalo_oa_url", "facebook_url"])
    from tuyentruyen.portal.services import bump_site  # every public page's footer shows the contacts

    with commune_scope(commune):
        bump_site(commune)
    return commune
