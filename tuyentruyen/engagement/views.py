"""Staff pages: the feedback inbox, the survey builder and results, contest setup and results."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from tuyentruyen.accounts.permissions import access_required
from tuyentruyen.lib.documents import Document, document_response
from tuyentruyen.lib.errors import form_errors_text
from tuyentruyen.lib.files import clean_file_name
from tuyentruyen.lib.xlsx import XLSX_CONTENT_TYPE
from tuyentruyen.localities.models import Unit
from tuyentruyen.web.once import once_per_token

from . import access, exports, services
from .figures import bar_chart_svg
from .forms import BankQuestionForm, ContestForm, QuestionForm, SectionForm, SurveyForm
from .models import (
    Contest,
    ContestAttempt,
    ContestParticipant,
    ContestQuestion,
    FeedbackAttachment,
    FeedbackContact,
    FeedbackStatus,
    Survey,
    SurveyQuestion,
    SurveyResponse,
    SurveySection,
    SurveyStatus,
)
from .results import survey_results_of


def _commune(user):
    if user.commune_id is None:
        raise PermissionDenied("Chức năng này dành cho cán bộ của xã.")
    return user.commune


# --- feedback: reading helpers ---------------------------------------------------------------------
# --- feedback: pages ------------------------------------------------------------------------------
@access_required(access.can_view_feedback)
def feedback_inbox(request):
    user = request.user
    today = services.today()
    items = access.visible_feedback(user).select_related("unit")
    status = request.GET.get("trang-thai", "")
    if status == "qua-han":
        listed = items.filter(answered_at__isnull=True, due_date__lt=today)
    elif status in FeedbackStatus.values:
        listed = items.filter(status=status)
    else:
        listed = items
    return render(request, "engagement/feedback/inbox.html", {
        "items": listed[:200], "figures": services.feedback_figures_for(items, today), "today": today,
        "status": status, "statuses": FeedbackStatus.choices, "nav_current": "engagement:feedback_inbox",
        "whole": access.sees_whole_inbox(user),
    })


@access_required(access.can_view_feedback)
def feedback_detail(request, feedback_id: int):
    user = request.user
    feedback = access.get_feedback_for_user(user, feedback_id)
    show_contact = access.can_see_personal_data(user, feedback)
    contact = FeedbackContact.objects.filter(feedback=feedback).first() if show_contact else None
    preview = None
    if access.can_handle_feedback(user) and feedback.status == FeedbackStatus.ANSWERED:
        preview = services.publication_texts(feedback)
        preview["digest"] = services.publication_digest(preview)
    return render(request, "engagement/feedback/detail.html", {
        "preview": preview,
        "feedback": feedback, "contact": contact, "show_contact": show_contact,
        "attachments": FeedbackAttachment.objects.filter(feedback=feedback) if show_contact else [],
        "is_handler": access.can_handle_feedback(user), "can_answer": access.can_answer_feedback(user, feedback),
        "units": Unit.objects.filter(commune_id=feedback.commune_id, active=True),
        "default_due": feedback.due_date or services.default_due_date(feedback.commune), "today": services.today(),
        "overdue": feedback.is_overdue(services.today()), "nav_current": "engagement:feedback_inbox",
    })


def _handler_feedback(request, feedback_id):
    if not access.can_handle_feedback(request.user):
        raise PermissionDenied("Chỉ cán bộ phụ trách CCHC được làm việc này.")
    return access.get_feedback_for_user(request.user, feedback_id)


def _after(request, feedback, message=None, error=None):
    if error:
        messages.error(request, error)
    elif message:
        messages.success(request, message)
    return redirect("engagement:feedback_detail", feedback_id=feedback.pk)


@require_POST
@access_required(access.can_handle_feedback)
def assign_feedback(request, feedback_id: int):
    feedback = _handler_feedback(request, feedback_id)
    unit = Unit.objects.filter(commune_id=feedback.commune_id, pk=request.POST.get("unit") or 0).first()
    due = None
    if request.POST.get("due_date"):
        from django.forms import DateField

        try:
            due = DateField().clean(request.POST["due_date"])
        except Exception:  # noqa: BLE001 - any bad date gets the same message
            return _after(request, feedback, error="Hạn trả lời không hợp lệ (dd/mm/yyyy).")
    try:
        services.assign_feedback(feedback, unit=unit, due_date=due, user=request.user)
    except services.EngagementError as exc:
        return _after(request, feedback, error=exc.message)
    return _after(request, feedback, f"Đã giao {unit.name} xử lý, hạn trả lời {feedback.due_date:%d/%m/%Y}.")


@require_POST
@access_required(access.can_answer_feedback_at_all)
def answer_feedback(request, feedback_id: int):
    feedback = access.get_feedback_for_user(request.user, feedback_id)
    if not access.can_answer_feedback(request.user, feedback):
        raise PermissionDenied("Chỉ đơn vị được giao hoặc cán bộ phụ trách CCHC được trả lời.")
    try:
        services.answer_feedback(feedback, answer=request.POST.get("answer", ""), user=request.user)
    except services.EngagementError as exc:
        return _after(request, feedback, error=exc.message)
    return _after(request, feedback, "Đã lưu câu trả lời. Người gửi xem được bằng mã theo dõi.")


@require_POST
@access_required(access.can_handle_feedback)
def publish_feedback(request, feedback_id: int):
    feedback = _handler_feedback(request, feedback_id)
    publish = request.POST.get("publish") == "1"
    try:
        services.publish_feedback(feedback, user=request.user, publish=publish,
                                  previewed=request.POST.get("previewed", ""))
    except services.EngagementError as exc:
        return _after(request, feedback, error=exc.message)
    return _after(request, feedback, "Đã công khai câu trả lời (thông tin cá nhân đã được che)." if publish
                  else "Đã thôi công khai.")


@require_POST
@access_required(access.can_handle_feedback)
def mask_feedback(request, feedback_id: int):
    """The officer's own additions to what is masked when published (selected in the preview)."""
    feedback = _handler_feedback(request, feedback_id)
    services.set_mask_phrases(feedback, request.POST.get("mask_phrases", ""), user=request.user)
    messages.success(request, "Đã cập nhật bản xem trước.")
    return redirect(reverse("engagement:feedback_detail", args=[feedback.pk]) + "#cong-khai")


