"""Writes for feedback, surveys and contests. Every function is atomic and takes the commune (or an
object that belongs to one) explicitly; the audit trail records each row through the model signals."""

import hashlib
import secrets
import time
from datetime import timedelta

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from tuyentruyen.lib import bounds, stored
from tuyentruyen.lib.errors import UserError
from tuyentruyen.lib.files import DISK_FULL_ERRNOS, clean_file_name
from tuyentruyen.lib.masking import mask_personal_data
from tuyentruyen.lib.tenancy import commune_scope, scopes_disabled
from tuyentruyen.lib.text import clean_text
from tuyentruyen.work import services as work_services

from . import scoring, sipas
from .figures import FeedbackFacts, feedback_figures
from .models import (
    Contest,
    ContestAttempt,
    ContestParticipant,
    ContestQuestion,
    Feedback,
    FeedbackAttachment,
    FeedbackContact,
    FeedbackRating,
    FeedbackStatus,
    QuestionKind,
    Survey,
    SurveyQuestion,
    SurveyResponse,
    SurveySection,
    SurveyStatus,
)

# No 0/O, 1/I/L, 5/S, 8/B: easy to read out over the phone and to type from a printed slip.
CODE_ALPHABET = "2346789ACDEFGHJKMNPQRTUVWXYZ"
CODE_LENGTH = 10
FEEDBACK_ANSWER_DAYS = 10
SUBMIT_GRACE_SECONDS = 5  # network latency between the browser's last click and our clock
ATTACHMENT_DIR = "engagement/feedback"
DISK_FULL_MESSAGE = ("Máy chủ tạm thời hết chỗ lưu tệp đính kèm nên phản ánh chưa được gửi. Nội dung bạn nhập vẫn "
                     "còn dưới đây: hãy gửi lại sau ít phút, hoặc gửi không kèm tệp.")

STORE_DOWN_MESSAGE = ("Kho lưu tệp đính kèm tạm thời không trả lời nên phản ánh chưa được gửi. Nội dung bạn nhập "
                      "vẫn còn dưới đây: hãy gửi lại sau ít phút, hoặc gửi không kèm tệp.")


class EngagementError(UserError):
    """A refused change; ``message`` is Vietnamese and shown to the user as is."""


def today():
    return timezone.localdate()


# --- feedback --------------------------------------------------------------------------------------
def new_tracking_code() -> str:
    # 28^10 ≈ 3·10^14 codes: unguessable for the page that shows an item to whoever holds its code.
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(value: str) -> str:
    return "".join(ch for ch in (value or "").upper() if ch.isalnum())[:16]


CONTACT_FIELDS = ("full_name", "phone", "email", "id_number", "address")


@transaction.atomic
def submit_feedback(commune, *, category: str, title: str, content: str, procedure_name: str = "",
                    contact: dict | None = None, attachments=()) -> Feedback:
    """``attachments``: (original name, bytes, JudgedFile) already judged by their content."""
    for _ in range(5):
        code = new_tracking_code()
        if not Feedback.objects.with_scopes_disabled().filter(code=code).exists():  # codes are global
            break
    feedback = Feedback.objects.create(
        commune=commune, code=code, category=category, title=clean_text(title)[:200],
        content=(content or "").strip(), procedure_name=clean_text(procedure_name)[:255],
        # 766/QĐ-TTg counts the answer time from receipt, not from assignment: an item nobody assigned
        # becomes overdue too.
        due_date=default_due_date(commune),
    )
    contact = {k: clean_text((contact or {}).get(k, "")) for k in CONTACT_FIELDS}
    # audit: not recorded on purpose. bulk_create sends no model signals: the audit trail must not keep a
    # copy of personal data that erasure on request could not reach. The Feedback row's event records it.
    FeedbackContact.objects.bulk_create([FeedbackContact(feedback=feedback, **contact)])
    saved = []
    try:
        for name, data, judged in attachments:
            month = timezone.localdate().strftime("%Y/%m")
            wanted = f"{ATTACHMENT_DIR}/{month}/{secrets.token_hex(12)}.{judged.extension}"
            saved.append(wanted)  # a random name is ours alone: remove it too if the write fails half-way
            path = default_storage.save(wanted, ContentFile(data))
            saved[-1] = path
            FeedbackAttachment.objects.create(feedback=feedback, path=path, original_name=clean_file_name(name),
                                              content_type=judged.content_type, size=len(data))
    except BaseException as exc:
        # the transaction rolls back the rows; the files written so far go with them
        for path in saved:
            default_storage.delete(path)
        if isinstance(exc, OSError) and exc.errno in DISK_FULL_ERRNOS:
            raise EngagementError(DISK_FULL_MESSAGE) from exc
        if isinstance(exc, stored.STORE_ERRORS):
            raise EngagementError(STORE_DOWN_MESSAGE) from exc
        raise
    _tell_managers_of_new_feedback(feedback)
    return feedback


