"""Provinces and communes (the official list after 07/2025) and the units inside a commune."""

from django.db import models

from tuyentruyen.lib import bounds
from tuyentruyen.lib.tenancy import CommuneScopedManager


def _check_settings(settings) -> None:
    from django.core.exceptions import ValidationError

    if not isinstance(settings, dict):
        raise ValidationError({"settings": "Thiết lập phải là một đối tượng JSON {tên: giá trị}."})
    refusals = [r for key, value in settings.items() if (r := bounds.setting_refusal(key, value))]
    if refusals:
        raise ValidationError({"settings": "; ".join(refusals)})


class Province(models.Model):
    code = models.PositiveIntegerField("mã", primary_key=True)
    name = models.CharField("tên", max_length=120)
    codename = models.SlugField(max_length=120, unique=True)
    kind = models.CharField("loại", max_length=40)
    settings = models.JSONField("thiết lập chung cho các xã", default=dict, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "tỉnh, thành phố"
        verbose_name_plural = "tỉnh, thành phố"

    def __str__(self) -> str:
        return self.name

    def clean(self):
        _check_settings(self.settings)


class CommuneKind(models.TextChoices):
    XA = "xa", "Xã"
    PHUONG = "phuong", "Phường"
    DAC_KHU = "dac_khu", "Đặc khu"


class Commune(models.Model):
    """A commune, ward or special zone. It becomes a tenant when onboarded."""

    code = models.PositiveIntegerField("mã", primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="communes")
    kind = models.CharField("loại", max_length=10, choices=CommuneKind.choices)
    name = models.CharField("tên", max_length=120, help_text="Không kèm chữ xã / phường / đặc khu")
    slug = models.SlugField(max_length=160, unique=True)
    onboarded_at = models.DateTimeField("ngày đưa vào sử dụng", null=True, blank=True)
    hotline = models.CharField("đường dây nóng", max_length=40, blank=True)
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    # Civic information shown on the commune's contacts page; what is empty is not shown (civic.py reads
    # the two lists defensively).
    office_hours = models.TextField("giờ làm việc", blank=True)
    directory = models.JSONField("danh bạ đơn vị", default=list, blank=True)
    reception_schedule = models.JSONField("lịch tiếp công dân", default=list, blank=True)
    zalo_oa_url = models.URLField("trang Zalo Official Account", max_length=300, blank=True)
    facebook_url = models.URLField("trang Facebook (fanpage)", max_length=300, blank=True)
    settings = models.JSONField("thiết lập riêng", default=dict, blank=True)

    class Meta:
        ordering = ["province__name", "name"]
        verbose_name = "xã, phường, đặc khu"
        verbose_name_plural = "xã, phường, đặc khu"

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.get_kind_display()} {self.name}"

    @property
    def committee_name(self) -> str:
        return f"Ủy ban nhân dân {self.get_kind_display().lower()} {self.name}"

    def clean(self):
        _check_settings(self.settings)

    def setting(self, key: str, default):
        """A setting of this commune, else its province's, else ``default`` (the app's own)."""
        value = self.settings[key] if key in self.settings else self.province.settings.get(key, default)
        # A value stored out of bounds (before they existed, or by hand) falls back, never breaks a page.
        return default if bounds.setting_refusal(key, value) else value

    @property
    def is_tenant(self) -> bool:
        return self.onboarded_at is not None

    @property
    def commune_id(self) -> int:
        # Lets the audit trail and scope checks treat a commune like anything that belongs to one.
        return self.pk


class UnitKind(models.TextChoices):
    OFFICE = "office", "Văn phòng"
    CULTURE_SOCIAL = "culture_social", "Phòng Văn hóa - Xã hội"
    ECONOMY = "economy", "Phòng Kinh tế"
    SERVICE_CENTER = "service_center", "Trung tâm Phục vụ hành chính công"
    MEDIA_CENTER = "media_center", "Trung tâm dịch vụ, truyền thông"
    FRONT = "front", "Mặt trận Tổ quốc và đoàn thể"
    MASS_ORG = "mass_org", "Tổ chức chính trị - xã hội"
    VILLAGE = "village", "Thôn, tổ dân phố"
    OTHER = "other", "Khác"


class Unit(models.Model):
    """A unit under the commune's People's Committee. Names differ between communes: they are data."""

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="units")
    name = models.CharField("tên đơn vị", max_length=200)
    kind = models.CharField("loại", max_length=20, choices=UnitKind.choices, default=UnitKind.OTHER)
    aliases = models.JSONField(
        "tên gọi khác", default=list, blank=True, help_text="Các cách viết khác gặp trong văn bản"
    )
    position = models.PositiveIntegerField("thứ tự", default=0)
    active = models.BooleanField("đang hoạt động", default=True)

    objects = CommuneScopedManager()

    class Meta:
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["commune", "name"], name="unit_name_unique_in_commune")]
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"

    def __str__(self) -> str:
        return self.name
