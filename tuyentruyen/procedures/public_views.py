"""Residents' pages: the commune's procedures, search, the virtual assistant, the list of changes, the API.

Nothing typed by a resident is put back into a page except through template auto-escaping (the search box
keeps its text; the conversation shows the resident's own questions), and the API never echoes it.
"""

import json
from urllib.parse import urlencode

from django.core import signing
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from tuyentruyen.lib import ratelimit
from tuyentruyen.lib.text import vi_sort_key
from tuyentruyen.localities.public import public_commune_view

from . import lookup
from .models import ChangeKind, Procedure, ProcedureChange, ProcedureLegalBasis, ProcedureStatus, Publication
from .search import assistant
from .services import answer_opened, strip_personal_data

MAX_HISTORY = 5  # earlier questions carried by the no-JavaScript form
SEARCH_LIMIT = 30
MAX_API_BODY = 20_000
# Questions a resident's address may add to the unanswered list (only by POST; GET changes nothing):
# a person asks a handful, a robot hundreds. Past it the assistant still answers, and logs nothing.
UNANSWERED_LOG_LIMITS = [("assistant-log", 20, 3600)]
ASSISTANT_LIMITS = [("assistant", 120, 600)]  # answers per address; past it: 429
OPENED_LIMITS = [("assistant-opened", 30, 3600)]  # answers an address may take off the editors' list
ANSWER_SALT = "procedures.assistant.answer-opened"
ANSWER_TOKEN_AGE = 2 * 86400  # an answer opened days later no longer changes the list


def _question(value) -> str:
    """A resident's question as the pages keep it: a string, bounded, without mark-up."""
    return assistant.clean_question(value if isinstance(value, str) else "").strip()


def procedure_url(commune, code: str) -> str:
    return reverse("procedures_public:detail", args=[commune.slug, code])


@public_commune_view
def procedure_list(request, commune):
    query = _question(request.GET.get("q", ""))
    results = None
    groups = []
    if query:
        hits = lookup.search(commune, query, SEARCH_LIMIT)
        found = {p.code: p for p in Procedure.objects.filter(code__in=[h.code for h in hits])}
        results = [found[h.code] for h in hits if h.code in found]
    else:
        current = None
        # Sorted in Python: SQL's ORDER BY puts "Đăng ký" after "Xác nhận" (a commune publishes a few
        # hundred procedures at most).
        rows = lookup.published(commune).only("code", "name", "field", "processing_time", "status")
        for procedure in sorted(rows, key=lambda p: (vi_sort_key(p.field), vi_sort_key(p.name))):
            if current is None or current[0] != procedure.field:
                current = (procedure.field, [])
                groups.append(current)
            current[1].append(procedure)
    return render(request, "procedures/public/list.html", {
        "commune": commune, "query": query, "results": results, "groups": groups,
    })


@public_commune_view
def procedure_detail(request, commune, procedure_code: str):
    procedure = (
        Procedure.objects.filter(code=procedure_code, publications__commune=commune)
        .select_related("replaced_by")
        .prefetch_related(Prefetch("legal_basis_rows",
                                   queryset=ProcedureLegalBasis.objects.select_related("legal_document")))
        .first()
    )
    if procedure is None:
        raise Http404("Xã, phường này không áp dụng thủ tục này.")
    _opened(request, commune, request.GET.get("tl"), procedure.code)
    replacement_published = bool(
        procedure.replaced_by_id
        and Procedure.objects.filter(pk=procedure.replaced_by_id, publications__commune=commune).exists()
    )
    bases = []
    seen = set()
    for row in procedure.legal_basis_rows.all():
        if row.text not in seen:
            seen.add(row.text)
            bases.append(row)
    return render(request, "procedures/public/detail.html", {
        "commune": commune, "procedure": procedure, "legal_bases": bases,
        "local": Publication.objects.filter(commune=commune, procedure=procedure).first(),
        "replacement_published": replacement_published,
        "changes": procedure.changes.all()[:10],
    })


def _may_log(request) -> bool:
    return request.method == "POST" and ratelimit.allow_all(request, UNANSWERED_LOG_LIMITS)


def _answer_token(question: str, code: str) -> str:
    """Carried by an answer's link to its procedure, so that opening it takes the question off the editors'
    list of unopened answers. It holds the question as logged (folded, personal data stripped), never as
    typed: the link's address may reach a server log."""
    return signing.dumps({"q": strip_personal_data(question), "c": code}, salt=ANSWER_SALT, compress=True)


def _opened(request, commune, token: object, code: str) -> None:
    if not isinstance(token, str) or not token or len(token) > 1000:
        return
    try:
        value = signing.loads(token, salt=ANSWER_SALT, max_age=ANSWER_TOKEN_AGE)
    except signing.BadSignature:
        return
    if (isinstance(value, dict) and value.get("c") == code and isinstance(value.get("q"), str)
            and ratelimit.allow_all(request, OPENED_LIMITS)):
        answer_opened(commune, value["q"], code)


def _conversation(commune, history: list[str], question: str, *, log: bool = False,
                  opened=None) -> tuple[list[dict], int]:
    """Every turn of the conversation, and how many of them are earlier ones. Earlier turns are answered
    again from the same index (no state is kept on the server); they were counted, if need be, when first
    asked. Each follow-up question is read against the procedure the last answer was about."""
    index = lookup.get_index(commune)
    turns = []
    context, context_question = None, ""
    for previous in history:
        reply = assistant.answer(index, previous, hotline=commune.hotline,
                                 feedback_url=lookup.feedback_url(commune), context=context)
        if reply["kind"] == "answer" and not reply.get("follow_up"):
            context, context_question = reply["procedure"], previous
        turns.append({"question": previous, "reply": _with_links(commune, reply, previous)})
    if question:
        reply = lookup.ask(commune, question, log=log, context=context, unopened=True)
        if reply.get("follow_up") and opened is not None:
            opened(context_question, context)  # a follow-up about the answer means the resident read it
        turns.append({"question": question, "reply": _with_links(commune, reply, question)})
    return turns, len(history)