def _tell_managers_of_new_feedback(feedback: Feedback) -> None:
    from django.urls import reverse

    from tuyentruyen.notifications.services import managers_of, notify_event

    # only the tracking code in the bell: the resident's own words stay on the page that masks them
    notify_event("feedback.received", target=feedback, recipients=managers_of(feedback.commune),
                 text=f"Có phản ánh, kiến nghị mới {feedback.code}, hạn trả lời {feedback.due_date:%d/%m/%Y}",
                 url=reverse("engagement:feedback_detail", args=[feedback.pk]))


def remove_orphan_attachments(now=None) -> dict:
    """The daily sweep: attachment files no ``FeedbackAttachment`` references (a submission killed
    between writing its file and committing), older than a day. Cross-tenant: one run per installation."""
    cutoff = (now or timezone.now()) - timedelta(days=1)
    with scopes_disabled():
        referenced = {p.removeprefix(ATTACHMENT_DIR + "/")
                      for p in FeedbackAttachment.objects.values_list("path", flat=True).iterator()}
    files, freed = stored.sweep_unreferenced(default_storage, ATTACHMENT_DIR, referenced, modified_before=cutoff)
    return {"attachment_files": files, "attachment_bytes": freed}


def default_due_date(commune, start=None):
    return (start or today()) + timedelta(days=int(commune.setting("feedback_answer_days", FEEDBACK_ANSWER_DAYS)))


@transaction.atomic
def assign_feedback(feedback: Feedback, *, unit, due_date=None, user=None) -> Feedback:
    if unit is None or unit.commune_id != feedback.commune_id:
        raise EngagementError("Hãy chọn đơn vị xử lý của xã.")
    if feedback.status == FeedbackStatus.ANSWERED:
        raise EngagementError("Phản ánh này đã được trả lời.")
    feedback.unit = unit
    feedback.assigned_at = timezone.now()
    # The deadline runs from receipt (set when the feedback arrived); the officer may set another one.
    feedback.due_date = due_date or feedback.due_date or default_due_date(
        feedback.commune, timezone.localdate(feedback.created_at))
    feedback.status = FeedbackStatus.ASSIGNED
    feedback.save()
    from django.urls import reverse

    from tuyentruyen.notifications.services import notify_event, unit_staff_of

    # only the tracking code in the bell: the resident's own words stay on the page that masks them
    notify_event("feedback.assigned", target=feedback, recipients=unit_staff_of(feedback.commune, unit), actor=user,
                 text=f"Phản ánh, kiến nghị {feedback.code} được giao cho {unit.name}, "
                      f"hạn trả lời {feedback.due_date:%d/%m/%Y}",
                 url=reverse("engagement:feedback_detail", args=[feedback.pk]))
    return feedback


@transaction.atomic
def answer_feedback(feedback: Feedback, *, answer: str, user) -> Feedback:
    answer = (answer or "").strip()
    if not answer:
        raise EngagementError("Hãy nhập nội dung trả lời.")
    feedback.answer = answer
    if feedback.answered_at is None:
        feedback.answered_at = timezone.now()
    feedback.answered_by = user
    feedback.status = FeedbackStatus.ANSWERED
    feedback.save()
    return feedback