@require_http_methods(["GET", "POST"])
@access_required(access.can_handle_feedback)
def erase_feedback_personal_data(request, feedback_id: int):
    """GET asks for confirmation (erasure cannot be undone); the POST of that page erases."""
    feedback = _handler_feedback(request, feedback_id)
    if request.method == "GET" or feedback.personal_data_erased_at:
        if feedback.personal_data_erased_at:
            return redirect("engagement:feedback_detail", feedback.pk)
        return render(request, "engagement/feedback/erase_confirm.html", {
            "feedback": feedback, "attachments": list(feedback.attachments.all())})
    services.erase_personal_data(feedback, user=request.user)
    return _after(request, feedback, "Đã xóa thông tin cá nhân của người gửi.")


@access_required(access.can_answer_feedback_at_all)
def feedback_attachment(request, feedback_id: int, attachment_id: int):
    feedback = access.get_feedback_for_user(request.user, feedback_id)
    if not access.can_see_personal_data(request.user, feedback):
        raise PermissionDenied("Bạn không xem được tệp của phản ánh này.")
    attachment = get_object_or_404(FeedbackAttachment, feedback=feedback, pk=attachment_id)
    response = FileResponse(default_storage.open(attachment.path, "rb"), content_type=attachment.content_type,
                            as_attachment=attachment.content_type == "application/pdf",
                            filename=clean_file_name(attachment.original_name))
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- surveys --------------------------------------------------------------------------------------
def _survey_error(request, survey, error):
    messages.error(request, error)
    return redirect("engagement:survey_detail", survey_id=survey.pk)


@access_required(access.can_view_surveys)
def survey_list(request):
    surveys = services.survey_counts(Survey.objects.filter(commune_id=request.user.commune_id))
    return render(request, "engagement/survey/list.html", {
        "surveys": surveys, "can_edit": access.can_edit_surveys(request.user), "nav_current": "engagement:survey_list",
        "sipas_title": services.sipas.TITLE,
    })


@require_POST
@access_required(access.can_edit_surveys)
@once_per_token
def create_survey(request):
    commune = _commune(request.user)
    try:
        survey = services.create_survey(commune, title=request.POST.get("title", ""),
                                        template=request.POST.get("template", ""))
    except services.EngagementError as exc:
        messages.error(request, exc.message)
        return redirect("engagement:survey_list")
    return redirect("engagement:survey_detail", survey_id=survey.pk)


