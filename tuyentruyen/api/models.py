"""Tokens with which upper-level systems (the province's, the Ministry's) read the API, and the log of
every request made with one. A token is shown once, when it is made; only its SHA-256 is stored (the
secret is random and long, so a fast hash is enough: there is nothing to guess)."""

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    name = models.CharField("tên hệ thống", max_length=200)
    province = models.ForeignKey("localities.Province", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name="tỉnh",
                                 help_text="Để trống: đọc được dữ liệu cả nước.")
    secret_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField("đầu khóa", max_length=12, help_text="the first characters, to tell tokens apart")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)
    last_used_at = models.DateTimeField("dùng lần cuối", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "khóa API"
        verbose_name_plural = "khóa API"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def commune_id(self):
        return None  # a token belongs to no commune

    @property
    def scope_label(self) -> str:
        return self.province.name if self.province_id else "Cả nước"


class ApiRequest(models.Model):
    """One request made with a token: the audit of API use (who read what, when, with what answer)."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="requests")
    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    method = models.CharField(max_length=10)
    path = models.CharField("đường dẫn", max_length=500)
    status = models.PositiveSmallIntegerField("mã trả về")

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "lượt gọi API"
        verbose_name_plural = "lượt gọi API"

    def __str__(self) -> str:
        return f"{self.method} {self.path} → {self.status}"

    @property
    def commune_id(self):
        return None