def _known_personal_data(feedback: Feedback) -> list[str]:
    """What the sender typed in the form's contact fields: masked wherever the text repeats it."""
    contact = FeedbackContact.objects.filter(feedback=feedback).first()
    if contact is None:
        return []
    return [v for v in (contact.full_name, contact.phone, contact.email, contact.id_number, contact.address) if v]


def parse_mask_phrases(value: str) -> list[str]:
    phrases = []
    for line in (value or "").splitlines():
        phrase = clean_text(line)[:200]
        if len(phrase) >= 2 and phrase.lower() not in {p.lower() for p in phrases}:
            phrases.append(phrase)
    return phrases[:50]


def masked_question(feedback: Feedback) -> str:
    return mask_personal_data(feedback.content, _known_personal_data(feedback),
                              extra=parse_mask_phrases(feedback.mask_phrases))


def publication_texts(feedback: Feedback) -> dict:
    """Exactly what the public page will show of this item: title, question and answer with personal data
    masked (automatically, the sender's contact details, and the phrases the officer added). The preview
    shows this and publishing stores this; the commune's own hotline is public and kept."""
    known = _known_personal_data(feedback)
    extra = parse_mask_phrases(feedback.mask_phrases)
    keep = [feedback.commune.hotline] if feedback.commune.hotline else []

    def mask(text):
        return mask_personal_data(text, known, extra=extra, keep=keep)

    return {"title": mask(feedback.title)[:200], "question": mask(feedback.content), "answer": mask(feedback.answer)}


def publication_digest(texts: dict) -> str:
    """A fingerprint of the previewed texts, sent back with "publish": what is published is what was seen."""
    payload = "\x1f".join(texts[k] for k in ("title", "question", "answer"))
    return hashlib.sha256(payload.encode()).hexdigest()


@transaction.atomic
def set_mask_phrases(feedback: Feedback, phrases: str, *, user) -> Feedback:
    feedback.mask_phrases = "\n".join(parse_mask_phrases(phrases))
    feedback.save()
    return feedback


PREVIEW_STALE = "Nội dung đã thay đổi sau khi bạn xem trước. Hãy xem lại bản xem trước rồi công khai."


@transaction.atomic
def publish_feedback(feedback: Feedback, *, user, publish: bool = True, previewed: str = "") -> Feedback:
    """Publish the texts the officer previewed (``previewed`` is their digest), or stop publishing."""
    if publish:
        if feedback.status != FeedbackStatus.ANSWERED:
            raise EngagementError("Chỉ công khai được phản ánh đã có câu trả lời.")
        texts = publication_texts(feedback)
        if not previewed or previewed != publication_digest(texts):
            raise EngagementError(PREVIEW_STALE)
        feedback.published_title = texts["title"]
        feedback.published_question = texts["question"]
        feedback.published_answer = texts["answer"]
        feedback.published_at = timezone.now()
    feedback.is_published = publish
    feedback.save()
    return feedback


@transaction.atomic
def rate_feedback(feedback: Feedback, rating: str) -> Feedback:
    if feedback.status != FeedbackStatus.ANSWERED:
        raise EngagementError("Chỉ đánh giá được sau khi có câu trả lời.")
    if rating not in FeedbackRating.values:
        raise EngagementError("Đánh giá không hợp lệ.")
    feedback.rating = rating
    feedback.rated_at = timezone.now()
    feedback.save()
    return feedback


