from datetime import timedelta

from django.core.files.storage import default_storage
from django.utils import timezone

from tuyentruyen.engagement import services
from tuyentruyen.engagement.models import FeedbackAttachment, SurveyQuestion, SurveySection, SurveyStatus
from tuyentruyen.engagement.uploads import JudgedFile


def make_objects(side):
    commune, marker = side.commune, side.marker
    pdf = b"%PDF-1.4\n%" + f"phan anh {marker}".encode() + b"\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    side.feedback = services.submit_feedback(
        commune, category="general", title=f"Phản ánh {marker}", content=f"Nội dung {marker}",
        contact={"full_name": f"Người gửi {marker}"},
        attachments=[("a.pdf", pdf, JudgedFile("application/pdf", "pdf"))])
    side.attachment = FeedbackAttachment.objects.get(feedback=side.feedback)
    with default_storage.open(side.attachment.path, "rb") as handle:
        side.files.append(handle.read())
    side.survey = services.create_survey(commune, title=f"Khảo sát {marker}", template="sipas")
    services.set_survey_status(side.survey, SurveyStatus.OPEN)  # so that residents' pages show it
    side.section = SurveySection.objects.filter(survey=side.survey).first()
    side.survey_question = SurveyQuestion.objects.filter(survey=side.survey).first()
    side.bank_question = services.save_bank_question(commune, text=f"Câu {marker}?", choices=["a", "b"],
                                                     correct=[0], topics=[])
    now = timezone.now()
    side.contest = services.save_contest(
        commune, title=f"Cuộc thi {marker}", description="", opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1), questions_per_attempt=1, time_limit_minutes=5, attempts_allowed=1,
        topics=[], registration_fields=services.registration_fields_from([], ""), tie_break_question="?",
        prize_count=1, is_published=True)
    participant = services.register_participant(side.contest, {"ho_ten": f"Thí sinh {marker}"})
    side.attempt = services.start_attempt(side.contest, participant)


PARAMETERS = {
    "feedback_id": lambda side: side.feedback.pk,
    "attachment_id": lambda side: side.attachment.pk,
    "code": lambda side: side.feedback.code,
    "survey_id": lambda side: side.survey.pk,
    "section_id": lambda side: side.section.pk,
    "question_id": lambda side: side.survey_question.pk,  # a survey's question (procedures' is another thing)
    "item_id": lambda side: side.bank_question.pk,
    "contest_id": lambda side: side.contest.pk,
    "attempt_id": lambda side: side.attempt.pk,
}
FIELDS = {"ma": lambda side: side.feedback.code, "survey": lambda side: side.survey.pk,
          "contest": lambda side: side.contest.pk}
