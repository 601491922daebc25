"""Periodic reports (Báo cáo định kỳ) of units and of the commune, their history, and the PAR INDEX
scoring schemes provinces publish.

A report's figures are computed from what was recorded until it is submitted; at submission they are
stored in ``figures`` and never recomputed: what was sent is what is kept. The moment they were frozen is
the report's ``cutoff``: what is recorded for its period after that counts in the next report of the unit
as a late entry (``counting.py``).
"""

from django.conf import settings
from django.db import models

from tuyentruyen.lib import bounds
from tuyentruyen.lib.tenancy import CommuneScopedManager

from .periods import KINDS, Period


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    SUBMITTED = "submitted", "Đã gửi"
    ACCEPTED = "accepted", "Đã tiếp nhận"
    RETURNED = "returned", "Bị trả lại"


EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)
PERIOD_KIND_CHOICES = [(kind, Period(2000, kind).label.replace(" năm 2000", "")) for kind in KINDS]


class Report(models.Model):
    """One report of one unit (or, with ``unit`` empty, of the commune) for one period."""

    commune = models.ForeignKey("localities.Commune", on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey("localities.Unit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="reports", verbose_name="đơn vị")
    year = models.PositiveSmallIntegerField("năm", validators=bounds.YEAR.validators())
    period_kind = models.CharField("kỳ", max_length=2, choices=PERIOD_KIND_CHOICES)
    status = models.CharField("trạng thái", max_length=10, choices=ReportStatus.choices,
                              default=ReportStatus.DRAFT)
    results = models.TextField("đánh giá kết quả", blank=True)
    difficulties = models.TextField("khó khăn, vướng mắc", blank=True)
    proposals = models.TextField("đề xuất, kiến nghị", blank=True)
    number = models.CharField("số", max_length=40, blank=True)
    figures = models.JSONField("số liệu đã gửi", null=True, blank=True,
                               help_text="snapshot taken at submission; empty while a draft")
    due = models.DateField("hạn gửi", null=True, blank=True, validators=bounds.DATE.validators())
    submitted_at = models.DateTimeField(null=True, blank=True)
    cutoff = models.DateTimeField("thời điểm chốt số liệu", null=True, blank=True,
                                  help_text="set when first sent; activities recorded later count in the next report")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    version = models.PositiveIntegerField(default=1, help_text="bumped by every save; guards concurrent edits")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CommuneScopedManager()

    class Meta:
        ordering = ["-year", "period_kind", "unit__position", "id"]
        constraints = [
            bounds.YEAR.constraint("year", "report_year_in_bounds"),
            bounds.DATE.constraint("due", "report_due_in_bounds"),
            models.UniqueConstraint(fields=["commune", "unit", "year", "period_kind"],
                                    condition=models.Q(unit__isnull=False), name="report_unique_per_unit_period"),
            # NULLs are distinct in a plain unique constraint: the commune's own report needs its own.
            models.UniqueConstraint(fields=["commune", "year", "period_kind"],
                                    condition=models.Q(unit__isnull=True), name="report_unique_per_commune_period"),
        ]
        indexes = [models.Index(fields=["commune", "year", "period_kind"], name="report_period_idx")]
        verbose_name = "báo cáo định kỳ"
        verbose_name_plural = "báo cáo định kỳ"

    def __str__(self) -> str:
        return f"Báo cáo {self.period.label} — {self.author_name}"

    @property
    def period(self) -> Period:
        return Period(self.year, self.period_kind)

    @property
    def is_commune_report(self) -> bool:
        return self.unit_id is None

    @property
    def author_name(self) -> str:
        return self.unit.name if self.unit_id else self.commune.committee_name

    @property
    def is_frozen(self) -> bool:
        return self.status not in EDITABLE_STATUSES

    @property
    def on_time(self) -> bool | None:
        if self.submitted_at is None or self.due is None:
            return None
        from django.utils import timezone

        return timezone.localtime(self.submitted_at).date() <= self.due


class ReportEvent(models.Model):
    """One status change of a report, with the comment given (a returned report keeps why)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, choices=ReportStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=ReportStatus.choices)
    comment = models.TextField("ý kiến", blank=True)
    figures = models.JSONField(null=True, blank=True, help_text="on submission: the figures as sent")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    objects = CommuneScopedManager("report__commune")

    class Meta:
        ordering = ["report", "at", "id"]
        verbose_name = "lịch sử báo cáo"
        verbose_name_plural = "lịch sử báo cáo"

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"

    @property
    def commune_id(self):
        return self.report.commune_id


class ScoringScheme(models.Model):
    """A province's own PAR INDEX scheme for the communication criterion (see ``scoring.py`` for the
    rule language). A commune whose province has none is scored by the default scheme shipped in
    ``schemes/``. Not a tenant model: provinces own it, system admins edit it."""

    province = models.OneToOneField("localities.Province", on_delete=models.CASCADE, related_name="scoring_scheme",
                                    verbose_name="tỉnh, thành phố")
    name = models.CharField("tên bộ tiêu chí", max_length=255)
    definition = models.JSONField("nội dung (JSON)")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "bộ tiêu chí chấm điểm tuyên truyền CCHC"
        verbose_name_plural = "bộ tiêu chí chấm điểm tuyên truyền CCHC"

    def __str__(self) -> str:
        return f"{self.name} ({self.province})"

    def clean(self):
        from django.core.exceptions import ValidationError

        from .scoring import validation_errors

        errors = validation_errors(self.definition)
        if errors:
            raise ValidationError({"definition": errors})
