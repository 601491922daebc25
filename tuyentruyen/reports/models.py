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
    AWAITING_SIGNOFF = "signoff", "Chờ lãnh đạo duyệt"  # the commune's own report only
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


class EventSide(models.TextChoices):
    """Who took a step of a commune report on its way up (a return says whether the leader or the province)."""
    COMMUNE = "commune", "Xã"
    LEADER = "leader", "Lãnh đạo xã"
    PROVINCE = "province", "Tỉnh"


# The parts of a report the province comments on when it returns one (code, label).
REPORT_SECTIONS = (
    ("results", "Đánh giá kết quả"),
    ("difficulties", "Khó khăn, vướng mắc"),
    ("proposals", "Đề xuất, kiến nghị"),
    ("figures", "Số liệu"),
)


class ReportEvent(models.Model):
    """One status change of a report, with the comment given (a returned report keeps why)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, choices=ReportStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=ReportStatus.choices)
    comment = models.TextField("ý kiến", blank=True)
    figures = models.JSONField(null=True, blank=True, help_text="on submission: the figures as sent")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    by = models.CharField("bên thực hiện", max_length=10, choices=EventSide.choices, blank=True)
    sections = models.JSONField("ý kiến theo phần", default=dict, blank=True,
                                help_text="on a return by the province: {section code: comment}")
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


class ReportReceipt(models.Model):
    """What the province received when a commune report was sent: one per sending (version 1, 2… after a
    return), with the document as signed, frozen in storage, and the figures it carried."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="receipts")
    version = models.PositiveIntegerField("lần gửi")
    sent_at = models.DateTimeField("thời điểm gửi")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                verbose_name="người gửi")
    document = models.FileField("văn bản đã gửi", upload_to="reports/receipts/%Y/%m/", max_length=255)
    figures = models.JSONField("số liệu đã gửi")
    texts = models.JSONField("nội dung đã gửi", default=dict)

    objects = CommuneScopedManager("report__commune")

    class Meta:
        ordering = ["report", "version"]
        constraints = [models.UniqueConstraint(fields=["report", "version"], name="report_receipt_unique_version")]
        verbose_name = "biên nhận báo cáo"
        verbose_name_plural = "biên nhận báo cáo"

    def __str__(self) -> str:
        return f"Biên nhận lần {self.version} — {self.report}"

    @property
    def commune_id(self):
        return self.report.commune_id


class ScoringScheme(models.Model):
    """A province's own PAR INDEX scheme for one year (see ``scoring.py`` for the rule language), made in
    the province's scheme editor by copying the shipped default (``schemes/``) or an earlier year. A commune
    whose province has none for the year is scored by the default. Not a tenant model: provinces own it."""

    province = models.ForeignKey("localities.Province", on_delete=models.CASCADE, related_name="scoring_schemes",
                                 verbose_name="tỉnh, thành phố")
    year = models.PositiveSmallIntegerField("năm áp dụng", validators=bounds.YEAR.validators())
    name = models.CharField("tên bộ tiêu chí", max_length=255)
    definition = models.JSONField("nội dung (JSON)")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["province", "-year"]
        constraints = [
            bounds.YEAR.constraint("year", "scoring_scheme_year_in_bounds"),
            models.UniqueConstraint(fields=["province", "year"], name="scoring_scheme_unique_year"),
        ]
        verbose_name = "bộ tiêu chí chấm điểm tuyên truyền CCHC"
        verbose_name_plural = "bộ tiêu chí chấm điểm tuyên truyền CCHC"

    def __str__(self) -> str:
        return f"{self.name} ({self.province}, {self.year})"

    def clean(self):
        from django.core.exceptions import ValidationError

        from .scoring import validation_errors

        errors = validation_errors(self.definition)
        if errors:
            raise ValidationError({"definition": errors})


# --- PAR INDEX appraisal --------------------------------------------------------------------------------
class AppraisalStatus(models.TextChoices):
    DRAFT = "draft", "Xã đang tự chấm"
    SUBMITTED = "submitted", "Chờ tỉnh thẩm định"
    APPRAISED = "appraised", "Tỉnh đã thẩm định"
    ANSWERED = "answered", "Xã đã phản hồi"