@transaction.atomic
def erase_personal_data(feedback: Feedback, *, user) -> Feedback:
    """Blank the submitter's name, phone, e-mail, ID number and address, mask what the text itself
    says of them, remove the attached photos and files (rows and stored bytes), and record who erased
    it and when."""
    texts = publication_texts(feedback)
    feedback.content, feedback.title, feedback.answer = texts["question"], texts["title"], texts["answer"]
    if feedback.is_published:
        feedback.published_title, feedback.published_question, feedback.published_answer = (
            texts["title"], texts["question"], texts["answer"])
    feedback.mask_phrases = ""  # the phrases are themselves personal data, and now masked in the text
    # audit: update() rather than save(), so the old values are not copied into the audit trail; the
    # erasure itself is recorded on the Feedback row (personal_data_erased_at/_by).
    FeedbackContact.objects.filter(feedback=feedback).update(**dict.fromkeys(CONTACT_FIELDS, ""))
    # Photos show faces, papers, houses: they go too. The rows now (the audit trail keeps only their
    # names and sizes), the bytes once the erasure is committed, so a failure keeps both.
    paths = [a.path for a in feedback.attachments.all()]
    for attachment in feedback.attachments.all():
        attachment.delete()
    for path in paths:
        transaction.on_commit(lambda path=path: default_storage.delete(path))
    feedback.personal_data_erased_at = timezone.now()
    feedback.personal_data_erased_by = user
    feedback.save()
    return feedback


def feedback_figures_for(feedbacks, on=None) -> dict:
    facts = [
        FeedbackFacts(due_date=f["due_date"],
                      answered_on=timezone.localtime(f["answered_at"]).date() if f["answered_at"] else None,
                      rating=f["rating"])
        for f in feedbacks.values("due_date", "answered_at", "rating")
    ]
    return feedback_figures(facts, on or today())


def overdue_feedback(commune, on=None):
    on = on or today()
    return (Feedback.objects.filter(commune=commune, answered_at__isnull=True, due_date__lt=on)
            .select_related("unit").order_by("due_date", "id"))


# --- surveys ---------------------------------------------------------------------------------------
def _survey_locked(survey: Survey) -> bool:
    return SurveyResponse.objects.filter(survey=survey).exists()


LOCKED_MESSAGE = "Khảo sát đã có phiếu trả lời: không thêm, xóa câu hỏi hay đổi lựa chọn được nữa."


@transaction.atomic
def create_survey(commune, *, title: str, intro: str = "", template: str = "") -> Survey:
    if template == "sipas":
        survey = Survey.objects.create(commune=commune, title=title or sipas.TITLE, intro=intro or sipas.INTRO)
        position = 0
        for s_pos, (section_title, factor, questions) in enumerate(sipas.SECTIONS):
            section = SurveySection.objects.create(survey=survey, title=section_title, factor=factor, position=s_pos)
            for text, kind, required, choices in questions:
                SurveyQuestion.objects.create(survey=survey, section=section, text=text, kind=kind,
                                              required=required, choices=choices, position=position)
                position += 1
        return survey
    title = clean_text(title)
    if not title:
        raise EngagementError("Hãy nhập tên khảo sát.")
    return Survey.objects.create(commune=commune, title=title[:200], intro=(intro or "").strip())


@transaction.atomic
def update_survey(survey: Survey, *, title: str, intro: str) -> Survey:
    title = clean_text(title)
    if not title:
        raise EngagementError("Hãy nhập tên khảo sát.")
    survey.title, survey.intro = title[:200], (intro or "").strip()
    survey.save()
    return survey


@transaction.atomic
def set_survey_status(survey: Survey, status: str) -> Survey:
    if status not in SurveyStatus.values:
        raise EngagementError("Trạng thái không hợp lệ.")
    if status == SurveyStatus.OPEN and not SurveyQuestion.objects.filter(survey=survey).exists():
        raise EngagementError("Khảo sát chưa có câu hỏi nào.")
    survey.status = status
    survey.save()
    return survey


@transaction.atomic
def add_section(survey: Survey, *, title: str, factor: str = "") -> SurveySection:
    title = clean_text(title)
    if not title:
        raise EngagementError("Hãy nhập tên phần.")
    last = SurveySection.objects.filter(survey=survey).order_by("-position").first()
    return SurveySection.objects.create(survey=survey, title=title[:200], factor=factor,
                                        position=(last.position + 1) if last else 0)


@transaction.atomic
def delete_section(section: SurveySection) -> None:
    if _survey_locked(section.survey):
        raise EngagementError(LOCKED_MESSAGE)
    section.delete()