@access_required(access.can_view_surveys)
def survey_detail(request, survey_id: int):
    survey = access.get_survey_for_user(request.user, survey_id)
    sections = list(SurveySection.objects.filter(survey=survey))
    questions = list(SurveyQuestion.objects.filter(survey=survey))
    public_url = request.build_absolute_uri(
        reverse("engagement_public:survey", args=[survey.commune.slug, survey.pk]))
    return render(request, "engagement/survey/detail.html", {
        "survey": survey, "sections": sections, "questions": questions,
        "groups": [(None, [q for q in questions if q.section_id is None])]
        + [(s, [q for q in questions if q.section_id == s.pk]) for s in sections],
        "can_edit": access.can_edit_surveys(request.user),
        "survey_form": SurveyForm(initial={"title": survey.title, "intro": survey.intro}),
        "section_form": SectionForm(), "question_form": QuestionForm(sections=sections),
        "responses": SurveyResponse.objects.filter(survey=survey).count(), "public_url": public_url,
        "statuses": SurveyStatus.choices, "nav_current": "engagement:survey_list",
    })


def _editable_survey(request, survey_id):
    return access.get_survey_for_user(request.user, survey_id)


@require_POST
@access_required(access.can_edit_surveys)
def edit_survey(request, survey_id: int):
    survey = _editable_survey(request, survey_id)
    try:
        services.update_survey(survey, title=request.POST.get("title", ""), intro=request.POST.get("intro", ""))
    except services.EngagementError as exc:
        return _survey_error(request, survey, exc.message)
    messages.success(request, "Đã lưu.")
    return redirect("engagement:survey_detail", survey_id=survey.pk)


@require_POST
@access_required(access.can_edit_surveys)
def survey_status(request, survey_id: int):
    survey = _editable_survey(request, survey_id)
    try:
        services.set_survey_status(survey, request.POST.get("status", ""))
    except services.EngagementError as exc:
        return _survey_error(request, survey, exc.message)
    messages.success(request, f"Khảo sát: {survey.get_status_display().lower()}.")
    return redirect("engagement:survey_detail", survey_id=survey.pk)


@require_POST
@access_required(access.can_edit_surveys)
@once_per_token
def add_section(request, survey_id: int):
    survey = _editable_survey(request, survey_id)
    form = SectionForm(request.POST)
    if not form.is_valid():
        return _survey_error(request, survey, "Hãy nhập tên phần.")
    services.add_section(survey, title=form.cleaned_data["title"], factor=form.cleaned_data["factor"])
    return redirect("engagement:survey_detail", survey_id=survey.pk)


@require_POST
@access_required(access.can_edit_surveys)
def delete_section(request, survey_id: int, section_id: int):
    survey = _editable_survey(request, survey_id)
    section = get_object_or_404(SurveySection, survey=survey, pk=section_id)
    try:
        services.delete_section(section)
    except services.EngagementError as exc:
        return _survey_error(request, survey, exc.message)
    return redirect("engagement:survey_detail", survey_id=survey.pk)


def _save_question(request, survey, question=None):
    sections = list(SurveySection.objects.filter(survey=survey))
    form = QuestionForm(request.POST, sections=sections)
    if not form.is_valid():
        return _survey_error(request, survey, "Câu hỏi chưa hợp lệ: " + form_errors_text(form))
    data = form.cleaned_data
    section = next((s for s in sections if s.pk == data["section"]), None)
    try:
        services.save_question(survey, text=data["text"], kind=data["kind"], required=data["required"],
                               choices=data["choices"].splitlines(), section=section, question=question)
    except services.EngagementError as exc:
        return _survey_error(request, survey, exc.message)
    messages.success(request, "Đã lưu câu hỏi.")
    return redirect("engagement:survey_detail", survey_id=survey.pk)


@require_POST
@access_required(access.can_edit_surveys)
@once_per_token
def add_question(request, survey_id: int):
    return _save_question(request, _editable_survey(request, survey_id))


@access_required(access.can_edit_surveys)
def edit_question(request, survey_id: int, question_id: int):
    survey = _editable_survey(request, survey_id)
    question = get_object_or_404(SurveyQuestion, survey=survey, pk=question_id)
    if request.method == "POST":
        return _save_question(request, survey, question)
    sections = list(SurveySection.objects.filter(survey=survey))
    form = QuestionForm(sections=sections, initial={
        "text": question.text, "kind": question.kind, "section": question.section_id,
        "required": question.required, "choices": "\n".join(question.choices)})
    return render(request, "engagement/survey/question_edit.html",
                  {"survey": survey, "question": question, "form": form, "nav_current": "engagement:survey_list"})


@require_POST
@access_required(access.can_edit_surveys)
def delete_question(request, survey_id: int, question_id: int):
    survey = _editable_survey(request, survey_id)
    question = get_object_or_404(SurveyQuestion, survey=survey, pk=question_id)
    try:
        services.delete_question(question)
    except services.EngagementError as exc:
        return _survey_error(request, survey, exc.message)
    return redirect("engagement:survey_detail", survey_id=survey.pk)


