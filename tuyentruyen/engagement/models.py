"""Residents' engagement: feedback (phản ánh, kiến nghị), satisfaction surveys and contests.

Residents reach these without logging in (``public_urls.py``); staff handle them under
``/phan-anh-kien-nghi/``, ``/khao-sat/`` and ``/cuoc-thi/``.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from tuyentruyen.lib import bounds
from tuyentruyen.lib.tenancy import CommuneScopedManager


# --- feedback --------------------------------------------------------------------------------------
class FeedbackCategory(models.TextChoices):
    PROCEDURE = "procedure", "Thủ tục hành chính"
    CONDUCT = "conduct", "Thái độ, hành vi của cán bộ, công chức"
    GENERAL = "general", "Cải cách hành chính nói chung"


class FeedbackStatus(models.TextChoices):
    NEW = "new", "Mới tiếp nhận"
    ASSIGNED = "assigned", "Đang xử lý"
    ANSWERED = "answered", "Đã trả lời"


class FeedbackRating(models.TextChoices):
    SATISFIED = "satisfied", "Hài lòng"
    UNSATISFIED = "unsatisfied", "Không hài lòng"


class Feedback(models.Model):
    """One piece of feedback. The submitter's personal data lives apart, in ``FeedbackContact``."""

    commune = models.ForeignKey("localities.Commune", on_delete=models.CASCADE, related_name="+")
    code = models.CharField("mã theo dõi", max_length=16, unique=True)
    category = models.CharField("loại", max_length=20, choices=FeedbackCategory.choices,
                                default=FeedbackCategory.GENERAL)
    procedure_name = models.CharField("thủ tục liên quan", max_length=255, blank=True)
    title = models.CharField("tiêu đề", max_length=200)
    content = models.TextField("nội dung")
    created_at = models.DateTimeField("ngày gửi", default=timezone.now, db_index=True)
    status = models.CharField("trạng thái", max_length=20, choices=FeedbackStatus.choices,
                              default=FeedbackStatus.NEW, db_index=True)
    unit = models.ForeignKey("localities.Unit", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name="đơn vị xử lý")
    assigned_at = models.DateTimeField("ngày giao", null=True, blank=True)
    due_date = models.DateField("hạn trả lời", null=True, blank=True, validators=bounds.DATE.validators())
    answer = models.TextField("nội dung trả lời", blank=True)
    answered_at = models.DateTimeField("ngày trả lời", null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+", verbose_name="người trả lời")
    is_published = models.BooleanField("công khai", default=False)
    published_question = models.TextField("câu hỏi đã che thông tin cá nhân", blank=True)
    # What the public page shows, exactly as the officer previewed it (services.publication_texts).
    published_title = models.CharField("tiêu đề đã che thông tin cá nhân", max_length=200, blank=True)
    published_answer = models.TextField("câu trả lời đã che thông tin cá nhân", blank=True)
    mask_phrases = models.TextField("cụm từ che thêm khi công khai", blank=True,
                                    help_text="Mỗi dòng một cụm từ.")
    published_at = models.DateTimeField("ngày công khai", null=True, blank=True)
    rating = models.CharField("đánh giá của người gửi", max_length=20, choices=FeedbackRating.choices,
                              blank=True)
    rated_at = models.DateTimeField("ngày đánh giá", null=True, blank=True)
    personal_data_erased_at = models.DateTimeField("ngày xóa thông tin cá nhân", null=True, blank=True)
    personal_data_erased_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                                null=True, blank=True, related_name="+",
                                                verbose_name="người xóa thông tin cá nhân")

    objects = CommuneScopedManager()
    # Free text a resident wrote may name people: the audit trail should note that it changed, never
    # copy it (needs the recorder to honour this attribute; see the engagement report).
    AUDIT_REDACTED_FIELDS = ("title", "content", "answer", "published_question", "published_title",
                             "published_answer", "mask_phrases")

    class Meta:
        constraints = [
            bounds.DATE.constraint("due_date", "feedback_due_date_in_bounds"),
        ]
        ordering = ["-created_at", "-id"]
        verbose_name = "phản ánh, kiến nghị"
        verbose_name_plural = "phản ánh, kiến nghị"

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    def is_overdue(self, today) -> bool:
        if self.due_date is None:
            return False
        if self.answered_at is not None:
            return timezone.localtime(self.answered_at).date() > self.due_date
        return today > self.due_date


