"""Users belong to one commune (or one province) and hold one or more roles there."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models


class Role(models.TextChoices):
    COMMUNE_ADMIN = "commune_admin", "Quản trị xã"
    LEADER = "leader", "Lãnh đạo"
    OFFICER = "officer", "Cán bộ phụ trách CCHC"
    UNIT_STAFF = "unit_staff", "Cán bộ đơn vị"
    EDITOR = "editor", "Biên tập viên"
    CONTRIBUTOR = "contributor", "Cộng tác viên"
    PROVINCE_OFFICER = "province_officer", "Cán bộ tỉnh (chỉ đạo, tiếp nhận, thẩm định)"
    PROVINCE_LEADER = "province_leader", "Lãnh đạo tỉnh (phê duyệt)"
    PROVINCE_VIEWER = "province_viewer", "Cán bộ tỉnh (chỉ xem)"


# A province user (Sở Nội vụ, Sở Văn hóa…) has a province and no commune; a commune user the reverse.
PROVINCE_ROLES = frozenset({Role.PROVINCE_OFFICER, Role.PROVINCE_LEADER, Role.PROVINCE_VIEWER})
COMMUNE_ROLES = frozenset(r for r in Role if r not in PROVINCE_ROLES)


class User(AbstractUser):
    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    commune = models.ForeignKey(
        "localities.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="users",
        verbose_name="xã, phường, đặc khu",
    )
    province = models.ForeignKey(
        "localities.Province", on_delete=models.PROTECT, null=True, blank=True, related_name="users",
        verbose_name="tỉnh, thành phố",
    )
    unit = models.ForeignKey(
        "localities.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="staff",
        verbose_name="đơn vị",
    )
    phone = models.CharField("điện thoại", max_length=20, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(commune__isnull=True) | models.Q(province__isnull=True),
                name="user_in_commune_or_province",
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def role_codes(self) -> frozenset[str]:
        # Cached on the instance: one query per request at most (prefetched by the auth backend).
        cached = getattr(self, "_role_codes", None)
        if cached is None:
            cached = frozenset(r.role for r in self.role_rows.all()) if self.pk else frozenset()
            self._role_codes = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_codes.intersection(roles))

    @property
    def is_province_user(self) -> bool:
        """Works for a province (any province role): reads its communes, writes only province records."""
        return self.province_id is not None and not self.commune_id and bool(self.role_codes & PROVINCE_ROLES)

    @property
    def role_labels(self) -> list[str]:
        return [Role(code).label for code in sorted(self.role_codes)]


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_rows")
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="user_role_unique")]
        verbose_name = "vai trò"
        verbose_name_plural = "vai trò"

    def __str__(self) -> str:
        return self.get_role_display()

    @property
    def commune_id(self):
        return self.user.commune_id


class LoginFailure(models.Model):
    """Failed logins, per username and per address, for the lock-out. Old rows are pruned daily."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.CharField(max_length=45, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} @ {self.ip_address}"
