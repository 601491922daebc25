"""Administrative procedures (TTHC): the shared catalogue, what each commune publishes, and what residents ask.

The catalogue (``Procedure``, its legal bases and its change log) is shared by every commune: a province
announces one list and its communes apply it; only system admins change it. What belongs to a commune is
scoped: which procedures it publishes and its local details for them (``Publication``: where to submit,
opening hours, notes), the everyday phrasings its editors add (``SynonymEntry``) and the questions
its residents asked that nobody could answer (``UnansweredQuestion``).
"""

from django.conf import settings
from django.db import models

from tuyentruyen.lib import bounds
from tuyentruyen.lib.tenancy import CommuneScopedManager

from .search.assistant import shown_code


class ProcedureStatus(models.TextChoices):
    IN_FORCE = "in_force", "Đang có hiệu lực"
    AMENDED = "amended", "Đã được sửa đổi, bổ sung"
    REPLACED = "replaced", "Đã được thay thế"
    ABOLISHED = "abolished", "Đã bãi bỏ"


# Residents can still do an amended procedure (in its amended form); replaced and abolished ones are gone.
EFFECTIVE_STATUSES = (ProcedureStatus.IN_FORCE, ProcedureStatus.AMENDED)


class Procedure(models.Model):
    code = models.CharField("mã thủ tục", max_length=60, unique=True,
                            help_text="Mã trên Cơ sở dữ liệu quốc gia về TTHC khi biết")
    name = models.CharField("tên thủ tục", max_length=500)
    field = models.CharField("lĩnh vực", max_length=200, blank=True)
    level = models.CharField("cấp thực hiện", max_length=60, blank=True)
    agency = models.CharField("cơ quan thực hiện", max_length=300, blank=True)
    steps = models.JSONField("trình tự thực hiện", default=list, blank=True)
    dossier = models.JSONField("thành phần hồ sơ", default=list, blank=True, help_text="[{name, copies}]")
    processing_time = models.TextField("thời hạn giải quyết", blank=True)
    fees = models.TextField("phí, lệ phí", blank=True)
    submission = models.JSONField("cách thức nộp", default=dict, blank=True,
                                  help_text="{counter, post, online, online_url}")
    result = models.TextField("kết quả", blank=True)
    legal_bases = models.JSONField("căn cứ pháp lý (nguyên văn)", default=list, blank=True)
    status = models.CharField("tình trạng", max_length=20, choices=ProcedureStatus.choices,
                              default=ProcedureStatus.IN_FORCE)
    status_date = models.DateField("ngày đổi tình trạng", null=True, blank=True,
                                   validators=bounds.LEGAL_DATE.validators())
    replaced_by = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="replaces", verbose_name="được thay thế bằng")
    demo = models.BooleanField("dữ liệu minh họa", default=False)
    source = models.CharField("nguồn", max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            bounds.LEGAL_DATE.constraint("status_date", "procedure_status_date_in_bounds"),
        ]
        ordering = ["field", "name"]
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_effective(self) -> bool:
        return self.status in EFFECTIVE_STATUSES

    @property
    def public_code(self) -> str:
        """The code residents may see: the national one; a placeholder made up for demo data is not shown."""
        return shown_code({"code": self.code})