class FeedbackContact(models.Model):
    """The submitter's personal data: seen only by the CCHC officer and the assigned unit's staff,
    blanked on request. Written with ``bulk_create``/``update`` (see services) so that the audit trail,
    which copies every field it sees, never holds a copy that erasure could not reach."""

    feedback = models.OneToOneField(Feedback, on_delete=models.CASCADE, related_name="contact")
    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    phone = models.CharField("số điện thoại", max_length=20, blank=True)
    email = models.CharField("thư điện tử", max_length=254, blank=True)
    id_number = models.CharField("số định danh cá nhân / CCCD", max_length=20, blank=True)
    address = models.CharField("địa chỉ", max_length=255, blank=True)

    objects = CommuneScopedManager("feedback__commune")

    class Meta:
        verbose_name = "thông tin người gửi"
        verbose_name_plural = "thông tin người gửi"

    def __str__(self) -> str:
        return f"Người gửi {self.feedback_id}"

    @property
    def commune_id(self):
        return self.feedback.commune_id

    @property
    def is_empty(self) -> bool:
        return not any((self.full_name, self.phone, self.email, self.id_number, self.address))


class FeedbackAttachment(models.Model):
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="attachments")
    # A storage path rather than a FileField: the audit trail snapshots field values as JSON.
    path = models.CharField(max_length=255)
    original_name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    objects = CommuneScopedManager("feedback__commune")

    class Meta:
        ordering = ["id"]
        verbose_name = "tệp đính kèm phản ánh"
        verbose_name_plural = "tệp đính kèm phản ánh"

    def __str__(self) -> str:
        return self.original_name

    @property
    def commune_id(self):
        return self.feedback.commune_id


