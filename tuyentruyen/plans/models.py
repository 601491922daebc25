"""Plans (Kế hoạch tuyên truyền CCHC), their revisions, and the shared registry of cited documents.

A revision keeps the plan as one document in the shape of ``schema/plan.schema.json`` — the same shape
the importer produces, the exporter reads and the API serves — so that nothing written is lost and
two revisions compare field by field. What other parts of the product join on is kept relationally
beside it: citations point into ``LegalDocument``; responsibilities and tasks carry unit links.
"""

from django.conf import settings
from django.db import models

from tuyentruyen.lib import bounds
from tuyentruyen.lib.tenancy import CommuneScopedManager


class LegalDocument(models.Model):
    """One cited document (e.g. Nghị quyết 76/NQ-CP), shared by every plan that cites it.

    The registry is national: a shared row (``shared``) is seen by every commune and changed only by system
    admins. A document a commune's plan cites that is not in the shared registry yet is registered as the
    commune's own (``owner_commune``): only that commune sees it, until a system admin marks it shared.
    """

    key = models.CharField(max_length=255, help_text="type|number, or type|title when unnumbered")
    doc_type = models.CharField("loại văn bản", max_length=60)
    number = models.CharField("số, ký hiệu", max_length=100, blank=True)
    date = models.DateField("ngày ban hành", null=True, blank=True, validators=bounds.LEGAL_DATE.validators())
    issuer = models.CharField("cơ quan ban hành", max_length=255, blank=True)
    title = models.TextField("trích yếu", blank=True)
    owner_commune = models.ForeignKey("localities.Commune", on_delete=models.CASCADE, null=True, blank=True,
                                      related_name="+", verbose_name="xã đăng ký")
    shared = models.BooleanField("dùng chung", default=False,
                                 help_text="Mọi xã đều thấy; chỉ quản trị hệ thống được sửa.")

    class Meta:
        ordering = ["-date", "doc_type", "number"]
        verbose_name = "văn bản được viện dẫn"
        verbose_name_plural = "văn bản được viện dẫn"
        constraints = [
            bounds.LEGAL_DATE.constraint("date", "legaldocument_date_in_bounds"),
            models.UniqueConstraint(fields=["key"], condition=models.Q(shared=True), name="legal_document_shared_key"),
            models.UniqueConstraint(fields=["owner_commune", "key"], condition=models.Q(shared=False),
                                    name="legal_document_commune_key"),
            models.CheckConstraint(condition=models.Q(shared=True) | models.Q(owner_commune__isnull=False),
                                   name="legal_document_shared_or_owned"),
        ]

    def __str__(self) -> str:
        if self.number:
            return f"{self.doc_type} số {self.number}" + (f" ngày {self.date:%d/%m/%Y}" if self.date else "")
        return f"{self.doc_type} {self.title}".strip()

    @property
    def commune_id(self):
        """For the audit trail: a commune's own document belongs to it; a shared one to no commune."""
        return None if self.shared else self.owner_commune_id


class Plan(models.Model):
    commune = models.ForeignKey(
        "localities.Commune", on_delete=models.CASCADE, null=True, blank=True, related_name="plans"
    )
    province = models.ForeignKey(
        "localities.Province", on_delete=models.CASCADE, null=True, blank=True, related_name="plans",
        help_text="Kế hoạch của tỉnh (không thuộc xã nào)",
    )
    title = models.CharField("trích yếu", max_length=500)
    period_label = models.CharField("kỳ kế hoạch", max_length=100, blank=True)
    period_start = models.DateField(null=True, blank=True, validators=bounds.DATE.validators())
    period_end = models.DateField(null=True, blank=True, validators=bounds.DATE.validators())
    derived_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="derivatives",
        verbose_name="lập từ kế hoạch",
    )
    source_name = models.CharField("tệp nguồn", max_length=255, blank=True)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaces",
        verbose_name="được thay thế bởi",
        help_text="the commune's later issued plan for the same period that says it replaces this one",
    )
    replaced_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = CommuneScopedManager()

    class Meta:
        ordering = ["-period_start", "-id"]
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch"
        constraints = [
            bounds.DATE.constraint("period_start", "plan_period_start_in_bounds"),
            bounds.DATE.constraint("period_end", "plan_period_end_in_bounds"),
            models.CheckConstraint(
                condition=models.Q(commune__isnull=False) | models.Q(province__isnull=False),
                name="plan_has_an_owner",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def owner_name(self) -> str:
        return self.commune.committee_name if self.commune_id else f"Ủy ban nhân dân {self.province.name}"


class RevisionStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    SUBMITTED = "submitted", "Đã trình"
    APPROVED = "approved", "Đã duyệt"
    ISSUED = "issued", "Đã ban hành"


class PlanRevision(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField("lần sửa")
    status = models.CharField("trạng thái", max_length=10, choices=RevisionStatus.choices,
                              default=RevisionStatus.DRAFT)
    document = models.JSONField("nội dung", default=dict)
    unit_links = models.JSONField(
        default=dict, blank=True,
        help_text="responsibilities: [unit id|null]; tasks: [{lead: [ids], coordinating: [ids]}]",
    )
    version = models.PositiveIntegerField(default=1, help_text="bumped by every save; guards concurrent edits")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+")
    issued_at = models.DateTimeField(null=True, blank=True)
    return_note = models.TextField("ý kiến trả lại", blank=True)

    objects = CommuneScopedManager("plan__commune")

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="revision_number_unique")]
        verbose_name = "lần sửa kế hoạch"
        verbose_name_plural = "lần sửa kế hoạch"

    def __str__(self) -> str:
        return f"{self.plan} — lần {self.number}"

    @property
    def commune_id(self):
        return self.plan.commune_id

    @property
    def is_editable(self) -> bool:
        return self.status == RevisionStatus.DRAFT


class LegalReference(models.Model):
    """A citation in a revision, pointing into the registry."""

    revision = models.ForeignKey(PlanRevision, on_delete=models.CASCADE, related_name="citations")
    legal_document = models.ForeignKey(LegalDocument, on_delete=models.PROTECT, related_name="citations")
    is_legal_basis = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)

    objects = CommuneScopedManager("revision__plan__commune")

    class Meta:
        ordering = ["revision", "position"]
        verbose_name = "trích dẫn"
        verbose_name_plural = "trích dẫn"

    def __str__(self) -> str:
        return str(self.legal_document)

    @property
    def commune_id(self):
        return self.revision.plan.commune_id


class PlanTopic(models.Model):
    """A content item (Nội dung tuyên truyền) of an issued revision, as a row other apps link to:
    activities and articles cover topics; coverage counts them. Made when a revision is issued."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="topics")
    revision = models.ForeignKey(PlanRevision, on_delete=models.CASCADE, related_name="topics")
    position = models.PositiveIntegerField()
    label = models.CharField("số thứ tự", max_length=20, blank=True)
    text = models.TextField("nội dung")

    objects = CommuneScopedManager("plan__commune")

    class Meta:
        ordering = ["plan", "revision", "position"]
        constraints = [models.UniqueConstraint(fields=["revision", "position"], name="topic_position_unique")]
        verbose_name = "nội dung tuyên truyền"
        verbose_name_plural = "nội dung tuyên truyền"

    def __str__(self) -> str:
        short = self.text if len(self.text) <= 90 else self.text[:87].rsplit(" ", 1)[0] + "…"
        return f"{self.label}. {short}" if self.label else short

    @property
    def commune_id(self):
        return self.plan.commune_id
