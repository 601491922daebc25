from django.conf import settings
from django.db import models

from tuyentruyen.lib.tenancy import CommuneScopedManager


class AuditEvent(models.Model):
    """One change to one domain object: who, when, what, and the fields before and after."""

    class Action(models.TextChoices):
        CREATE = "create", "Tạo mới"
        UPDATE = "update", "Sửa"
        DELETE = "delete", "Xóa"

    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="người thực hiện",
    )
    commune = models.ForeignKey(
        "localities.Commune", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    action = models.CharField("thao tác", max_length=10, choices=Action.choices)
    model = models.CharField("loại dữ liệu", max_length=100)
    object_pk = models.CharField(max_length=64)
    object_repr = models.CharField("đối tượng", max_length=255)
    changes = models.JSONField("thay đổi", default=dict, blank=True)

    objects = CommuneScopedManager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["commune", "-at"])]
        verbose_name = "nhật ký thay đổi"
        verbose_name_plural = "nhật ký thay đổi"

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.model} {self.object_repr}"