# --- surveys ---------------------------------------------------------------------------------------
class SurveyStatus(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    OPEN = "open", "Đang nhận trả lời"
    CLOSED = "closed", "Đã đóng"


class Factor(models.TextChoices):
    """The five factors of the national SIPAS method."""

    ACCESS = "access", "Tiếp cận dịch vụ"
    PROCEDURE = "procedure", "Thủ tục hành chính"
    STAFF = "staff", "Công chức giải quyết"
    RESULT = "result", "Kết quả giải quyết"
    FEEDBACK = "feedback", "Tiếp nhận, xử lý ý kiến góp ý, phản ánh"


class Survey(models.Model):
    commune = models.ForeignKey("localities.Commune", on_delete=models.CASCADE, related_name="+")
    title = models.CharField("tên khảo sát", max_length=200)
    intro = models.TextField("lời giới thiệu", blank=True)
    status = models.CharField("trạng thái", max_length=10, choices=SurveyStatus.choices,
                              default=SurveyStatus.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CommuneScopedManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "khảo sát"
        verbose_name_plural = "khảo sát"

    def __str__(self) -> str:
        return self.title


class SurveySection(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField("tên phần", max_length=200)
    factor = models.CharField("yếu tố SIPAS", max_length=20, choices=Factor.choices, blank=True)
    position = models.PositiveIntegerField(default=0)

    objects = CommuneScopedManager("survey__commune")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "phần của khảo sát"
        verbose_name_plural = "phần của khảo sát"

    def __str__(self) -> str:
        return self.title

    @property
    def commune_id(self):
        return self.survey.commune_id


class QuestionKind(models.TextChoices):
    SINGLE = "single", "Chọn một"
    MULTIPLE = "multiple", "Chọn nhiều"
    SCALE = "scale", "Thang điểm 1–5"
    TEXT = "text", "Trả lời tự do"


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(SurveySection, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="questions", verbose_name="thuộc phần")
    text = models.CharField("câu hỏi", max_length=500)
    kind = models.CharField("loại câu hỏi", max_length=10, choices=QuestionKind.choices)
    required = models.BooleanField("bắt buộc trả lời", default=True)
    choices = models.JSONField("các lựa chọn", default=list, blank=True)
    position = models.PositiveIntegerField(default=0)

    objects = CommuneScopedManager("survey__commune")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "câu hỏi khảo sát"
        verbose_name_plural = "câu hỏi khảo sát"

    def __str__(self) -> str:
        return self.text

    @property
    def commune_id(self):
        return self.survey.commune_id


class SurveyResponse(models.Model):
    """One resident's answers, {question id: value}. Nothing identifies the respondent."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    submitted_at = models.DateTimeField(default=timezone.now)
    answers = models.JSONField(default=dict)
    # The random part of the one-time token the form was issued with (services.issue_survey_token):
    # unique per survey, so one form sends one answer. Empty for answers taken before tokens existed.
    token = models.CharField(max_length=32, blank=True, default="")

    objects = CommuneScopedManager("survey__commune")

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [models.UniqueConstraint(fields=["survey", "token"], condition=~models.Q(token=""),
                                               name="survey_response_token_once")]
        verbose_name = "phiếu trả lời khảo sát"
        verbose_name_plural = "phiếu trả lời khảo sát"

    def __str__(self) -> str:
        return f"Phiếu {self.pk}"

    @property
    def commune_id(self):
        return self.survey.commune_id


# --- contests --------------------------------------------------------------------------------------
class ContestQuestion(models.Model):
    """A question of the commune's question bank. ``correct`` holds indexes into ``choices``; it never
    leaves the server."""

    commune = models.ForeignKey("localities.Commune", on_delete=models.CASCADE, related_name="+")
    text = models.CharField("câu hỏi", max_length=500)
    multiple = models.BooleanField("có nhiều đáp án đúng", default=False)
    choices = models.JSONField("các phương án", default=list)
    correct = models.JSONField("đáp án đúng", default=list)
    topics = models.JSONField("chủ đề", default=list, blank=True)
    active = models.BooleanField("đang dùng", default=True)

    objects = CommuneScopedManager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "câu hỏi thi"
        verbose_name_plural = "ngân hàng câu hỏi thi"

    def __str__(self) -> str:
        return self.text


class Contest(models.Model):
    commune = models.ForeignKey("localities.Commune", on_delete=models.CASCADE, related_name="+")
    title = models.CharField("tên cuộc thi", max_length=200)
    description = models.TextField("thể lệ", blank=True)
    opens_at = models.DateTimeField("bắt đầu", validators=bounds.DATETIME.validators())
    closes_at = models.DateTimeField("kết thúc", validators=bounds.DATETIME.validators())
    questions_per_attempt = models.PositiveIntegerField("số câu mỗi lượt thi", default=10,
                                                        validators=bounds.QUESTIONS.validators())
    time_limit_minutes = models.PositiveIntegerField("thời gian làm bài (phút)", default=15,
                                                     validators=bounds.TIME_LIMIT.validators())
    attempts_allowed = models.PositiveIntegerField("số lượt thi mỗi người", default=1,
                                                   validators=bounds.ATTEMPTS.validators())
    topics = models.JSONField("chỉ lấy câu hỏi thuộc chủ đề", default=list, blank=True)
    registration_fields = models.JSONField("thông tin đăng ký", default=list, blank=True)
    tie_break_question = models.CharField(
        "câu hỏi phụ", max_length=300, default="Theo bạn, có bao nhiêu người tham gia cuộc thi này?")
    prize_count = models.PositiveIntegerField("số giải", default=10, validators=bounds.PRIZES.validators())
    is_published = models.BooleanField("công bố cho người dân", default=False)
    activity_recorded_at = models.DateTimeField("đã ghi nhận hoạt động lúc", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CommuneScopedManager()

    class Meta:
        constraints = [
            bounds.DATETIME.constraint("opens_at", "contest_opens_at_in_bounds"),
            bounds.DATETIME.constraint("closes_at", "contest_closes_at_in_bounds"),
            bounds.QUESTIONS.constraint("questions_per_attempt", "contest_questions_per_attempt_in_bounds"),
            bounds.TIME_LIMIT.constraint("time_limit_minutes", "contest_time_limit_minutes_in_bounds"),
            bounds.ATTEMPTS.constraint("attempts_allowed", "contest_attempts_allowed_in_bounds"),
            bounds.PRIZES.constraint("prize_count", "contest_prize_count_in_bounds"),
        ]
        ordering = ["-opens_at", "-id"]
        verbose_name = "cuộc thi"
        verbose_name_plural = "cuộc thi"

    def __str__(self) -> str:
        return self.title

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_published and self.opens_at <= now < self.closes_at

    def is_finished(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at


class ContestParticipant(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="participants")
    token = models.CharField(max_length=64, unique=True)
    registration = models.JSONField("thông tin đăng ký", default=dict)
    phone_key = models.CharField(max_length=20, blank=True)
    registered_at = models.DateTimeField(default=timezone.now)

    objects = CommuneScopedManager("contest__commune")
    AUDIT_REDACTED_FIELDS = ("registration", "phone_key")  # names and phone numbers of residents

    class Meta:
        ordering = ["registered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "phone_key"], condition=~models.Q(phone_key=""),
                                    name="contest_participant_phone_unique"),
        ]
        verbose_name = "người dự thi"
        verbose_name_plural = "người dự thi"

    def __str__(self) -> str:
        return self.display_name

    @property
    def commune_id(self):
        return self.contest.commune_id

    @property
    def display_name(self) -> str:
        return self.registration.get("ho_ten") or f"Người dự thi {self.pk}"


class ContestAttempt(models.Model):
    """One go at a contest: the questions drawn for it in their order, and the choices' order per
    question, fixed at the start; scored on the server when submitted before the deadline."""

    participant = models.ForeignKey(ContestParticipant, on_delete=models.CASCADE, related_name="attempts")
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="attempts")
    started_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField()
    layout = models.JSONField(default=list)  # [{"q": question id, "order": [choice index, ...]}]
    submitted_at = models.DateTimeField(null=True, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    score = models.PositiveIntegerField(null=True, blank=True, validators=bounds.POINTS.validators())
    tie_break_guess = models.PositiveIntegerField(null=True, blank=True,
                                                  validators=bounds.POINTS.validators())
    refused_late = models.BooleanField(default=False)

    objects = CommuneScopedManager("contest__commune")

    class Meta:
        constraints = [
            bounds.POINTS.constraint("score", "contestattempt_score_in_bounds"),
            bounds.POINTS.constraint("tie_break_guess", "contestattempt_tie_break_guess_in_bounds"),
        ]
        ordering = ["started_at", "id"]
        verbose_name = "lượt thi"
        verbose_name_plural = "lượt thi"

    def __str__(self) -> str:
        return f"Lượt thi {self.pk}"

    @property
    def commune_id(self):
        return self.contest.commune_id

    @property
    def is_active(self) -> bool:
        return self.submitted_at is None and not self.refused_late and timezone.now() < self.deadline

    @property
    def duration_seconds(self) -> int | None:
        if self.submitted_at is None:
            return None
        return int((self.submitted_at - self.started_at).total_seconds())


class FeedbackUpdateEvent(models.TextChoices):
    RECEIVED = "received", "Đã tiếp nhận"
    ASSIGNED = "assigned", "Đã giao xử lý"
    ANSWERED = "answered", "Đã trả lời"


class FeedbackUpdate(models.Model):
    """One status message sent to the resident who sent an item (by e-mail or SMS). The row is written
    before sending, under a unique constraint, so that a task run twice sends once."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="updates")
    event = models.CharField(max_length=20, choices=FeedbackUpdateEvent.choices)
    channel = models.CharField(max_length=10, choices=[("email", "Thư điện tử"), ("sms", "Tin nhắn")])
    sent_at = models.DateTimeField(default=timezone.now)

    objects = CommuneScopedManager("feedback__commune")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["feedback", "event", "channel"], name="feedback_update_once")]
        verbose_name = "thông báo tình trạng phản ánh"
        verbose_name_plural = "thông báo tình trạng phản ánh"

    def __str__(self) -> str:
        return f"{self.feedback_id} {self.event} {self.channel}"

    @property
    def commune_id(self):
        return self.feedback.commune_id
