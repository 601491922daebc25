"""Status messages to the resident who sent feedback: received, assigned, answered. Sent by a background
task (ids in, the commune's scope re-entered, safe to run twice) to the e-mail address they left, and by
SMS when the installation has a gateway (``settings.SMS_BACKEND``). A message carries the tracking code,
the new status and the link to the tracking page: never the item's text, nor anything about other people.
Phone numbers are masked in logs; e-mail addresses are not logged at all."""

import logging

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from tuyentruyen.lib import sms
from tuyentruyen.lib.tenancy import commune_scope, scopes_disabled
from tuyentruyen.notifications.services import absolute_url

from .models import Feedback, FeedbackContact, FeedbackUpdate, FeedbackUpdateEvent

logger = logging.getLogger(__name__)


def wanted(feedback: Feedback) -> bool:
    """Whether the sender left anything to be told through (an e-mail, or a phone with SMS on)."""
    contact = FeedbackContact.objects.filter(feedback=feedback).values("email", "phone").first()
    return bool(contact and (contact["email"] or (contact["phone"] and sms.enabled())))


def queue_update(feedback: Feedback, event: str) -> None:
    """Called inside the service's transaction: the task is enqueued once the change is committed."""
    if feedback.personal_data_erased_at is not None or not wanted(feedback):
        return
    feedback_id = feedback.pk

    def enqueue():
        from .tasks import send_feedback_update

        send_feedback_update.enqueue(feedback_id, event)

    transaction.on_commit(enqueue)


def _lines(feedback: Feedback, event: str) -> tuple[str, str, str]:
    """(e-mail subject, e-mail body, SMS text)."""
    commune = feedback.commune
    url = absolute_url(reverse("engagement_public:feedback_track", args=[commune.slug, feedback.code]))
    due = f"{feedback.due_date:%d/%m/%Y}" if feedback.due_date else ""
    if event == FeedbackUpdateEvent.RECEIVED:
        status = f"đã được tiếp nhận{f'; hạn trả lời: {due}' if due else ''}"
    elif event == FeedbackUpdateEvent.ASSIGNED:
        unit = feedback.unit.name if feedback.unit_id else "đơn vị chuyên môn"
        status = f"đã được giao cho {unit} xử lý{f'; hạn trả lời: {due}' if due else ''}"
    else:
        status = "đã có câu trả lời. Mời Ông/Bà xem câu trả lời và cho biết mức độ hài lòng"
    subject = f"Phản ánh, kiến nghị mã {feedback.code}: {FeedbackUpdateEvent(event).label.lower()}"
    body = "\n".join([
        "Kính gửi Ông/Bà,",
        "",
        f"Phản ánh, kiến nghị mã {feedback.code} Ông/Bà gửi {commune.committee_name} {status}.",
        "",
        f"Theo dõi phản ánh tại: {url}",
        "",
        "Thư được gửi tự động, xin không trả lời thư này. Nếu Ông/Bà không gửi phản ánh này, xin bỏ qua thư.",
        commune.committee_name,
    ])
    text = f"{commune.committee_name}: phản ánh {feedback.code} {status}. Xem: {url}"
    return subject, body, text


def _claim(feedback: Feedback, event: str, channel: str):
    try:
        with transaction.atomic():
            return FeedbackUpdate.objects.create(feedback=feedback, event=event, channel=channel)
    except IntegrityError:
        return None  # sent already, or being sent by another run of the task


def send_update(feedback_id: int, event: str) -> dict:
    """Send the message of ``event`` on every channel the sender left; once per (item, event, channel)."""
    with scopes_disabled():  # only to learn the item's commune; the work runs in that commune's scope
        feedback = Feedback.objects.select_related("commune").filter(pk=feedback_id).first()
    sent = {"email": False, "sms": False}
    if feedback is None or event not in FeedbackUpdateEvent.values:
        return sent
    with commune_scope(feedback.commune):
        feedback = Feedback.objects.select_related("commune", "unit").get(pk=feedback_id)
        contact = FeedbackContact.objects.filter(feedback=feedback).first()
        if contact is None or feedback.personal_data_erased_at is not None:
            return sent
        subject, body, text = _lines(feedback, event)
        if contact.email and (claim := _claim(feedback, event, "email")):
            try:
                send_mail(subject, body, None, [contact.email])
            except Exception:
                claim.delete()  # the next run tries again
                logger.exception("feedback %s: %s e-mail failed", feedback.code, event)
                raise
            sent["email"] = True
        if contact.phone and sms.enabled() and (claim := _claim(feedback, event, "sms")):
            try:
                sms.send_sms(contact.phone, text)
            except Exception:
                claim.delete()
                logger.exception("feedback %s: %s SMS to %s failed", feedback.code, event, sms.mask_phone(contact.phone))
                raise
            logger.info("feedback %s: %s SMS sent to %s", feedback.code, event, sms.mask_phone(contact.phone))
            sent["sms"] = True
    return sent