def _clean_choices(kind: str, choices) -> list[str]:
    if kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return []
    cleaned = [clean_text(c)[:200] for c in choices if clean_text(c)]
    if len(cleaned) < 2:
        raise EngagementError("Câu hỏi chọn một hoặc chọn nhiều cần ít nhất hai lựa chọn (mỗi dòng một lựa chọn).")
    return cleaned


@transaction.atomic
def save_question(survey: Survey, *, text: str, kind: str, required: bool, choices=(), section=None,
                  question: SurveyQuestion | None = None) -> SurveyQuestion:
    text = clean_text(text)
    if not text:
        raise EngagementError("Hãy nhập câu hỏi.")
    if kind not in QuestionKind.values:
        raise EngagementError("Loại câu hỏi không hợp lệ.")
    if section is not None and section.survey_id != survey.pk:
        raise EngagementError("Phần không thuộc khảo sát này.")
    choices = _clean_choices(kind, choices)
    locked = _survey_locked(survey)
    if question is None:
        if locked:
            raise EngagementError(LOCKED_MESSAGE)
        last = SurveyQuestion.objects.filter(survey=survey).order_by("-position").first()
        question = SurveyQuestion(survey=survey, position=(last.position + 1) if last else 0)
    elif locked and (kind != question.kind or choices != question.choices):
        raise EngagementError(LOCKED_MESSAGE)
    question.text, question.kind, question.required = text[:500], kind, required
    question.choices, question.section = choices, section
    question.save()
    return question


@transaction.atomic
def delete_question(question: SurveyQuestion) -> None:
    if _survey_locked(question.survey):
        raise EngagementError(LOCKED_MESSAGE)
    question.delete()


MAX_TEXT_ANSWER = 2000


def read_survey_answers(questions, data) -> tuple[dict, dict]:
    """Answers from a posted form (``data.get``/``getlist``): ({question id: value}, {question id: error})."""
    answers, errors = {}, {}
    for q in questions:
        name = f"q{q.pk}"
        value = None
        if q.kind == QuestionKind.SCALE:
            raw = data.get(name, "")
            if raw in {"1", "2", "3", "4", "5"}:
                value = int(raw)
        elif q.kind == QuestionKind.SINGLE:
            raw = data.get(name, "")
            if raw.isdigit() and int(raw) < len(q.choices):
                value = int(raw)
        elif q.kind == QuestionKind.MULTIPLE:
            picked = sorted({int(v) for v in data.getlist(name) if v.isdigit() and int(v) < len(q.choices)})
            value = picked or None
        else:
            raw = (data.get(name, "") or "").strip()
            if len(raw) > MAX_TEXT_ANSWER:
                errors[q.pk] = f"Câu trả lời dài quá {MAX_TEXT_ANSWER} ký tự."
            value = raw[:MAX_TEXT_ANSWER] or None
        if value is None:
            if q.required:
                errors.setdefault(q.pk, "Câu hỏi này cần được trả lời.")
        else:
            answers[str(q.pk)] = value
    return answers, errors


# One answer per respondent: each form carries a signed one-time token (issued when the page is shown,
# whether reached from the portal or from the QR code at the counter, which links to the form). Signed so
# it cannot be made up, timestamped so it expires, and its random part stored with the answer under a
# unique constraint so it is spent once, even by two posts at the same instant.
SURVEY_TOKEN_SALT = "engagement.survey-token"
SURVEY_TOKEN_MAX_AGE = 2 * 86400
# Nobody reads and answers a survey in less time than this; a robot posting straight back does.
SURVEY_MIN_SECONDS = 5
TOKEN_INVALID = "Phiếu khảo sát không hợp lệ hoặc đã quá hạn. Xin mở lại trang khảo sát để nhận phiếu mới."
TOKEN_USED = "Phiếu này đã được gửi. Mỗi phiếu chỉ nhận một lần trả lời; xin mở lại trang khảo sát nếu Ông/Bà là người khác."
TOKEN_TOO_FAST = "Phiếu được gửi quá nhanh sau khi mở. Xin đọc và trả lời các câu hỏi rồi gửi lại."


def issue_survey_token(survey: Survey) -> str:
    return signing.TimestampSigner(salt=SURVEY_TOKEN_SALT).sign(f"{survey.pk}:{secrets.token_hex(16)}")


