"""In-app notifications (the bell) and the daily e-mail digests made from them."""

from django.conf import settings
from django.db import models

from tuyentruyen.lib.tenancy import CommuneScopedManager


class Kind(models.TextChoices):
    """What a notification is about. Other apps may pass any short slug; these are the common ones."""

    INFO = "info", "Thông tin"
    DUE_SOON = "due_soon", "Sắp đến hạn"
    OVERDUE = "overdue", "Quá hạn"
    REPORT_DEADLINE = "report_deadline", "Hạn báo cáo"


# Events (``services.notify_event``): the kind is "<thing>.<what happened>"; the label is what the
# bell's list shows beside the line. Kinds not listed show no label.
EVENT_LABELS = {
    "plan.submitted": "Kế hoạch trình duyệt",
    "plan.returned": "Kế hoạch bị trả lại",
    "plan.approved": "Kế hoạch được duyệt",
    "plan.issued": "Kế hoạch ban hành",
    "report.submitted": "Báo cáo được gửi",
    "report.returned": "Báo cáo bị trả lại",
    "report.approved": "Báo cáo được duyệt",
    "report.accepted": "Báo cáo được tiếp nhận",
    "report.issued": "Báo cáo ban hành",
    "report.late": "Báo cáo quá hạn",
    "feedback.assigned": "Phản ánh được giao",
    "feedback.received": "Phản ánh mới",
    "article.returned": "Tin bài bị trả lại",
}


class Notification(models.Model):
    """One message to one person, shown under the bell and sent once in that day's e-mail digest.

    Who may see a row is decided by ``user``: a notification is personal, and every read goes through
    ``services.notifications_for(user)``, which always filters on the user.

    ``commune`` is the tenant of the user it was written for (``user.commune``), so that for commune
    users the scope stays the safety net under that filter: ``objects`` is the ``CommuneScopedManager``
    and is what commune users' queries go through, inside the scope the middleware (or a job) opened.
    Province viewers and system admins belong to no commune: their rows have ``commune`` null. A
    commune scope can never match a null commune (and a province viewer's scope lists communes, not
    "none"), so their rows are read through ``personal``, an unscoped manager, and only ever with
    ``user=`` and ``commune__isnull=True`` in the same filter: such a row belongs to no tenant, so
    the person is the whole boundary. Elsewhere ``personal`` is used only by the services that work per
    person across communes (idempotency check, digests, marking read), always with a ``user`` filter.
    """

    commune = models.ForeignKey(
        "localities.Commune", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name="xã, phường, đặc khu",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
        verbose_name="người nhận",
    )
    kind = models.CharField("loại", max_length=30, default=Kind.INFO)
    title = models.CharField("tiêu đề", max_length=255)
    body = models.TextField("nội dung", blank=True)
    url = models.CharField("đường dẫn", max_length=500, blank=True)
    # A stable id of what it is about ("task:12:due"): the same key for the same person on the same
    # local day makes no second row, so a job that runs twice does not notify twice.
    key = models.CharField("khóa", max_length=200, blank=True)
    day = models.DateField("ngày")  # local (Asia/Ho_Chi_Minh) day the notification belongs to
    created_at = models.DateTimeField("thời điểm", auto_now_add=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)
    emailed_at = models.DateTimeField("đã gửi thư lúc", null=True, blank=True)

    objects = CommuneScopedManager()
    # second, so that the scoped one stays the default manager; see the docstring for its only uses
    personal = models.Manager()  # noqa: DJ012 - ruff reads this manager as a field

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # the bell: COUNT of one user's unread rows
            models.Index(fields=["user", "commune"], condition=models.Q(read_at__isnull=True),
                         name="notification_unread"),
            models.Index(fields=["user", "-created_at"], name="notification_user_newest"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key", "day"], condition=~models.Q(key=""), name="notification_once_a_day",
            )
        ]
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def kind_label(self) -> str:
        if self.kind in Kind.values:
            return Kind(self.kind).label
        return EVENT_LABELS.get(self.kind, "")


class Digest(models.Model):
    """The one e-mail a person gets on a day. The unique row is the claim: whoever inserts it sends.
    Personal, not a tenant's data, so not scoped (read only by the digest job, per user)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField("ngày")
    sent_at = models.DateTimeField("gửi lúc", auto_now_add=True)
    count = models.PositiveIntegerField("số thông báo", default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_a_day")]
        verbose_name = "thư tổng hợp"
        verbose_name_plural = "thư tổng hợp"

    def __str__(self) -> str:
        return f"{self.user} {self.day:%d/%m/%Y}"
