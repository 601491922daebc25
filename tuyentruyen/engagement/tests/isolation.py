from datetime import timedelta

from django.utils import timezone

from tuyentruyen.conftest import SECRET_B
from tuyentruyen.engagement import services
from tuyentruyen.engagement.models import FeedbackAttachment, SurveyQuestion, SurveySection
from tuyentruyen.engagement.uploads import JudgedFile


def make_world_objects(world):
    commune = world.commune_b
    world.feedback_b = services.submit_feedback(
        commune, category="general", title=f"Phản ánh {SECRET_B}", content=f"Nội dung {SECRET_B}",
        contact={"full_name": f"Người gửi {SECRET_B}"},
        attachments=[("a.pdf", b"%PDF-1.4 " + SECRET_B.encode(), JudgedFile("application/pdf", "pdf"))])
    world.attachment_b = FeedbackAttachment.objects.get(feedback=world.feedback_b)
    world.survey_b = services.create_survey(commune, title=f"Khảo sát {SECRET_B}", template="sipas")
    world.section_b = SurveySection.objects.filter(survey=world.survey_b).first()
    world.survey_question_b = SurveyQuestion.objects.filter(survey=world.survey_b).first()
    world.bank_question_b = services.save_bank_question(commune, text=f"Câu {SECRET_B}?", choices=["a", "b"],
                                                        correct=[0], topics=[])
    now = timezone.now()
    world.contest_b = services.save_contest(
        commune, title=f"Cuộc thi {SECRET_B}", description="", opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1), questions_per_attempt=1, time_limit_minutes=5, attempts_allowed=1,
        topics=[], registration_fields=services.registration_fields_from([], ""), tie_break_question="?",
        prize_count=1, is_published=True)
    participant = services.register_participant(world.contest_b, {"ho_ten": f"Thí sinh {SECRET_B}"})
    world.attempt_b = services.start_attempt(world.contest_b, participant)


PARAMETER_FACTORIES = {
    "feedback_id": lambda world: world.feedback_b.pk,
    "attachment_id": lambda world: world.attachment_b.pk,
    "code": lambda world: world.feedback_b.code,
    "survey_id": lambda world: world.survey_b.pk,
    "section_id": lambda world: world.section_b.pk,
    "question_id": lambda world: world.survey_question_b.pk,
    "item_id": lambda world: world.bank_question_b.pk,
    "contest_id": lambda world: world.contest_b.pk,
    "attempt_id": lambda world: world.attempt_b.pk,
}