def _target(survey) -> float:
    return float(survey.commune.setting("survey_target_percent", 90))


@access_required(access.can_view_surveys)
def survey_results_page(request, survey_id: int):
    survey = access.get_survey_for_user(request.user, survey_id)
    questions, responses, results = survey_results_of(survey)
    target = _target(survey)
    bars = [(f["label"], f["index"]) for f in results["factors"]]
    if results["factors"]:
        bars.append(("Chỉ số chung", results["overall_index"]))
    chart = mark_safe(bar_chart_svg(bars, target, f"Chỉ số hài lòng theo yếu tố, mục tiêu {target:g} %")) if bars else ""  # noqa: S308 - labels escaped in bar_chart_svg
    return render(request, "engagement/survey/results.html", {
        "survey": survey, "results": results, "target": target, "chart": chart,
        "rows": [(q, results["questions"][q.pk]) for q in questions], "nav_current": "engagement:survey_list",
    })


@access_required(access.can_view_surveys)
def survey_results_xlsx(request, survey_id: int):
    survey = access.get_survey_for_user(request.user, survey_id)
    questions, responses, results = survey_results_of(survey)
    return document_response(exports.render_survey_results(survey, questions, responses, results, _target(survey)))


@access_required(access.can_view_surveys)
def survey_qr(request, survey_id: int):
    import io

    import segno

    survey = access.get_survey_for_user(request.user, survey_id)
    url = request.build_absolute_uri(reverse("engagement_public:survey", args=[survey.commune.slug, survey.pk]))
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=8, border=2, title=f"Mã QR: {survey.title}")
    document = Document(f"ma-qr-khao-sat-{survey.pk}.svg", "image/svg+xml", buffer.getvalue())
    return document_response(document, inline=request.GET.get("tai-ve") != "1")


# --- contests -------------------------------------------------------------------------------------
@access_required(access.can_edit_contests)
def contest_list(request):
    contests = services.contest_counts(Contest.objects.filter(commune_id=request.user.commune_id))
    return render(request, "engagement/contest/list.html", {
        "contests": contests, "now": timezone.now(), "nav_current": "engagement:contest_list",
        "bank_size": ContestQuestion.objects.filter(commune_id=request.user.commune_id, active=True).count(),
    })


def _bank_values(form):
    data = form.cleaned_data
    return {"text": data["text"], "choices": data["choices"].splitlines(), "correct": data["correct"],
            "topics": services.parse_topics(data["topics"]), "active": data["active"]}


@access_required(access.can_edit_contests)
def question_bank(request):
    commune = _commune(request.user)
    form = BankQuestionForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_bank_question(commune, **_bank_values(form))
            except services.EngagementError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Đã thêm câu hỏi vào ngân hàng.")
                return redirect("engagement:question_bank")
    return render(request, "engagement/contest/bank.html", _bank_context(request, commune, form),
                  status=400 if form.errors else 200)


def _bank_context(request, commune, form) -> dict:
    topic = request.GET.get("chu-de", "")
    items = ContestQuestion.objects.filter(commune=commune)
    items = [q for q in items if not topic or topic.lower() in (t.lower() for t in q.topics)]
    return {"items": items, "form": form, "topic": topic, "nav_current": "engagement:contest_list"}


@access_required(access.can_edit_contests)
def bank_template(request):
    from .bank_xlsx import template_bytes

    return document_response(Document("mau-ngan-hang-cau-hoi.xlsx", XLSX_CONTENT_TYPE, template_bytes()))


@require_POST
@access_required(access.can_edit_contests)
def import_bank_questions(request):
    commune = _commune(request.user)
    upload = request.FILES.get("tep")
    if upload is None:
        messages.error(request, "Hãy chọn tệp Excel (.xlsx) để nhập.")
        return redirect("engagement:question_bank")
    if upload.size > services.MAX_BANK_FILE_BYTES:
        messages.error(request, f"Tệp lớn hơn {services.MAX_BANK_FILE_BYTES // 1024 // 1024} MB.")
        return redirect("engagement:question_bank")
    try:
        added = services.import_bank_questions(commune, upload.read(), name=upload.name)
    except services.EngagementError as exc:
        return render(request, "engagement/contest/bank.html", {
            **_bank_context(request, commune, BankQuestionForm()), "import_error": exc.message,
            "import_errors": getattr(exc, "errors", []),
        }, status=400)
    messages.success(request, f"Đã thêm {len(added)} câu hỏi từ tệp vào ngân hàng.")
    return redirect("engagement:question_bank")


