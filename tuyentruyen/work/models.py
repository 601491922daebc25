"""Execution of an issued plan: tasks assigned to units (with occurrences and milestones), the
communication activities units actually carried out, and the evidence that proves them.

A task's "overdue" state is never stored: it is derived from ``current_due`` (the due date of the task,
or of its earliest open occurrence for a recurring task) and today. ``current_due`` itself only changes
when someone writes to the task or its occurrences, so it cannot go stale with the passing of time.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from tuyentruyen.lib import bounds
from tuyentruyen.lib.tenancy import CommuneScopedManager


class Recurrence(models.TextChoices):
    NONE = "none", "Một lần"
    ONGOING = "ongoing", "Thường xuyên"
    WEEKLY = "weekly", "Hàng tuần"
    MONTHLY = "monthly", "Hàng tháng"
    QUARTERLY = "quarterly", "Hàng quý"
    HALF_YEARLY = "half_yearly", "6 tháng một lần"
    YEARLY = "yearly", "Hàng năm"


class TaskStatus(models.TextChoices):
    """Stored statuses. ``overdue`` is derived (see ``OVERDUE``) and never stored."""

    NOT_STARTED = "not_started", "Chưa thực hiện"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Hoàn thành"
    CANCELLED = "cancelled", "Đã hủy"


OVERDUE = "overdue"
OVERDUE_LABEL = "Quá hạn"
OPEN_STATUSES = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS)
STATUS_FILTER_CHOICES = [*TaskStatus.choices[:2], (OVERDUE, OVERDUE_LABEL), *TaskStatus.choices[2:]]


def effective_status(status: str, due: date | None, today: date | None = None) -> str:
    if status in OPEN_STATUSES and due is not None and due < (today or timezone.localdate()):
        return OVERDUE
    return status


def status_label(code: str) -> str:
    return OVERDUE_LABEL if code == OVERDUE else TaskStatus(code).label


class ActivityKind(models.Model):
    """A form of communication (Hình thức tuyên truyền). An editable list per commune, made lazily from
    the defaults in ``kinds.DEFAULT_KINDS`` on first need."""

    commune = models.ForeignKey("localities.Commune", on_delete=models.CASCADE, related_name="activity_kinds")
    code = models.SlugField("mã", max_length=40)
    name = models.CharField("tên hình thức", max_length=120)
    quantity_unit = models.CharField("đơn vị tính", max_length=60, blank=True)
    position = models.PositiveIntegerField("thứ tự", default=0)
    active = models.BooleanField("đang dùng", default=True)

    objects = CommuneScopedManager()

    class Meta:
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["commune", "code"], name="activity_kind_code_unique")]
        verbose_name = "hình thức tuyên truyền"
        verbose_name_plural = "hình thức tuyên truyền"

    def __str__(self) -> str:
        return self.name


class TaskKind(models.TextChoices):
    TASK = "task", "Nhiệm vụ"
    STANDING_DUTY = "standing_duty", "Nhiệm vụ thường xuyên"


class Task(models.Model):
    """A task of the plan's catalogue (its own timeframe), a task the officer added, or a unit's
    standing duties (``kind=STANDING_DUTY``): the duties a plan gives a unit in its "Tổ chức thực hiện"
    part, held as one row per unit (``duties``) and reported period by period, with no date of its own."""

    commune = models.ForeignKey("localities.Commune", on_delete=models.CASCADE, related_name="tasks")
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, null=True, blank=True, related_name="tasks")
    revision = models.ForeignKey("plans.PlanRevision", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="tasks")
    source_key = models.CharField(
        max_length=300, blank=True,
        help_text="Where the task came from in the plan, e.g. 'task|<title>' or 'duty|<unit>|<text>'; "
                  "keeps issuing idempotent across revisions",
    )
    parent = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="parts",
                               verbose_name="tách từ nhiệm vụ")
    kind = models.CharField("loại", max_length=16, choices=TaskKind.choices, default=TaskKind.TASK)
    group = models.CharField("nhóm", max_length=255, blank=True)
    title = models.TextField("nội dung công việc")
    duties = models.JSONField("các nhiệm vụ thường xuyên", default=list, blank=True,
                              help_text="a standing duty's lines, as the plan writes them")
    lead_unit = models.ForeignKey("localities.Unit", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="led_tasks", verbose_name="đơn vị chủ trì")
    coordinating_units = models.ManyToManyField("localities.Unit", blank=True, related_name="coordinated_tasks",
                                                verbose_name="đơn vị phối hợp")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="assigned_tasks", verbose_name="người thực hiện",
                                 help_text="a person of the lead unit the task is given to (optional)")
    lead_name = models.CharField("chủ trì (theo văn bản)", max_length=500, blank=True,
                                 help_text="as written in the plan; shown when no unit is linked")
    coordinating_names = models.CharField("phối hợp (theo văn bản)", max_length=1000, blank=True)
    timeframe_text = models.CharField("thời gian thực hiện", max_length=255, blank=True)
    start = models.DateField("bắt đầu", null=True, blank=True, validators=bounds.DATE.validators())
    due = models.DateField("hạn hoàn thành", null=True, blank=True, validators=bounds.DATE.validators())
    recurrence = models.CharField("lặp lại", max_length=12, choices=Recurrence.choices, default=Recurrence.NONE)
    trigger = models.CharField("điều kiện bắt đầu", max_length=500, blank=True)
    triggered_on = models.DateField("ngày có điều kiện", null=True, blank=True,
                                    validators=bounds.DATE.validators())
    current_due = models.DateField(
        null=True, blank=True, db_index=True,
        help_text="the due date that matters now: the task's, or its earliest open occurrence's",
        validators=bounds.DATE.validators(),
    )
    deliverable = models.CharField("sản phẩm", max_length=500, blank=True)
    weight = models.PositiveIntegerField("trọng số", default=1, validators=bounds.WEIGHT.validators())
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0,
                                                validators=bounds.PERCENT.validators())
    status = models.CharField("trạng thái", max_length=12, choices=TaskStatus.choices,
                              default=TaskStatus.NOT_STARTED)
    cancel_reason = models.CharField("lý do hủy", max_length=500, blank=True)
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True,
                                    validators=bounds.DATE.validators())
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    objects = CommuneScopedManager()

    class Meta:
        ordering = ["plan", "position", "id"]
        indexes = [models.Index(fields=["commune", "status", "current_due"], name="task_status_due_idx"),
                   models.Index(fields=["commune", "lead_unit"], name="task_unit_idx")]
        constraints = [
            bounds.DATE.constraint("start", "task_start_in_bounds"),
            bounds.DATE.constraint("due", "task_due_in_bounds"),
            bounds.DATE.constraint("triggered_on", "task_triggered_on_in_bounds"),
            bounds.DATE.constraint("current_due", "task_current_due_in_bounds"),
            bounds.DATE.constraint("completed_on", "task_completed_on_in_bounds"),
            bounds.WEIGHT.constraint("weight", "task_weight_in_bounds"),
            bounds.PERCENT.constraint("progress", "task_progress_in_bounds"),
            models.UniqueConstraint(fields=["plan", "source_key"], condition=~models.Q(source_key=""),
                                    name="task_source_key_unique_in_plan"),
        ]
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"

    def __str__(self) -> str:
        return self.title if len(self.title) <= 90 else self.title[:87].rsplit(" ", 1)[0] + "…"

    @property
    def is_standing_duty(self) -> bool:
        return self.kind == TaskKind.STANDING_DUTY

    @property
    def is_recurring(self) -> bool:
        return self.recurrence != Recurrence.NONE

    @property
    def waits_for_trigger(self) -> bool:
        return bool(self.trigger) and self.triggered_on is None

    @property
    def effective_status(self) -> str:
        return effective_status(self.status, self.current_due)

    @property
    def status_label(self) -> str:
        return status_label(self.effective_status)


class TaskOccurrence(models.Model):
    """One period of a recurring task (a quarter of "Hàng quý"), with its own status."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="occurrences")
    label = models.CharField("kỳ", max_length=60)
    period_start = models.DateField(validators=bounds.DATE.validators())
    period_end = models.DateField(validators=bounds.DATE.validators())
    due = models.DateField("hạn", validators=bounds.DATE.validators())
    status = models.CharField("trạng thái", max_length=12, choices=TaskStatus.choices,
                              default=TaskStatus.NOT_STARTED)
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0,
                                                validators=bounds.PERCENT.validators())
    completed_on = models.DateField(null=True, blank=True, validators=bounds.DATE.validators())
    note = models.CharField("ghi chú", max_length=500, blank=True)

    objects = CommuneScopedManager("task__commune")

    class Meta:
        ordering = ["task", "period_start"]
        constraints = [
            bounds.DATE.constraint("period_start", "taskoccurrence_period_start_in_bounds"),
            bounds.DATE.constraint("period_end", "taskoccurrence_period_end_in_bounds"),
            bounds.DATE.constraint("due", "taskoccurrence_due_in_bounds"),
            bounds.DATE.constraint("completed_on", "taskoccurrence_completed_on_in_bounds"),
            bounds.PERCENT.constraint("progress", "taskoccurrence_progress_in_bounds"),
            models.UniqueConstraint(fields=["task", "period_start"], name="occurrence_period_unique")]
        verbose_name = "kỳ thực hiện"
        verbose_name_plural = "kỳ thực hiện"

    def __str__(self) -> str:
        return self.label

    @property
    def commune_id(self):
        return self.task.commune_id

    @property
    def effective_status(self) -> str:
        return effective_status(self.status, self.due)

    @property
    def status_label(self) -> str:
        return status_label(self.effective_status)