class ProcedureLegalBasis(models.Model):
    """One legal-basis line of a procedure, linked to the cited document in the plans app's registry."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="legal_basis_rows")
    text = models.TextField("nguyên văn")
    legal_document = models.ForeignKey("plans.LegalDocument", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="procedure_bases", verbose_name="văn bản")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["procedure", "position"]
        verbose_name = "căn cứ pháp lý"
        verbose_name_plural = "căn cứ pháp lý"

    def __str__(self) -> str:
        return self.text


class ChangeKind(models.TextChoices):
    NEW = "new", "Thủ tục mới"
    AMENDED = "amended", "Sửa đổi, bổ sung"
    REPLACED = "replaced", "Được thay thế"
    ABOLISHED = "abolished", "Bãi bỏ"
    RESTORED = "restored", "Áp dụng trở lại"


class ProcedureChange(models.Model):
    """What one import changed in one procedure: the page "Thủ tục mới / sửa đổi / bãi bỏ" lists these."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField("loại thay đổi", max_length=20, choices=ChangeKind.choices)
    changed_fields = models.JSONField("các trường thay đổi", default=list, blank=True)
    old_status = models.CharField(max_length=20, blank=True)
    new_status = models.CharField(max_length=20, blank=True)
    changed_on = models.DateField("ngày thay đổi", validators=bounds.LEGAL_DATE.validators())
    source = models.CharField("nguồn", max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        constraints = [
            bounds.LEGAL_DATE.constraint("changed_on", "procedurechange_changed_on_in_bounds"),
        ]
        ordering = ["-changed_on", "-id"]
        verbose_name = "thay đổi thủ tục"
        verbose_name_plural = "thay đổi thủ tục"

    def __str__(self) -> str:
        return f"{self.changed_on:%d/%m/%Y} {self.get_kind_display()}: {self.procedure_id}"


class CatalogueState(models.Model):
    """One row. ``catalogue_version`` changes whenever procedures change (import); ``commune_version``
    whenever a commune's publications or phrasings change. Search indexes are cached per process keyed
    by them, so every worker rebuilds after a change and never per request."""

    catalogue_version = models.PositiveIntegerField(default=1)
    commune_version = models.PositiveIntegerField(default=1)
    # Changes with every bump: the numbers alone could repeat across databases (tests, restores).
    stamp = models.CharField(max_length=32, blank=True)

    def __str__(self) -> str:
        return f"danh mục v{self.catalogue_version}, xã v{self.commune_version}"


class Publication(models.Model):
    """A procedure the commune applies and shows on its public pages."""

    commune = models.ForeignKey("localities.Commune", on_delete=models.CASCADE, related_name="procedure_publications")
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="publications")
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    # The commune's own layer over the shared procedure: shown on its public page, changed by its officers.
    where_to_submit = models.TextField("nơi nộp hồ sơ tại xã", blank=True, max_length=2000)
    opening_hours = models.TextField("thời gian tiếp nhận", blank=True, max_length=2000)
    local_notes = models.TextField("ghi chú của xã", blank=True, max_length=2000)

    objects = CommuneScopedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["commune", "procedure"], name="procedure_published_once")]
        verbose_name = "thủ tục áp dụng tại xã"
        verbose_name_plural = "thủ tục áp dụng tại xã"

    def __str__(self) -> str:
        return f"{self.procedure_id} @ {self.commune_id}"


class SynonymEntry(models.Model):
    """An everyday phrasing → official terms, added by the commune's editors to the maintained dictionary."""

    commune = models.ForeignKey("localities.Commune", on_delete=models.CASCADE, related_name="procedure_synonyms")
    phrase = models.CharField("cách nói thường ngày", max_length=200)
    terms = models.CharField("thuật ngữ chính thức", max_length=500,
                             help_text="Tên thủ tục hoặc từ ngữ chính thức; nhiều phương án cách nhau bằng dấu ;")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    objects = CommuneScopedManager()

    class Meta:
        ordering = ["phrase"]
        constraints = [models.UniqueConstraint(fields=["commune", "phrase"], name="synonym_phrase_unique_in_commune")]
        verbose_name = "cách nói thường ngày"
        verbose_name_plural = "cách nói thường ngày"

    def __str__(self) -> str:
        return f"{self.phrase} → {self.terms}"


class AssistantReply(models.TextChoices):
    """Why a question is on the editors' review list."""

    NONE = "none", "Không tìm thấy"
    CHOOSE = "choose", "Đưa danh sách để chọn"
    UNOPENED = "unopened", "Đã trả lời, người hỏi chưa mở"


class UnansweredQuestion(models.Model):
    """A question the assistant did not answer with confidence (or answered and the resident never opened),
    folded and stripped of personal data, with a count."""

    commune = models.ForeignKey("localities.Commune", on_delete=models.CASCADE,
                                related_name="unanswered_procedure_questions")
    text = models.CharField("câu hỏi (đã bỏ dấu, bỏ thông tin cá nhân)", max_length=500)
    count = models.PositiveIntegerField("số lần hỏi", default=1)
    reply = models.CharField("trợ lý đã trả lời", max_length=10, choices=AssistantReply.choices,
                             default=AssistantReply.NONE)
    offered = models.CharField("thủ tục trợ lý đưa ra", max_length=200, blank=True,
                               help_text="Mã các thủ tục, cách nhau bằng dấu phẩy, tốt nhất trước")
    first_asked_at = models.DateTimeField(auto_now_add=True)
    last_asked_at = models.DateTimeField(auto_now=True)

    objects = CommuneScopedManager()

    class Meta:
        ordering = ["-count", "-last_asked_at"]
        constraints = [models.UniqueConstraint(fields=["commune", "text"], name="unanswered_question_unique")]
        verbose_name = "câu hỏi chưa trả lời được"
        verbose_name_plural = "câu hỏi chưa trả lời được"

    def __str__(self) -> str:
        return f"{self.text} ({self.count})"