class Appraisal(models.Model):
    """A commune's self-score of one year against its province's scheme, and the province's appraisal of it.
    The scheme is copied in when the self-score starts: a later change of the scheme does not move it."""

    commune = models.ForeignKey("localities.Commune", on_delete=models.CASCADE, related_name="appraisals")
    year = models.PositiveSmallIntegerField("năm", validators=bounds.YEAR.validators())
    scheme_name = models.CharField("bộ tiêu chí", max_length=255)
    scheme = models.JSONField("bộ tiêu chí áp dụng")
    status = models.CharField("trạng thái", max_length=10, choices=AppraisalStatus.choices,
                              default=AppraisalStatus.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    appraised_at = models.DateTimeField(null=True, blank=True)
    appraised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    self_total = models.FloatField("tổng điểm tự chấm", null=True, blank=True, validators=bounds.POINTS.validators(),
                                   help_text="kept by the services on every write, over the scheme's caps")
    appraised_total = models.FloatField("tổng điểm thẩm định", null=True, blank=True,
                                        validators=bounds.POINTS.validators())
    answer = models.TextField("ý kiến phản hồi của xã", blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommuneScopedManager()

    class Meta:
        ordering = ["-year", "commune"]
        constraints = [
            bounds.YEAR.constraint("year", "appraisal_year_in_bounds"),
            models.UniqueConstraint(fields=["commune", "year"], name="appraisal_unique_per_year"),
        ]
        verbose_name = "tự chấm và thẩm định chỉ số CCHC"
        verbose_name_plural = "tự chấm và thẩm định chỉ số CCHC"

    def __str__(self) -> str:
        return f"Chỉ số CCHC năm {self.year} — {self.commune}"


class Decision(models.TextChoices):
    ACCEPTED = "accepted", "Chấp nhận điểm tự chấm"
    ADJUSTED = "adjusted", "Điều chỉnh điểm"


class AppraisalItem(models.Model):
    """One scored criterion (a leaf of the scheme): what the rule computed, what the commune claims with
    which evidence, and what the province decided."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    number = models.CharField("số thứ tự", max_length=20)
    code = models.CharField(max_length=60)
    label = models.CharField("tiêu chí", max_length=500)
    path = models.CharField("thuộc", max_length=1000, blank=True)
    max_points = models.FloatField("điểm tối đa", validators=bounds.POINTS.validators())
    computed_points = models.FloatField("điểm theo số liệu", validators=bounds.POINTS.validators())
    explanation = models.TextField(blank=True)
    evidence_required = models.TextField("minh chứng cần có", blank=True)
    self_points = models.FloatField("điểm tự chấm", validators=bounds.POINTS.validators())
    self_note = models.TextField("giải trình của xã", blank=True)
    evidence = models.ManyToManyField("work.Evidence", blank=True, related_name="appraisal_items",
                                      verbose_name="minh chứng",
                                      help_text="the activities' evidence it links, and files uploaded for it "
                                                "(stored as evidence of no activity)")
    decision = models.CharField("kết quả thẩm định", max_length=10, choices=Decision.choices, blank=True)
    appraised_points = models.FloatField("điểm thẩm định", null=True, blank=True,
                                         validators=bounds.POINTS.validators())
    reason = models.TextField("lý do điều chỉnh", blank=True)

    objects = CommuneScopedManager("appraisal__commune")

    class Meta:
        ordering = ["appraisal", "position"]
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "code"], name="appraisal_item_unique_code"),
            bounds.POINTS.constraint("max_points", "appraisal_item_max_points_in_bounds"),
            bounds.POINTS.constraint("self_points", "appraisal_item_self_points_in_bounds"),
            bounds.POINTS.constraint("appraised_points", "appraisal_item_appraised_points_in_bounds"),
        ]
        verbose_name = "tiêu chí tự chấm"
        verbose_name_plural = "tiêu chí tự chấm"

    def __str__(self) -> str:
        return f"{self.number} {self.label}"

    @property
    def commune_id(self):
        return self.appraisal.commune_id