class Milestone(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField("ngày", validators=bounds.DATE.validators())
    note = models.CharField("nội dung", max_length=1000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommuneScopedManager("task__commune")

    class Meta:
        constraints = [
            bounds.DATE.constraint("date", "milestone_date_in_bounds"),
        ]
        ordering = ["task", "date", "id"]
        verbose_name = "mốc thực hiện"
        verbose_name_plural = "mốc thực hiện"

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}: {self.note}"

    @property
    def commune_id(self):
        return self.task.commune_id


class Activity(models.Model):
    """A communication activity actually carried out (Hoạt động tuyên truyền). Deleting one only marks it
    (``deleted_at``): it and its files can be restored for 30 days, then the daily purge removes them."""

    commune = models.ForeignKey("localities.Commune", on_delete=models.CASCADE, related_name="activities")
    unit = models.ForeignKey("localities.Unit", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="activities", verbose_name="đơn vị")
    kind = models.ForeignKey(ActivityKind, on_delete=models.PROTECT, related_name="activities",
                             verbose_name="hình thức")
    date = models.DateField("ngày", validators=bounds.DATE.validators())
    date_end = models.DateField("đến ngày", null=True, blank=True, validators=bounds.DATE.validators())
    channel = models.CharField("kênh", max_length=200, blank=True)
    title = models.CharField("tiêu đề", max_length=500)
    topics = models.ManyToManyField("plans.PlanTopic", blank=True, related_name="activities",
                                    verbose_name="nội dung tuyên truyền")
    audience = models.CharField("đối tượng", max_length=255, blank=True)
    quantity = models.DecimalField("số lượng", max_digits=12, decimal_places=2, null=True, blank=True,
                                   validators=bounds.QUANTITY.validators())
    quantity_unit = models.CharField("đơn vị tính", max_length=60, blank=True)
    reach = models.PositiveIntegerField("lượt tiếp cận", null=True, blank=True,
                                        validators=bounds.REACH.validators())
    place = models.CharField("địa điểm", max_length=255, blank=True)
    task = models.ForeignKey(Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="activities",
                             verbose_name="thực hiện nhiệm vụ")
    is_public = models.BooleanField("công khai", default=False)
    outside_plan_period = models.BooleanField(
        "ngoài kỳ kế hoạch", default=False,
        help_text="the recorder said on purpose that the date lies outside the plan's period")
    # Set by services.save_activity when the activity's date falls in a period whose report was already
    # submitted or accepted: the frozen report did not count it, the unit's next report does.
    late_entry = models.BooleanField("ghi nhận sau khi đã báo cáo", default=False)
    recorded_after_cutoff_of = models.ForeignKey(
        "reports.Report", on_delete=models.SET_NULL, null=True, blank=True, related_name="late_activities",
        verbose_name="bổ sung cho báo cáo")
    source_key = models.CharField(max_length=200, blank=True,
                                  help_text="makes record_activity idempotent, e.g. 'portal.article:12'")
    # Given by the device that kept the entry while it had no signal (work/static/work/offline-queue.js):
    # the entry may arrive twice (its answer lost on the way back), and is then the same activity.
    client_uuid = models.UUIDField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    # Set while a background import is writing this row: the row is also kept hidden (``deleted_at``) until
    # the whole file is written and published at once, or removed with the rest if the import fails.
    import_job = models.ForeignKey("ImportJob", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    objects = CommuneScopedManager()

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["commune", "deleted_at", "date"], name="activity_list_idx"),
            models.Index(fields=["commune", "unit", "date"], name="activity_unit_idx"),
            # Covers the dashboard's and reports' aggregates (by month, kind, unit; by channel), so SQLite
            # reads the index alone instead of every activity row of a year.
            models.Index(fields=["commune", "deleted_at", "date", "kind", "unit", "quantity_unit", "quantity",
                                 "reach", "channel"], name="activity_cube_idx"),
            # No index by date first: the national summary reads province.ActivityMonth and the province
            # overview its per-commune months; one cost 18-32 % of insert throughput (docs/scale.md).
        ]
        constraints = [
            bounds.DATE.constraint("date", "activity_date_in_bounds"),
            bounds.DATE.constraint("date_end", "activity_date_end_in_bounds"),
            bounds.QUANTITY.constraint("quantity", "activity_quantity_in_bounds"),
            bounds.REACH.constraint("reach", "activity_reach_in_bounds"),
            models.UniqueConstraint(fields=["commune", "source_key"], condition=~models.Q(source_key=""),
                                    name="activity_source_key_unique"),
            models.UniqueConstraint(fields=["commune", "client_uuid"], condition=models.Q(client_uuid__isnull=False),
                                    name="activity_client_uuid_unique"),
        ]
        verbose_name = "hoạt động tuyên truyền"
        verbose_name_plural = "hoạt động tuyên truyền"

    def __str__(self) -> str:
        return self.title

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class EvidenceKind(models.TextChoices):
    FILE = "file", "Tệp"
    LINK = "link", "Đường dẫn"