def _spend_survey_token(survey: Survey, token: str) -> str:
    """The token's random part, or EngagementError saying in Vietnamese why the answer is refused."""
    signer = signing.TimestampSigner(salt=SURVEY_TOKEN_SALT)
    try:
        value = signer.unsign(token or "", max_age=SURVEY_TOKEN_MAX_AGE)
        issued = signing.b62_decode(token.rsplit(":", 2)[-2])
    except (signing.BadSignature, IndexError, ValueError) as exc:
        raise EngagementError(TOKEN_INVALID) from exc
    survey_id, _, nonce = value.partition(":")
    if survey_id != str(survey.pk) or len(nonce) != 32:
        raise EngagementError(TOKEN_INVALID)
    if time.time() - issued < SURVEY_MIN_SECONDS:
        raise EngagementError(TOKEN_TOO_FAST)
    if SurveyResponse.objects.filter(survey=survey, token=nonce).exists():
        raise EngagementError(TOKEN_USED)
    return nonce


@transaction.atomic
def submit_survey_response(survey: Survey, answers: dict, token: str) -> SurveyResponse:
    if survey.status != SurveyStatus.OPEN:
        raise EngagementError("Khảo sát này không còn nhận trả lời.")
    nonce = _spend_survey_token(survey, token)
    try:
        with transaction.atomic():
            return SurveyResponse.objects.create(survey=survey, answers=answers, token=nonce)
    except IntegrityError as exc:  # the same form posted twice at once
        raise EngagementError(TOKEN_USED) from exc


# --- contests --------------------------------------------------------------------------------------
def parse_topics(value: str) -> list[str]:
    seen = []
    for part in (value or "").replace(";", ",").split(","):
        topic = clean_text(part)[:60]
        if topic and topic.lower() not in {t.lower() for t in seen}:
            seen.append(topic)
    return seen


@transaction.atomic
def save_bank_question(commune, *, text: str, choices, correct, topics, active=True,
                       question: ContestQuestion | None = None) -> ContestQuestion:
    text = clean_text(text)
    choices = [clean_text(c)[:300] for c in choices if clean_text(c)]
    if not text:
        raise EngagementError("Hãy nhập câu hỏi.")
    if len(choices) < 2:
        raise EngagementError("Cần ít nhất hai phương án (mỗi dòng một phương án).")
    correct = sorted({int(i) for i in correct if str(i).isdigit() and int(i) < len(choices)})
    if not correct:
        raise EngagementError("Hãy chọn ít nhất một đáp án đúng.")
    question = question or ContestQuestion(commune=commune)
    question.text, question.choices, question.correct = text[:500], choices, correct
    question.multiple = len(correct) > 1
    question.topics, question.active = list(topics), active
    question.save()
    return question


REGISTRATION_PRESETS = [
    ("ho_ten", "Họ và tên"),
    ("dien_thoai", "Số điện thoại"),
    ("thon", "Thôn, tổ dân phố"),
    ("nam_sinh", "Năm sinh"),
    ("don_vi", "Cơ quan, đơn vị, trường học"),
]


def registration_fields_from(preset_keys, extra_lines: str) -> list[dict]:
    """Name is always asked (the leaderboard needs it). Extra lines: one label each, "*" at the end
    for a required one."""
    fields = [{"key": "ho_ten", "label": "Họ và tên", "required": True}]
    for key, label in REGISTRATION_PRESETS[1:]:
        if key in preset_keys:
            fields.append({"key": key, "label": label, "required": True})
    for n, line in enumerate((extra_lines or "").splitlines()[:10], start=1):
        label = clean_text(line)
        required = label.endswith("*")
        label = label.rstrip("*").strip()[:100]
        if label:
            fields.append({"key": f"them_{n}", "label": label, "required": required})
    return fields


CONTEST_FIELDS = ("title", "description", "opens_at", "closes_at", "questions_per_attempt", "time_limit_minutes",
                  "attempts_allowed", "topics", "registration_fields", "tie_break_question", "prize_count",
                  "is_published")