@access_required(access.can_edit_contests)
def edit_bank_question(request, item_id: int):
    question = access.get_bank_question_for_user(request.user, item_id)
    if request.method == "POST":
        form = BankQuestionForm(request.POST)
        if form.is_valid():
            try:
                services.save_bank_question(question.commune, question=question, **_bank_values(form))
            except services.EngagementError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Đã lưu câu hỏi.")
                return redirect("engagement:question_bank")
    else:
        form = BankQuestionForm(initial={
            "text": question.text, "choices": "\n".join(question.choices),
            "correct": ", ".join(str(i + 1) for i in question.correct), "topics": ", ".join(question.topics),
            "active": question.active})
    return render(request, "engagement/contest/bank_edit.html",
                  {"question": question, "form": form, "nav_current": "engagement:contest_list"},
                  status=400 if form.errors else 200)


def _contest_values(form) -> dict:
    data = form.cleaned_data
    values = {k: data[k] for k in ("title", "description", "opens_at", "closes_at", "questions_per_attempt",
                                   "time_limit_minutes", "attempts_allowed", "tie_break_question", "prize_count",
                                   "is_published")}
    values["topics"] = services.parse_topics(data["topics"])
    values["registration_fields"] = services.registration_fields_from(data["registration"], data["extra_fields"])
    return values


def _contest_initial(contest: Contest) -> dict:
    preset = {k for k, _ in services.REGISTRATION_PRESETS}
    return {
        "title": contest.title, "description": contest.description,
        "opens_at": timezone.localtime(contest.opens_at), "closes_at": timezone.localtime(contest.closes_at),
        "questions_per_attempt": contest.questions_per_attempt, "time_limit_minutes": contest.time_limit_minutes,
        "attempts_allowed": contest.attempts_allowed, "topics": ", ".join(contest.topics),
        "registration": [f["key"] for f in contest.registration_fields if f["key"] in preset],
        "extra_fields": "\n".join(f["label"] + ("*" if f["required"] else "")
                                  for f in contest.registration_fields if f["key"] not in preset),
        "tie_break_question": contest.tie_break_question, "prize_count": contest.prize_count,
        "is_published": contest.is_published,
    }


def _contest_form_page(request, contest=None):
    if request.method == "POST":
        form = ContestForm(request.POST)
        if form.is_valid():
            try:
                contest = services.save_contest(_commune(request.user) if contest is None else contest.commune,
                                                contest=contest, **_contest_values(form))
            except services.EngagementError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Đã lưu cuộc thi.")
                return redirect("engagement:contest_detail", contest_id=contest.pk)
    else:
        form = ContestForm(initial=_contest_initial(contest) if contest else {"registration": ["dien_thoai", "thon"]})
    return render(request, "engagement/contest/form.html", {
        "form": form, "contest": contest, "nav_current": "engagement:contest_list",
    }, status=400 if form.errors else 200)


@access_required(access.can_edit_contests)
@once_per_token
def create_contest(request):
    return _contest_form_page(request)


@access_required(access.can_edit_contests)
def edit_contest(request, contest_id: int):
    return _contest_form_page(request, access.get_contest_for_user(request.user, contest_id))


@access_required(access.can_edit_contests)
def contest_detail(request, contest_id: int):
    contest = access.get_contest_for_user(request.user, contest_id)
    board = services.leaderboard(contest)
    return render(request, "engagement/contest/detail.html", {
        "contest": contest, "board": board, "pool": len(services.contest_pool(contest)),
        "participants": ContestParticipant.objects.filter(contest=contest).count(),
        "attempts": ContestAttempt.objects.filter(contest=contest).count(),
        "public_url": request.build_absolute_uri(
            reverse("engagement_public:contest", args=[contest.commune.slug, contest.pk])),
        "finished": contest.is_finished(), "nav_current": "engagement:contest_list",
    })


@access_required(access.can_edit_contests)
def contest_prizes_xlsx(request, contest_id: int):
    contest = access.get_contest_for_user(request.user, contest_id)
    return document_response(exports.render_prize_list(contest, services.leaderboard(contest),
                                                       contest.questions_per_attempt))


@require_POST
@access_required(access.can_edit_contests)
def record_contest(request, contest_id: int):
    contest = access.get_contest_for_user(request.user, contest_id)
    if not contest.is_finished():
        messages.error(request, "Cuộc thi chưa kết thúc.")
    elif services.record_contest_activity(contest, user=request.user):
        messages.success(request, "Đã ghi nhận cuộc thi vào hoạt động tuyên truyền.")
    else:
        messages.error(request, "Chưa ghi nhận được: phần hoạt động tuyên truyền chưa sẵn sàng.")
    return redirect("engagement:contest_detail", contest_id=contest.pk)