def _with_links(commune, reply: dict, question: str = "") -> dict:
    reply = dict(reply)
    if reply["kind"] == "answer":
        reply["url"] = procedure_url(commune, reply["procedure"])
        if question and not reply.get("follow_up"):
            reply["url"] += "?" + urlencode({"tl": _answer_token(question, reply["procedure"])})
    if reply["kind"] == "choose":
        reply["candidates"] = [{**c, "url": procedure_url(commune, c["code"])} for c in reply["candidates"]]
    if reply["kind"] == "none":
        reply["feedback_url"] = lookup.feedback_url(commune)
        reply["hotline"] = commune.hotline
    return reply


@require_http_methods(["GET", "POST"])
@public_commune_view
def assistant_page(request, commune):
    data = request.POST if request.method == "POST" else request.GET
    question = _question(data.get("chon") or data.get("q", ""))
    history = [q for q in (_question(h) for h in data.getlist("h")[-MAX_HISTORY:]) if q]
    partial = bool(request.headers.get("HX-Request"))
    template = "procedures/public/_turns.html" if partial else "procedures/public/assistant.html"
    if question and not ratelimit.allow_all(request, ASSISTANT_LIMITS):
        return render(request, template, {
            "commune": commune, "turns": [], "history": history, "examples": [], "partial": partial,
            "error": "Bạn đã hỏi quá nhiều lần trong thời gian ngắn. Xin vui lòng thử lại sau ít phút."}, status=429)
    may_log = bool(question) and _may_log(request)

    def opened(earlier: str, code: str) -> None:
        if may_log:
            answer_opened(commune, strip_personal_data(earlier), code)

    turns, earlier = _conversation(commune, history, question, log=may_log, opened=opened)
    context = {
        "commune": commune, "partial": partial,
        # The fragment for htmx carries only the new turn; the page, the whole conversation.
        "turns": turns[earlier:] if partial else turns,
        "history": [t["question"] for t in turns][-MAX_HISTORY:],
        "examples": ["làm giấy khai sinh cho con cần gì", "đăng ký kết hôn mất bao lâu",
                     "xin xác nhận độc thân ở đâu"],
        "follow_ups": ["Cần giấy tờ gì?", "Mất bao lâu?", "Lệ phí bao nhiêu?", "Nộp ở đâu?",
                       "Nộp trực tuyến được không?"],
    }
    return render(request, template, context)


@public_commune_view
def changes(request, commune):
    rows = (
        ProcedureChange.objects.filter(procedure__publications__commune=commune)
        .select_related("procedure").order_by("-changed_on", "-id")[:300]
    )
    return render(request, "procedures/public/changes.html", {
        "commune": commune, "changes": rows, "kinds": ChangeKind, "statuses": ProcedureStatus,
    })


def _api_fields(request) -> dict:
    """The API's fields (``q``, ``context``) from the query string, a form or a JSON body; whatever else
    arrives (a list, a number, bad JSON) reads as nothing, never as an error."""
    if request.method != "POST":
        return request.GET
    if request.content_type != "application/json":
        return request.POST
    if len(request.body) > MAX_API_BODY:
        return {"q": request.body[:MAX_API_BODY].decode("utf-8", "ignore")}
    try:
        payload = json.loads(request.body.decode("utf-8", "ignore") or "{}")
    except json.JSONDecodeError:
        return {}
    return payload if isinstance(payload, dict) else {}


def _api_question(request) -> object:
    return _api_fields(request).get("q", "")


def _json(payload: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})


@csrf_exempt  # a read-only API for any site or app; no cookie grants anything here
@require_http_methods(["GET"])
@public_commune_view
def api_search(request, commune):
    try:
        limit = max(1, min(int(request.GET.get("limit", 10)), 50))
    except ValueError:
        limit = 10
    hits = lookup.search(commune, _api_question(request), limit)
    results = [{**item, "url": procedure_url(commune, item["code"])} for item in lookup.hits_as_json(hits)]
    return _json({"results": results})


@csrf_exempt  # a read-only API for any site or app; no cookie grants anything here
@require_http_methods(["GET", "POST"])
@public_commune_view
def api_assistant(request, commune):
    if not ratelimit.allow_all(request, ASSISTANT_LIMITS):
        return _json({"error": "Bạn đã hỏi quá nhiều lần trong thời gian ngắn. Xin thử lại sau ít phút."}, 429)
    fields = _api_fields(request)
    question = fields.get("q", "")
    question = question if isinstance(question, str) else ""
    # The conversation, as the page keeps it: the client sends back the ``context`` of the last reply, and a
    # follow-up ("lệ phí bao nhiêu") is answered about that procedure. A code this commune does not
    # publish is ignored, as if none had been sent.
    context = lookup.published_code(commune, fields.get("context"))
    reply = lookup.ask(commune, question, log=bool(question) and _may_log(request), context=context)
    reply = _with_links(commune, reply)
    # What to send as ``context`` next time: the procedure answered, else the one the conversation was on.
    reply["context"] = reply["procedure"] if reply["kind"] == "answer" else context
    return _json(reply)
