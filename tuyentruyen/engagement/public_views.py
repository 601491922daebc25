"""Residents' pages: send and follow feedback, answer surveys, take part in contests. No login; each view
runs in its commune's scope (``public_commune_view``). Every form is rate-limited per address, carries a
honeypot field and caps its size."""

from django.conf import settings
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tuyentruyen.lib import ratelimit
from tuyentruyen.localities.public import public_commune_view
from tuyentruyen.web.once import once_per_token

from . import results, services, statistics
from .figures import MIN_SAMPLE
from .forms import FeedbackForm
from .models import (
    Contest,
    ContestAttempt,
    ContestParticipant,
    ContestQuestion,
    Feedback,
    FeedbackRating,
    FeedbackStatus,
    Survey,
    SurveyQuestion,
    SurveySection,
    SurveyStatus,
)
from .scoring import INITIALS_KEY
from .uploads import MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, AttachmentRefused, judge_attachment

HONEYPOT = "website"
# (scope, hits, seconds) per address. A counter's Wi-Fi puts many residents behind one address, so the
# survey and contest limits stay generous; feedback is slower to write and tighter to flood.
# Forms count what they accepted (a refused form keeps the resident's quota); every try, accepted or not,
# also counts towards a far higher ceiling so that a robot posting broken forms is slowed down too.
FEEDBACK_LIMITS = [("feedback-burst", 5, 600), ("feedback-day", 20, 86400)]
TRY_LIMITS = [("form-tries", 300, 600)]
LOOKUP_LIMITS = [("feedback-lookup", 30, 600)]
SURVEY_LIMITS = [("survey-burst", 20, 600), ("survey-day", 200, 86400)]
CONTEST_LIMITS = [("contest-burst", 30, 600), ("contest-day", 300, 86400)]
MAX_FEEDBACK_REQUEST = MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + 256 * 1024
TOO_MANY = "Bạn đã gửi quá nhiều lần trong thời gian ngắn. Xin vui lòng thử lại sau ít phút."


def _page(request, commune, template, context=None, status=200):
    return render(request, template, {"commune": commune, **(context or {})}, status=status)


def _honeypot_filled(request) -> bool:
    return bool(request.POST.get(HONEYPOT, "").strip())


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _cookie(response, name, value, max_age):
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="Lax",
                        secure=settings.SESSION_COOKIE_SECURE)