@transaction.atomic
def save_contest(commune, *, contest: Contest | None = None, **values) -> Contest:
    if values["closes_at"] <= values["opens_at"]:
        raise EngagementError("Thời điểm kết thúc phải sau thời điểm bắt đầu.")
    if values["questions_per_attempt"] < 1 or values["time_limit_minutes"] < 1 or values["attempts_allowed"] < 1:
        raise EngagementError("Số câu, thời gian và số lượt thi phải lớn hơn 0.")
    contest = contest or Contest(commune=commune)
    for field in CONTEST_FIELDS:
        if field in values:
            setattr(contest, field, values[field])
    if refusal := bounds.first_refusal(contest):
        raise EngagementError(refusal)
    contest.save()
    return contest


def contest_pool(contest: Contest) -> dict[int, int]:
    """The bank questions an attempt may draw: {id: number of choices}."""
    rows = ContestQuestion.objects.filter(commune_id=contest.commune_id, active=True).values_list("id", "choices", "topics")
    wanted = {t.lower() for t in contest.topics}
    return {qid: len(choices) for qid, choices, topics in rows
            if not wanted or wanted.intersection(t.lower() for t in topics)}


def phone_key(value: str) -> str:
    digits = "".join(ch for ch in value or "" if ch.isdigit())
    if digits.startswith("84") and len(digits) > 10:
        digits = "0" + digits[2:]
    return digits[:20]


@transaction.atomic
def register_participant(contest: Contest, registration: dict) -> ContestParticipant:
    if not contest.is_open():
        raise EngagementError("Cuộc thi không mở vào lúc này.")
    values = {}
    for field in contest.registration_fields:
        value = clean_text(registration.get(field["key"], ""))[:200]
        if field["required"] and not value:
            raise EngagementError(f"Hãy nhập “{field['label']}”.")
        values[field["key"]] = value
    key = phone_key(values.get("dien_thoai", ""))
    if "dien_thoai" in values and values["dien_thoai"] and not 9 <= len(key) <= 11:
        raise EngagementError("Số điện thoại không hợp lệ.")
    try:
        with transaction.atomic():
            return ContestParticipant.objects.create(contest=contest, token=secrets.token_urlsafe(32),
                                                     registration=values, phone_key=key)
    except IntegrityError as exc:
        raise EngagementError("Số điện thoại này đã đăng ký dự thi. Hãy tiếp tục trên thiết bị đã đăng ký.") from exc


@transaction.atomic
def start_attempt(contest: Contest, participant: ContestParticipant, now=None) -> ContestAttempt:
    """A new attempt, or the participant's attempt still running (one active attempt at a time)."""
    now = now or timezone.now()
    if not contest.is_open(now):
        raise EngagementError("Cuộc thi không mở vào lúc này.")
    # Lock the participant row: two tabs pressing "Bắt đầu" at once must not both get an attempt.
    participant = ContestParticipant.objects.select_for_update().get(pk=participant.pk)
    attempts = ContestAttempt.objects.filter(participant=participant)
    active = attempts.filter(submitted_at__isnull=True, refused_late=False, deadline__gt=now).first()
    if active is not None:
        return active
    if attempts.count() >= contest.attempts_allowed:
        raise EngagementError("Bạn đã dùng hết số lượt thi của cuộc thi này.")
    pool = contest_pool(contest)
    if len(pool) < contest.questions_per_attempt:
        raise EngagementError("Cuộc thi chưa đủ câu hỏi. Xin quay lại sau.")
    return ContestAttempt.objects.create(
        participant=participant, contest=contest, started_at=now,
        deadline=min(now + timedelta(minutes=contest.time_limit_minutes), contest.closes_at),
        layout=scoring.draw_layout(pool, contest.questions_per_attempt),
    )


LATE_MESSAGE = "Bài làm được gửi sau khi hết giờ nên không được chấm."