class Evidence(models.Model):
    """A file or a link proving an activity (or a task's deliverable). Files are stored once per commune
    under their SHA-256 (``evidence/<commune>/<ab>/<sha256>.<ext>``) and never overwritten."""

    commune = models.ForeignKey("localities.Commune", on_delete=models.CASCADE, related_name="evidence")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence")
    kind = models.CharField(max_length=4, choices=EvidenceKind.choices)
    url = models.URLField("đường dẫn", max_length=1000, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    storage_name = models.CharField(max_length=255, blank=True)
    thumbnail_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    original_name = models.CharField("tên tệp", max_length=255, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    is_public = models.BooleanField("công khai", default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommuneScopedManager()

    class Meta:
        ordering = ["id"]
        verbose_name = "minh chứng"
        verbose_name_plural = "minh chứng"

    def __str__(self) -> str:
        return self.original_name or self.url

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class ImportKind(models.TextChoices):
    ACTIVITIES = "activities", "Hoạt động"
    TASKS = "tasks", "Nhiệm vụ"


class ImportStatus(models.TextChoices):
    PENDING = "pending", "Đang chờ"
    VALIDATING = "validating", "Đang kiểm tra"
    IMPORTING = "importing", "Đang ghi"
    DONE = "done", "Xong"
    REFUSED = "refused", "Có lỗi, chưa nhập"
    FAILED = "failed", "Lỗi hệ thống"


class ImportJob(models.Model):
    """An uploaded XLSX file being validated and imported in the background (large files)."""

    commune = models.ForeignKey("localities.Commune", on_delete=models.CASCADE, related_name="work_imports")
    kind = models.CharField(max_length=12, choices=ImportKind.choices)
    file_name = models.CharField(max_length=255)
    storage_name = models.CharField(max_length=255)
    status = models.CharField(max_length=12, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    result = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)  # 2: retried after its worker died
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = CommuneScopedManager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "lần nhập Excel"
        verbose_name_plural = "lần nhập Excel"

    def __str__(self) -> str:
        return self.file_name

    @property
    def percent(self) -> int:
        """Checking the rows is the first half of the bar, writing them the second."""
        if self.status in (ImportStatus.DONE, ImportStatus.REFUSED):
            return 100
        share = min(self.processed_rows, self.total_rows) * 50 // self.total_rows if self.total_rows else 0
        return 50 + share if self.status == ImportStatus.IMPORTING else share

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.REFUSED, ImportStatus.FAILED)