# --- feedback --------------------------------------------------------------------------------------
@public_commune_view
@once_per_token(max_body=MAX_FEEDBACK_REQUEST)
def feedback_form(request, commune):
    context = {"limits": FEEDBACK_LIMITS, "max_files": MAX_ATTACHMENTS, "max_mb": MAX_ATTACHMENT_BYTES // 1024 // 1024}
    if request.method != "POST":
        return _page(request, commune, "engagement/public/feedback_form.html", {**context, "form": FeedbackForm()})
    if _content_length(request) > MAX_FEEDBACK_REQUEST:
        return _page(request, commune, "engagement/public/feedback_form.html",
                     {**context, "form": FeedbackForm(), "error": "Nội dung gửi lên quá lớn."}, status=413)
    if not ratelimit.allowed(request, FEEDBACK_LIMITS) or not ratelimit.allow_all(request, TRY_LIMITS):
        return _page(request, commune, "engagement/public/message.html", {"message": TOO_MANY}, status=429)
    form = FeedbackForm(request.POST)
    if _honeypot_filled(request):
        # A robot filled the hidden field: answer like a refusal, keep nothing.
        return _page(request, commune, "engagement/public/feedback_form.html",
                     {**context, "form": FeedbackForm(), "error": "Không gửi được phản ánh."}, status=400)
    error, attachments = None, []
    files = request.FILES.getlist("attachments")
    if len(files) > MAX_ATTACHMENTS:
        error = f"Chỉ gửi kèm tối đa {MAX_ATTACHMENTS} tệp."
    else:
        for upload in files:
            if upload.size > MAX_ATTACHMENT_BYTES:
                error = f"Tệp “{upload.name}” lớn hơn {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB."
                break
            data = upload.read()
            try:
                attachments.append((upload.name, data, judge_attachment(data, upload.name)))
            except AttachmentRefused as exc:
                error = exc.message
                break
    if error or not form.is_valid():
        return _page(request, commune, "engagement/public/feedback_form.html",
                     {**context, "form": form, "error": error}, status=400)
    data = form.cleaned_data
    try:
        feedback = services.submit_feedback(
            commune, category=data["category"], title=data["title"], content=data["content"],
            procedure_name=data["procedure_name"], attachments=attachments,
            contact={k: data[k] for k in services.CONTACT_FIELDS},
        )
    except services.EngagementError as exc:  # a full disk: nothing kept, the resident's text shown again
        return _page(request, commune, "engagement/public/feedback_form.html",
                     {**context, "form": form, "error": exc.message}, status=503)
    ratelimit.record(request, FEEDBACK_LIMITS)
    return redirect(reverse("engagement_public:feedback_track", args=[commune.slug, feedback.code]) + "?moi=1")


@public_commune_view
def feedback_lookup(request, commune):
    code = services.normalise_code(request.GET.get("ma", ""))
    error = None
    if code:
        if not ratelimit.allow_all(request, LOOKUP_LIMITS):
            error = TOO_MANY
        elif Feedback.objects.filter(commune=commune, code=code).exists():
            return redirect("engagement_public:feedback_track", commune.slug, code)
        else:
            error = "Không tìm thấy phản ánh có mã này. Hãy kiểm tra lại mã theo dõi."
    return _page(request, commune, "engagement/public/feedback_lookup.html", {"code": code, "error": error},
                 status=404 if error and code else 200)


@public_commune_view
def feedback_track(request, commune, code):
    # The code is the key: counted like lookups so that guessing codes through this URL is slow too.
    if not ratelimit.allow_all(request, LOOKUP_LIMITS):
        return _page(request, commune, "engagement/public/feedback_lookup.html", {"error": TOO_MANY}, status=429)
    feedback = get_object_or_404(Feedback.objects.select_related("unit"), commune=commune,
                                 code=services.normalise_code(code))
    error = None
    if request.method == "POST":
        try:
            services.rate_feedback(feedback, request.POST.get("rating", ""))
        except services.EngagementError as exc:
            error = exc.message
        else:
            return redirect("engagement_public:feedback_track", commune.slug, feedback.code)
    return _page(request, commune, "engagement/public/feedback_track.html", {
        "feedback": feedback, "is_new": request.GET.get("moi") == "1", "error": error,
        "can_rate": feedback.status == FeedbackStatus.ANSWERED, "ratings": FeedbackRating.choices,
    }, status=400 if error else 200)


@public_commune_view
def feedback_published(request, commune):
    # Only the texts stored at publication, exactly as the officer previewed them.
    items = list(Feedback.objects.filter(commune=commune, is_published=True).select_related("unit")
                 .only("pk", "category", "created_at", "answered_at", "published_title", "published_question",
                       "published_answer", "unit__name").order_by("-published_at")[:100])
    return _page(request, commune, "engagement/public/feedback_published.html", {"items": items})


# --- surveys ---------------------------------------------------------------------------------------
def _survey_cookie(survey) -> str:
    return f"khaosat_{survey.pk}"


@public_commune_view
def survey_index(request, commune):
    return _page(request, commune, "engagement/public/survey_index.html",
                 {"surveys": services.open_surveys(commune).order_by("-created_at")})


@public_commune_view
@once_per_token(max_body=64 * 1024)
def survey_answer(request, commune, survey_id):
    survey = get_object_or_404(Survey, commune=commune, pk=survey_id, status=SurveyStatus.OPEN)
    questions = list(SurveyQuestion.objects.filter(survey=survey).select_related("section"))
    sections = list(SurveySection.objects.filter(survey=survey))
    answered_here = request.COOKIES.get(_survey_cookie(survey)) == "1" and request.GET.get("nguoi-khac") != "1"
    answers, errors, error, status = {}, {}, None, 200
    token = request.POST.get("phieu", "") if request.method == "POST" else ""
    if request.method == "POST":
        if not ratelimit.allowed(request, SURVEY_LIMITS) or not ratelimit.allow_all(request, TRY_LIMITS):
            error, status = TOO_MANY, 429
        elif _honeypot_filled(request) or _content_length(request) > 64 * 1024:
            error, status = "Không gửi được phiếu trả lời.", 400
        else:
            answers, errors = services.read_survey_answers(questions, request.POST)
            if errors:
                error, status = "Phiếu chưa đầy đủ: hãy xem các câu được đánh dấu.", 400
            else:
                try:
                    services.submit_survey_response(survey, answers, token)
                except services.EngagementError as exc:
                    error, status = exc.message, 400
                    if exc.message != services.TOKEN_TOO_FAST:
                        token = ""  # spent, forged or expired: this page gets a fresh one
                else:
                    ratelimit.record(request, SURVEY_LIMITS)
                    response = redirect("engagement_public:survey_thanks", commune.slug, survey.pk)
                    _cookie(response, _survey_cookie(survey), "1", 365 * 86400)
                    return response
    groups = [(None, [q for q in questions if q.section_id is None])] + [
        (s, [q for q in questions if q.section_id == s.pk]) for s in sections]
    return _page(request, commune, "engagement/public/survey_answer.html", {
        "survey": survey, "groups": [(s, qs) for s, qs in groups if qs], "answers": answers, "errors": errors,
        "error": error, "answered_here": answered_here, "posted": request.POST if request.method == "POST" else None,
        "limits": SURVEY_LIMITS, "token": token or services.issue_survey_token(survey),
    }, status=status)


@public_commune_view
def survey_thanks(request, commune, survey_id):
    survey = get_object_or_404(Survey, commune=commune, pk=survey_id)
    return _page(request, commune, "engagement/public/survey_thanks.html", {"survey": survey})


# --- contests --------------------------------------------------------------------------------------
def _participant_cookie(contest) -> str:
    return f"cuocthi_{contest.pk}"


def _participant(request, contest):
    token = request.COOKIES.get(_participant_cookie(contest), "")
    if not token:
        return None
    return ContestParticipant.objects.filter(contest=contest, token=token).first()


def _public_contest(commune, contest_id):
    return get_object_or_404(Contest, commune=commune, pk=contest_id, is_published=True)


@public_commune_view
def contest_index(request, commune):
    now = timezone.now()
    contests = Contest.objects.filter(commune=commune, is_published=True).order_by("-opens_at")[:50]
    return _page(request, commune, "engagement/public/contest_index.html", {"contests": contests, "now": now})


@public_commune_view
@once_per_token(max_body=16 * 1024)
def contest_detail(request, commune, contest_id):
    contest = _public_contest(commune, contest_id)
    participant = _participant(request, contest)
    error, status, values = None, 200, {}
    if request.method == "POST" and participant is None:
        values = {f["key"]: request.POST.get(f["key"], "") for f in contest.registration_fields}
        values[INITIALS_KEY] = "1" if request.POST.get(INITIALS_KEY) else ""
        if not ratelimit.allowed(request, CONTEST_LIMITS) or not ratelimit.allow_all(request, TRY_LIMITS):
            error, status = TOO_MANY, 429
        elif _honeypot_filled(request) or _content_length(request) > 16 * 1024:
            error, status = "Không đăng ký được.", 400
        else:
            try:
                participant = services.register_participant(contest, values)
            except services.EngagementError as exc:
                error, status = exc.message, 400
            else:
                ratelimit.record(request, CONTEST_LIMITS)
                response = redirect("engagement_public:contest", commune.slug, contest.pk)
                _cookie(response, _participant_cookie(contest), participant.token,
                        int((contest.closes_at - timezone.now()).total_seconds()) + 30 * 86400)
                return response
    attempts = list(ContestAttempt.objects.filter(participant=participant)) if participant else []
    return _page(request, commune, "engagement/public/contest_detail.html", {
        "contest": contest, "participant": participant, "attempts": attempts, "error": error, "values": values,
        "initials_key": INITIALS_KEY, "is_open": contest.is_open(), "attempts_left": max(0, contest.attempts_allowed - len(attempts)),
    }, status=status)


@require_POST
@public_commune_view
@once_per_token
def contest_start(request, commune, contest_id):
    contest = _public_contest(commune, contest_id)
    participant = _participant(request, contest)
    if participant is None:
        return redirect("engagement_public:contest", commune.slug, contest.pk)
    if not ratelimit.allowed(request, CONTEST_LIMITS) or not ratelimit.allow_all(request, TRY_LIMITS):
        return _page(request, commune, "engagement/public/message.html", {"message": TOO_MANY}, status=429)
    try:
        attempt = services.start_attempt(contest, participant)
    except services.EngagementError as exc:
        return _page(request, commune, "engagement/public/message.html",
                     {"message": exc.message, "back": reverse("engagement_public:contest", args=[commune.slug, contest.pk])},
                     status=400)
    ratelimit.record(request, CONTEST_LIMITS)
    return redirect("engagement_public:contest_attempt", commune.slug, contest.pk, attempt.pk)


@public_commune_view
def contest_attempt(request, commune, contest_id, attempt_id):
    contest = _public_contest(commune, contest_id)
    participant = _participant(request, contest)
    if participant is None:
        raise Http404("Không có bài thi này.")
    attempt = get_object_or_404(ContestAttempt, pk=attempt_id, contest=contest, participant=participant)
    error, status = None, 200
    if request.method == "POST":
        if not ratelimit.allowed(request, CONTEST_LIMITS) or not ratelimit.allow_all(request, TRY_LIMITS):
            error, status = TOO_MANY, 429
        elif _content_length(request) > 64 * 1024:
            error, status = "Bài làm gửi lên quá lớn.", 400
        else:
            submitted = {str(item["q"]): request.POST.getlist(f"q{item['q']}") for item in attempt.layout}
            try:
                attempt = services.submit_attempt(attempt, submitted, request.POST.get("tie_break", ""))
            except services.EngagementError as exc:
                error, status = exc.message, 400
                attempt.refresh_from_db()
            else:
                ratelimit.record(request, CONTEST_LIMITS)
                return redirect("engagement_public:contest_attempt", commune.slug, contest.pk, attempt.pk)
    questions = {}
    if attempt.is_active:
        bank = {q.pk: q for q in ContestQuestion.objects.filter(pk__in=[i["q"] for i in attempt.layout])}
        # Only the text of the question and of its choices, in this attempt's order: never which is correct.
        questions = [
            {"id": item["q"], "text": bank[item["q"]].text, "multiple": bank[item["q"]].multiple,
             "choices": [(index, bank[item["q"]].choices[index]) for index in item["order"]
                         if index < len(bank[item["q"]].choices)]}
            for item in attempt.layout if item["q"] in bank
        ]
    return _page(request, commune, "engagement/public/contest_attempt.html", {
        "contest": contest, "attempt": attempt, "questions": questions, "error": error,
        "total": len(attempt.layout),
        "seconds_left": max(0, int((attempt.deadline - timezone.now()).total_seconds())),
    }, status=status)



# --- results residents can see -------------------------------------------------------------------------
def _finished_contests(commune):
    return Contest.objects.filter(commune=commune, is_published=True, closes_at__lte=timezone.now())


@public_commune_view
def results_index(request, commune):
    surveys = list(results.surveys_with_results(commune).annotate(n_responses=Count("responses"))
                   .order_by("-created_at")[:20])
    return _page(request, commune, "engagement/public/results_index.html", {
        "surveys": surveys, "min_sample": MIN_SAMPLE,
        "contests": _finished_contests(commune).order_by("-closes_at")[:20],
    })


@public_commune_view
def feedback_statistics(request, commune):
    return _page(request, commune, "engagement/public/feedback_statistics.html", {
        "stats": statistics.feedback_statistics(commune),
        "answer_days": int(commune.setting("feedback_answer_days", services.FEEDBACK_ANSWER_DAYS)),
    })


@public_commune_view
def survey_results(request, commune, survey_id):
    survey = get_object_or_404(results.surveys_with_results(commune), pk=survey_id)
    _questions, responses, figures = results.survey_results_of(survey)
    first, last = results.survey_period(responses)
    target = float(commune.setting("survey_target_percent", 90))
    return _page(request, commune, "engagement/public/survey_results.html", {
        "survey": survey, "results": figures, "first": first, "last": last, "target": target,
    })


@public_commune_view
def contest_results(request, commune, contest_id):
    contest = get_object_or_404(_finished_contests(commune), pk=contest_id)
    ranking = results.public_ranking(contest)
    return _page(request, commune, "engagement/public/contest_results.html", {
        "contest": contest, "winners": [r for r in ranking if r["winner"]],
        "others": [r for r in ranking if not r["winner"]], "total": contest.questions_per_attempt,
        "participants": services.participant_count(contest),
    })