def submit_attempt(attempt: ContestAttempt, submitted: dict[str, list[str]], guess=None, now=None) -> ContestAttempt:
    """Score the attempt once. A replay of the same or another submission changes nothing; an answer
    arriving after the deadline is refused (``EngagementError``) and the attempt closed unscored."""
    attempt = _submit_attempt(attempt, submitted, guess, now or timezone.now())
    if attempt.refused_late:
        raise EngagementError(LATE_MESSAGE)  # raised after the commit: the refusal itself is kept
    return attempt


@transaction.atomic
def _submit_attempt(attempt, submitted, guess, now) -> ContestAttempt:
    attempt = ContestAttempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.submitted_at is not None or attempt.refused_late:
        return attempt  # replayed: already scored (or already refused)
    if now > attempt.deadline + timedelta(seconds=SUBMIT_GRACE_SECONDS):
        attempt.refused_late = True
        attempt.save()
        return attempt
    answers = scoring.clean_answers(attempt.layout, submitted)
    ids = [item["q"] for item in attempt.layout]
    correct = dict(ContestQuestion.objects.filter(pk__in=ids).values_list("id", "correct"))
    attempt.answers = answers
    attempt.score = scoring.score(attempt.layout, answers, correct)
    guess = str(guess or "").strip()
    attempt.tie_break_guess = (min(int(guess), bounds.POINTS.high)
                               if guess.isdecimal() and len(guess) <= 12 else None)
    attempt.submitted_at = now
    attempt.save()
    return attempt


def participant_count(contest: Contest) -> int:
    return ContestParticipant.objects.filter(contest=contest, attempts__submitted_at__isnull=False).distinct().count()


def leaderboard(contest: Contest) -> list[dict]:
    count = participant_count(contest)
    attempts = list(ContestAttempt.objects.filter(contest=contest, submitted_at__isnull=False)
                    .select_related("participant"))
    participants = {a.participant_id: a.participant for a in attempts}
    results = [scoring.Result(a.participant_id, a.score or 0, a.tie_break_guess, a.duration_seconds or 0,
                              a.submitted_at) for a in attempts]
    return [
        {"rank": n, "participant": participants[r.participant_id], "score": r.score, "guess": r.guess,
         "distance": distance, "duration_seconds": r.duration_seconds, "submitted_at": r.submitted_at}
        for n, (r, distance) in enumerate(scoring.rank(results, count), start=1)
    ]


@transaction.atomic
def record_contest_activity(contest: Contest, user=None) -> bool:
    """Record a finished contest as a communication activity (idempotent by source key)."""
    if not contest.is_finished():
        return False
    work_services.record_activity(
        contest.commune, kind_code="contest", title=f"Cuộc thi: {contest.title}",
        date=timezone.localtime(contest.opens_at).date(), date_end=timezone.localtime(contest.closes_at).date(),
        quantity=participant_count(contest), quantity_unit="người tham gia",
        source_key=f"engagement.contest:{contest.pk}", user=user,
    )
    if contest.activity_recorded_at is None:
        contest.activity_recorded_at = timezone.now()
        contest.save()
    return True


def record_finished_contests(now=None) -> int:
    """Daily: every finished contest not yet recorded, in every commune (cross-tenant on purpose: the
    scheduler serves all tenants; each contest is handled inside its own commune's scope)."""
    now = now or timezone.now()
    with scopes_disabled():
        pending = list(Contest.objects.filter(closes_at__lte=now, activity_recorded_at__isnull=True,
                                              is_published=True).select_related("commune"))
    done = 0
    for contest in pending:
        with commune_scope(contest.commune):
            done += record_contest_activity(contest)
    return done


def open_surveys(commune):
    return Survey.objects.filter(commune=commune, status=SurveyStatus.OPEN)


def open_contests(commune, now=None):
    now = now or timezone.now()
    return Contest.objects.filter(commune=commune, is_published=True, opens_at__lte=now, closes_at__gt=now)


def survey_counts(surveys):
    return surveys.annotate(n_responses=Count("responses", distinct=True),
                            n_questions=Count("questions", distinct=True))


def contest_counts(contests):
    return contests.annotate(n_participants=Count("participants", filter=Q(participants__attempts__submitted_at__isnull=False),
                                                  distinct=True))
