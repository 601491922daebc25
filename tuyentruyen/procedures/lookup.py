"""Search and the assistant over the catalogue: the one ranking the pages, the API and the command use.

Building an index of 2,000 procedures takes seconds, so indexes are built once and kept in the process,
keyed by what they were built from: the catalogue version, the set of procedures a commune publishes and
its own phrasings. Communes that publish the same list share one index. Each request reads the version
row (one query); a commune's key is recomputed only when a version changed.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from .models import EFFECTIVE_STATUSES, CatalogueState, Procedure, SynonymEntry
from .search import assistant
from .search.engine import Hit, ProcedureIndex

MAX_INDEXES = 16  # distinct indexes kept per process (communes of a province mostly share one)
MAX_CODE_LENGTH = 100  # a procedure code is a few dozen characters at most

_lock = threading.Lock()
_indexes: OrderedDict[tuple, ProcedureIndex] = OrderedDict()
_commune_keys: dict[int | None, tuple[tuple, tuple, list[dict]]] = {}  # commune → (state, key, synonyms)


def clear_cache() -> None:
    with _lock:
        _indexes.clear()
        _commune_keys.clear()


def record_of(procedure: Procedure) -> dict:
    """A procedure in the catalogue JSON shape (what the engine indexes and the export writes)."""
    return {
        "code": procedure.code, "name": procedure.name, "field": procedure.field, "level": procedure.level,
        "agency": procedure.agency, "steps": procedure.steps, "dossier": procedure.dossier,
        "processing_time": procedure.processing_time, "fees": procedure.fees, "submission": procedure.submission,
        "result": procedure.result, "legal_bases": procedure.legal_bases, "status": procedure.status,
        "status_date": procedure.status_date.isoformat() if procedure.status_date else None,
        "replaced_by": procedure.replaced_by.code if procedure.replaced_by_id else None,
        "demo": procedure.demo,
    }


def _state() -> tuple:
    row = CatalogueState.objects.filter(pk=1).values_list("catalogue_version", "commune_version", "stamp").first()
    return row or (0, 0, "")


def published(commune):
    """The commune's published procedures that residents can still do."""
    return Procedure.objects.filter(status__in=EFFECTIVE_STATUSES, publications__commune=commune)


def _digest(values) -> str:
    return hashlib.sha1("\n".join(values).encode()).hexdigest()


def _key_for(commune, state) -> tuple[tuple, list[dict]]:
    if commune is None:
        return (state[0], state[2], "*", ""), []
    codes = sorted(published(commune).values_list("code", flat=True))
    synonyms = [{"phrase": p, "terms": [t.strip() for t in terms.split(";") if t.strip()]}
                for p, terms in SynonymEntry.objects.filter(commune=commune).values_list("phrase", "terms")]
    return (state[0], state[2], _digest(codes), _digest(f"{s['phrase']}→{s['terms']}" for s in synonyms)), synonyms


def get_index(commune=None) -> ProcedureIndex:
    """The index of a commune's published procedures (the whole effective catalogue when None)."""
    state = _state()
    cache_id = commune.pk if commune is not None else None
    memo = _commune_keys.get(cache_id)
    if memo is not None and memo[0] == state:
        key, synonyms = memo[1], memo[2]
    else:
        key, synonyms = _key_for(commune, state)
        _commune_keys[cache_id] = (state, key, synonyms)
    index = _indexes.get(key)
    if index is not None:
        return index
    with _lock:
        index = _indexes.get(key)
        if index is None:
            queryset = published(commune) if commune is not None else Procedure.objects.filter(
                status__in=EFFECTIVE_STATUSES)
            records = [record_of(p) for p in queryset.select_related("replaced_by").order_by("code")]
            index = ProcedureIndex(records, extra_synonyms=synonyms or None)
            _indexes[key] = index
            while len(_indexes) > MAX_INDEXES:
                _indexes.popitem(last=False)
    return index


def search(commune, query: object, limit: int = 10) -> list[Hit]:
    """Procedures for a question, best first: the ranking of the page, the API and ``search_procedures``."""
    cleaned = assistant.clean_question(query)
    if not cleaned.strip():
        return []
    return get_index(commune).search(cleaned, limit=max(1, min(limit, 50)))


def published_code(commune, value: object) -> str | None:
    """``value`` when it is the code of a procedure the commune publishes (and residents can still do),
    else None: what a client sends back as the assistant's ``context`` is checked, never trusted."""
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_CODE_LENGTH:
        return None
    code = value.strip()
    return code if get_index(commune).record(code) is not None else None


def hits_as_json(hits: list[Hit]) -> list[dict]:
    return [{"code": h.code, "name": h.name, "score": h.score} for h in hits]


def feedback_url(commune) -> str:
    # The feedback app (phản ánh, kiến nghị) serves /<slug>/phan-anh/; linked by path, not by name, so
    # this page works before and after that app exists.
    return f"/{commune.slug}/phan-anh/"


def ask(commune, question: object, *, log: bool = False, context: str | None = None,
        unopened: bool = False) -> dict:
    """The assistant's reply for a commune's resident. With ``log`` (a POST within its rate limit), a reply
    that was not a confident answer is counted for the editors; with ``unopened`` too (the page, which
    learns when the answer is opened), so is a confident answer until the resident opens it. ``context`` is
    the procedure answered earlier in the conversation (follow-up questions)."""
    from .models import AssistantReply
    from .services import log_unanswered

    reply = assistant.answer(get_index(commune), question, hotline=commune.hotline,
                             feedback_url=feedback_url(commune), context=context)
    if log and isinstance(question, str):
        cleaned = assistant.clean_question(question)
        if reply["kind"] == "none":
            log_unanswered(commune, cleaned)
        elif reply["kind"] == "choose":
            log_unanswered(commune, cleaned, AssistantReply.CHOOSE, [c["code"] for c in reply["candidates"]])
        elif unopened and not reply.get("follow_up"):
            log_unanswered(commune, cleaned, AssistantReply.UNOPENED, [reply["procedure"]])
    return reply
