from django.conf import settings
from django.db import models

from tuyentruyen.lib.tenancy import CommuneScopedManager


class AuditTrailIsAppendOnly(Exception):
    """Raised by any attempt to change or delete an audit event: the trail is written once, read after."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditTrailIsAppendOnly("audit events cannot be updated")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditTrailIsAppendOnly("audit events cannot be updated")

    def delete(self):
        raise AuditTrailIsAppendOnly("audit events cannot be deleted")

    delete.queryset_only = True


AppendOnlyManager = models.Manager.from_queryset(AppendOnlyQuerySet)


class AuditEvent(models.Model):
    """One change to one domain object: who, when, what, and the fields before and after. Append-only:
    save() inserts and never updates, and neither an instance nor a queryset can be deleted; a user or
    a commune with audit events cannot be deleted either (deactivate the account instead)."""

    class Action(models.TextChoices):
        CREATE = "create", "Tạo mới"
        UPDATE = "update", "Sửa"
        DELETE = "delete", "Xóa"

    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="người thực hiện",
    )
    commune = models.ForeignKey(
        "localities.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField("thao tác", max_length=10, choices=Action.choices)
    model = models.CharField("loại dữ liệu", max_length=100)
    object_pk = models.CharField(max_length=64)
    object_repr = models.CharField("đối tượng", max_length=255)
    changes = models.JSONField("thay đổi", default=dict, blank=True)

    objects = CommuneScopedManager(manager_class=AppendOnlyManager)
    # Unscoped, for the recorder's inserts; append-only as well.
    rows = AppendOnlyManager()

    class Meta:
        base_manager_name = "rows"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["commune", "-at"])]
        verbose_name = "nhật ký thay đổi"
        verbose_name_plural = "nhật ký thay đổi"

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.model} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditTrailIsAppendOnly("audit events cannot be updated")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditTrailIsAppendOnly("audit events cannot be deleted")
