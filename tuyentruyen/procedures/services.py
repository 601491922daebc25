"""Writes for procedures. Each function is atomic; the audit trail records each row it saves."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from tuyentruyen.audit.recorder import record_bulk, record_update
from tuyentruyen.lib.errors import UserError
from tuyentruyen.lib.masking import MASK, mask_personal_data
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.plans.importer.citations import find_citations
from tuyentruyen.plans.services import register_document

from .models import (
    AssistantReply,
    CatalogueState,
    ChangeKind,
    Procedure,
    ProcedureChange,
    ProcedureLegalBasis,
    ProcedureStatus,
    Publication,
    SynonymEntry,
    UnansweredQuestion,
)
from .search import text as search_text
from .search.engine import STOP_FOLDED
from .search.synonyms import compile_entry

# Fields compared between imports; a difference in any of them is an amendment.
CONTENT_FIELDS = ("name", "field", "level", "agency", "steps", "dossier", "processing_time", "fees",
                  "submission", "result", "legal_bases")
FIELD_LABELS = {
    "name": "tên thủ tục", "field": "lĩnh vực", "level": "cấp thực hiện", "agency": "cơ quan thực hiện",
    "steps": "trình tự thực hiện", "dossier": "thành phần hồ sơ", "processing_time": "thời hạn giải quyết",
    "fees": "phí, lệ phí", "submission": "cách thức nộp", "result": "kết quả", "legal_bases": "căn cứ pháp lý",
    "status": "tình trạng", "replaced_by": "thủ tục thay thế",
}
STATUS_CHANGE_KIND = {
    ProcedureStatus.ABOLISHED: ChangeKind.ABOLISHED,
    ProcedureStatus.REPLACED: ChangeKind.REPLACED,
    ProcedureStatus.AMENDED: ChangeKind.AMENDED,
    ProcedureStatus.IN_FORCE: ChangeKind.RESTORED,
}


class ProcedureError(UserError):
    """A refused change; ``message`` is Vietnamese and shown as is."""


# --- catalogue version --------------------------------------------------------------------------------


def _bump(catalogue: bool = False, commune: bool = False) -> None:
    state, _ = CatalogueState.objects.get_or_create(pk=1)
    updates = {"stamp": uuid.uuid4().hex}
    if catalogue:
        updates["catalogue_version"] = F("catalogue_version") + 1
    if commune:
        updates["commune_version"] = F("commune_version") + 1
    record_update(CatalogueState.objects.filter(pk=state.pk), **updates)


# --- import ---------------------------------------------------------------------------------------------


@dataclass
class ImportSummary:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    status_changes: list[tuple[str, str, str]] = field(default_factory=list)  # code, old, new
    published: int = 0
    dry_run: bool = False

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated) + len(self.unchanged)


class _DryRun(Exception):
    pass


def _generated_code(name: str, taken: set[str]) -> str:
    """A stable code for a procedure the table gives no national code for: from its folded name."""
    slug = re.sub(r"[^a-z0-9]+", "-", search_text.fold(name)).strip("-").upper()[:48] or "THU-TUC"
    code, n = f"TT-{slug}", 2
    while code in taken:
        code, n = f"TT-{slug}-{n}", n + 1
    return code


def _legal_basis_rows(procedure: Procedure, bases: list[str], documents: dict) -> list[ProcedureLegalBasis]:
    rows = []
    for line in bases:
        citations = find_citations(line)
        if not citations:
            rows.append(ProcedureLegalBasis(procedure=procedure, text=line, position=len(rows)))
        for citation in citations:
            key = (citation.get("type"), citation.get("number"), citation.get("title"))
            if key not in documents:
                documents[key] = register_document(citation)
            rows.append(ProcedureLegalBasis(procedure=procedure, text=line, legal_document=documents[key],
                                            position=len(rows)))
    return rows


def import_catalogue(records: list[dict], *, source: str, user=None, changed_on: date | None = None,
                     partial: bool = False, publish_to=None, dry_run: bool = False) -> ImportSummary:
    """Create or update procedures from parsed records (``importer.parse_catalogue``), all or nothing.

    Records are matched by code, else (tables often carry no code) by name. ``partial`` records carry only
    some fields: the others are kept. Every created or changed procedure gets a ``ProcedureChange`` row
    dated ``changed_on`` (the announcement's date; today when not given). With ``dry_run`` everything is
    computed and then rolled back, so the summary previews the import.
    """
    summary = ImportSummary(dry_run=dry_run)
    try:
        with transaction.atomic():
            _import(records, summary, source=source, user=user, changed_on=changed_on or timezone.localdate(),
                    partial=partial, publish_to=publish_to)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return summary


def _import(records, summary, *, source, user, changed_on, partial, publish_to) -> None:
    existing = {p.code: p for p in Procedure.objects.all()}
    by_name = {}
    for procedure in existing.values():
        by_name.setdefault(search_text.fold(procedure.name), procedure)
    taken = set(existing)
    documents: dict = {}
    touched: list[Procedure] = []
    pending_replacements: list[tuple[Procedure, str, ProcedureChange | None]] = []
    for record in records:
        code = record.get("code")
        procedure = existing.get(code) if code else by_name.get(search_text.fold(record["name"]))
        values = {k: record[k] for k in CONTENT_FIELDS if k in record}
        if procedure is None:
            code = code or _generated_code(record["name"], taken)
            taken.add(code)
            defaults = {k: ([] if k in ("steps", "dossier", "legal_bases") else {} if k == "submission" else "")
                        for k in CONTENT_FIELDS}
            status = record.get("status") or ProcedureStatus.IN_FORCE
            procedure = Procedure.objects.create(
                code=code, **{**defaults, **values}, status=status,
                status_date=record.get("status_date") or (changed_on if status != ProcedureStatus.IN_FORCE else None),
                demo=record.get("demo", False), source=source[:255])
            existing[code] = procedure
            by_name.setdefault(search_text.fold(procedure.name), procedure)
            record_bulk(ProcedureLegalBasis.objects.bulk_create(
                _legal_basis_rows(procedure, procedure.legal_bases, documents)))
            kind = ChangeKind.NEW if status in (ProcedureStatus.IN_FORCE, ProcedureStatus.AMENDED) else \
                STATUS_CHANGE_KIND[status]
            change = ProcedureChange.objects.create(
                procedure=procedure, kind=kind, changed_fields=[], new_status=status,
                changed_on=record.get("status_date") or changed_on, source=source[:255], created_by=user)
            summary.created.append(code)
            touched.append(procedure)
            if record.get("replaced_by"):
                pending_replacements.append((procedure, record["replaced_by"], change))
            continue

        if partial and isinstance(values.get("submission"), dict):
            values["submission"] = {**(procedure.submission or {}), **values["submission"]}
        changed = [k for k, v in values.items() if getattr(procedure, k) != v]
        old_status = procedure.status
        new_status = record.get("status") or old_status
        # A table of amended procedures re-lists procedures whose text may not have changed: only a
        # real difference in content makes an amendment.
        if new_status == ProcedureStatus.AMENDED and not changed and old_status == ProcedureStatus.IN_FORCE:
            new_status = old_status
        for key in changed:
            setattr(procedure, key, values[key])
        if "demo" in record:
            procedure.demo = record["demo"]
        status_changed = new_status != old_status
        if status_changed:
            procedure.status = new_status
            procedure.status_date = record.get("status_date") or changed_on
        if not changed and not status_changed and not record.get("replaced_by"):
            summary.unchanged.append(procedure.code)
            touched.append(procedure)
            continue
        procedure.source = source[:255]
        procedure.save()
        if "legal_bases" in changed:
            ProcedureLegalBasis.objects.filter(procedure=procedure).delete()
            record_bulk(ProcedureLegalBasis.objects.bulk_create(
                _legal_basis_rows(procedure, procedure.legal_bases, documents)))
        change = None
        if changed or status_changed:
            if status_changed:
                kind = STATUS_CHANGE_KIND[new_status]
            else:
                kind = ChangeKind.AMENDED
            change = ProcedureChange.objects.create(
                procedure=procedure, kind=kind, changed_fields=changed + (["status"] if status_changed else []),
                old_status=old_status, new_status=procedure.status,
                changed_on=record.get("status_date") or changed_on, source=source[:255], created_by=user)
            summary.updated.append(procedure.code)
            if status_changed:
                summary.status_changes.append((procedure.code, old_status, new_status))
        else:
            summary.unchanged.append(procedure.code)
        touched.append(procedure)
        if record.get("replaced_by"):
            pending_replacements.append((procedure, record["replaced_by"], change))

    for procedure, replacement_code, change in pending_replacements:
        replacement = existing.get(replacement_code)
        if replacement is None or replacement.pk == procedure.pk or procedure.replaced_by_id == replacement.pk:
            continue
        old_status = procedure.status
        procedure.replaced_by = replacement
        procedure.status = ProcedureStatus.REPLACED
        procedure.status_date = procedure.status_date or changed_on
        procedure.save()
        if change is not None:
            change.kind = ChangeKind.REPLACED
            change.new_status = ProcedureStatus.REPLACED
            change.changed_fields = [*change.changed_fields, "replaced_by"]
            change.save()
        else:
            ProcedureChange.objects.create(
                procedure=procedure, kind=ChangeKind.REPLACED, changed_fields=["replaced_by", "status"],
                old_status=old_status, new_status=ProcedureStatus.REPLACED, changed_on=changed_on,
                source=source[:255], created_by=user)
            summary.updated.append(procedure.code)
            if procedure.code in summary.unchanged:
                summary.unchanged.remove(procedure.code)
        if old_status != ProcedureStatus.REPLACED:
            summary.status_changes.append((procedure.code, old_status, ProcedureStatus.REPLACED))

    if publish_to is not None:
        summary.published = _publish(publish_to, touched, user)
    _bump(catalogue=True, commune=publish_to is not None)


# --- a commune's own layer -------------------------------------------------------------------------------


def _shared_differences(procedure: Procedure, record: dict, partial: bool) -> list[str]:
    """The shared fields ``record`` would change in ``procedure`` (labels, Vietnamese)."""
    values = {k: record[k] for k in CONTENT_FIELDS if k in record}
    if partial and isinstance(values.get("submission"), dict):
        values["submission"] = {**(procedure.submission or {}), **values["submission"]}
    changed = [k for k, v in values.items() if getattr(procedure, k) != v]
    status = record.get("status") or procedure.status
    if status == ProcedureStatus.AMENDED and procedure.status == ProcedureStatus.IN_FORCE and not changed:
        status = procedure.status  # an amendment table re-lists procedures it did not change
    if status != procedure.status:
        changed.append("status")
    if record.get("replaced_by") and record["replaced_by"] != (procedure.replaced_by.code if procedure.replaced_by_id
                                                               else None):
        changed.append("replaced_by")
    labels = [FIELD_LABELS[k] for k in changed]
    if "demo" in record and record["demo"] != procedure.demo:
        labels.append("dấu dữ liệu minh họa")
    return labels


def import_commune_layer(commune, records: list[dict], *, user=None, partial: bool = False, publish: bool = False,
                         dry_run: bool = False) -> ImportSummary:
    """A commune's import of a catalogue file: it may publish the listed procedures and write its local
    details (``record["local"]``), nothing else. A record that would add a procedure or change a shared
    field refuses the whole file (``CatalogueImportError``, one Vietnamese line per record)."""
    from .importer import CatalogueImportError

    existing = {p.code: p for p in Procedure.objects.select_related("replaced_by")}
    by_name = {}
    for procedure in existing.values():
        by_name.setdefault(search_text.fold(procedure.name), procedure)
    with commune_scope(commune):
        layers = {p.procedure_id: p for p in Publication.objects.filter(commune=commune)}
    errors, matched = [], []
    for position, record in enumerate(records, start=1):
        label = record.get("code") or record.get("name", "")[:80]
        procedure = existing.get(record.get("code")) if record.get("code") else \
            by_name.get(search_text.fold(record.get("name", "")))
        if procedure is None:
            errors.append(f"Thủ tục thứ {position} ({label}): chưa có trong danh mục dùng chung; chỉ quản trị hệ "
                          "thống được thêm thủ tục mới.")
            continue
        differences = _shared_differences(procedure, record, partial)
        if differences:
            errors.append(f"Thủ tục thứ {position} ({procedure.code}): chỉ quản trị hệ thống được sửa "
                          f"{', '.join(differences)} của thủ tục dùng chung; xã chỉ được chọn công bố và ghi "
                          "thông tin tại xã.")
            continue
        if record.get("local") and procedure.pk not in layers and not publish:
            errors.append(f"Thủ tục thứ {position} ({procedure.code}): xã chưa công bố thủ tục này; hãy chọn "
                          "“Công bố các thủ tục này” để ghi thông tin tại xã.")
            continue
        matched.append((procedure, record.get("local")))
    if errors:
        raise CatalogueImportError(errors)
    summary = ImportSummary(dry_run=dry_run)
    try:
        with transaction.atomic():
            if publish:
                summary.published = _publish(commune, [p for p, _ in matched], user)
            with commune_scope(commune):
                layers = {p.procedure_id: p for p in Publication.objects.filter(commune=commune)}
                for procedure, local in matched:
                    layer = layers.get(procedure.pk)
                    changed = layer is not None and local and _set_local(layer, **local)
                    (summary.updated if changed else summary.unchanged).append(procedure.code)
            _bump(commune=True)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return summary


def _set_local(publication: Publication, **details) -> bool:
    changed = False
    for key in ("where_to_submit", "opening_hours", "local_notes"):
        if key in details and getattr(publication, key) != (details[key] or "").strip():
            setattr(publication, key, (details[key] or "").strip()[:2000])
            changed = True
    if changed:
        publication.save()
    return changed


@transaction.atomic
def set_local_details(publication: Publication, **details) -> Publication:
    """The commune's local details of a procedure it publishes (shown on its public page)."""
    _set_local(publication, **details)
    return publication


# --- publication -----------------------------------------------------------------------------------------


def _publish(commune, procedures, user) -> int:
    with commune_scope(commune):
        already = set(Publication.objects.filter(commune=commune).values_list("procedure_id", flat=True))
        new = [Publication(commune=commune, procedure=p, published_by=user)
               for p in {p.pk: p for p in procedures}.values() if p.pk not in already]
        for publication in new:
            publication.save()  # one by one, so the audit trail has each
    return len(new)


@transaction.atomic
def publish(commune, codes: list[str], user=None) -> int:
    """Apply these catalogue procedures in the commune (publish them on its pages)."""
    procedures = list(Procedure.objects.filter(code__in=codes))
    count = _publish(commune, procedures, user)
    _bump(commune=True)
    return count


@transaction.atomic
def unpublish(commune, codes: list[str], user=None) -> int:
    with commune_scope(commune):
        rows = list(Publication.objects.filter(commune=commune, procedure__code__in=codes))
        for row in rows:
            row.delete()
    _bump(commune=True)
    return len(rows)


# --- synonyms ----------------------------------------------------------------------------------------------


@transaction.atomic
def add_synonym(commune, phrase: str, terms: str, user=None) -> SynonymEntry:
    phrase = re.sub(r"\s+", " ", phrase or "").strip()
    terms = re.sub(r"\s+", " ", terms or "").strip()
    if not phrase or not terms:
        raise ProcedureError("Hãy nhập cả cách nói thường ngày và thuật ngữ chính thức.")
    if len(phrase) > 200 or len(terms) > 500:
        raise ProcedureError("Cách nói tối đa 200 ký tự, thuật ngữ tối đa 500 ký tự.")
    if compile_entry({"phrase": phrase, "terms": terms}) is None:
        raise ProcedureError("Cách nói cần có ít nhất một chữ.")
    with commune_scope(commune):
        if SynonymEntry.objects.filter(commune=commune, phrase__iexact=phrase).exists():
            raise ProcedureError(f"Đã có cách nói “{phrase}” trong từ điển của xã.")
        try:
            with transaction.atomic():
                entry = SynonymEntry.objects.create(commune=commune, phrase=phrase, terms=terms, created_by=user)
        except IntegrityError as exc:  # another editor saved the same phrase a moment ago
            raise ProcedureError(f"Đã có cách nói “{phrase}” trong từ điển của xã.") from exc
    _bump(commune=True)
    return entry


@transaction.atomic
def delete_synonym(entry: SynonymEntry) -> None:
    entry.delete()
    _bump(commune=True)


# --- unanswered questions ----------------------------------------------------------------------------------

MAX_LOGGED_CHARS = 300
# Unanswered questions logged per commune per day, at most: the list is for editors to read, and a robot
# posting questions all day must not bury the residents' real ones (or fill the table).
UNANSWERED_DAILY_CAP = 200


def strip_personal_data(question: str) -> str:
    """The question without names, e-mails, phone and ID numbers, addresses (the same masking as published
    feedback), folded (no diacritics) and squashed."""
    value = mask_personal_data(question or "").replace(MASK, " ")
    words = re.findall(r"[^\W_]+", search_text.fold(value))
    return " ".join(words)[:MAX_LOGGED_CHARS].strip()


def _within_daily_cap(commune) -> bool:
    key = f"unanswered-day:{commune.pk}:{timezone.localdate().isoformat()}"
    cap = int(commune.setting("unanswered_daily_cap", UNANSWERED_DAILY_CAP))
    if cache.add(key, 1, timeout=2 * 86400):
        return cap >= 1
    count = (cache.get(key) or 0) + 1
    if count > cap:
        return False
    cache.set(key, count, timeout=2 * 86400)
    return True


def log_unanswered(commune, question: str, reply: str = AssistantReply.NONE,
                   offered: list[str] | tuple[str, ...] = ()) -> UnansweredQuestion | None:
    """Count a question the assistant did not answer with confidence (``reply`` says how it replied, ``offered``
    what it offered, best first), without personal data. Nothing is logged for noise, nor past the commune's
    daily cap. The latest reply to the same words is the one kept."""
    folded = strip_personal_data(question)
    if not re.search(r"[a-z]{2}", folded) or not _within_daily_cap(commune):
        return None
    offered_text = ""
    for code in offered:
        if len(offered_text) + len(code) + 1 > 200:
            break
        offered_text = f"{offered_text},{code}" if offered_text else code
    with commune_scope(commune), transaction.atomic():
        # audit: not recorded, residents' anonymous questions are counted (recorder.SKIP), not accountable edits
        updated = UnansweredQuestion.objects.filter(commune=commune, text=folded).update(
            count=F("count") + 1, last_asked_at=timezone.now(), reply=reply, offered=offered_text)
        if updated:
            return None
        try:
            with transaction.atomic():
                return UnansweredQuestion.objects.create(commune=commune, text=folded, reply=reply,
                                                         offered=offered_text)
        except IntegrityError:  # the same question arrived twice at once
            UnansweredQuestion.objects.filter(commune=commune, text=folded).update(count=F("count") + 1)  # audit: SKIP
            return None


def answer_opened(commune, question: str, code: str) -> None:
    """The resident opened the answer to ``question`` (its page, or a follow-up about it): one fewer
    unopened answer to review; the row goes when none is left."""
    folded = strip_personal_data(question)
    with commune_scope(commune), transaction.atomic():
        row = (UnansweredQuestion.objects.select_for_update()
               .filter(commune=commune, text=folded, reply=AssistantReply.UNOPENED, offered__startswith=code).first())
        if row is None:
            return
        if row.count <= 1:
            row.delete()
        else:
            # audit: not recorded, an anonymous count (recorder.SKIP), not an accountable edit
            UnansweredQuestion.objects.filter(pk=row.pk).update(count=F("count") - 1)


def _phrase_of(text: str) -> str:
    """The words of a logged question that say what it is about: fillers trimmed from both ends."""
    words = text.split()

    def filler(word: str) -> bool:  # "ko" is "không"; "thì làm sao" ends a question
        return all(k in STOP_FOLDED or k in ("sao", "thi") for k in search_text.folded_syllables(word))

    start, end = 0, len(words)
    while start < end and filler(words[start]):
        start += 1
    while end > start and filler(words[end - 1]):
        end -= 1
    return " ".join(words[start:end]) or text


@transaction.atomic
def question_to_synonym(question: UnansweredQuestion, code: str, user=None) -> SynonymEntry:
    """Turn a logged question into the commune's own phrasing for one procedure (one click on the review
    page); the question leaves the list. The shared national catalogue is not changed."""
    procedure = Procedure.objects.filter(code=code, publications__commune=question.commune).first()
    if procedure is None:
        raise ProcedureError("Xã chưa công bố thủ tục này, không thể gắn cách nói với nó.")
    entry = add_synonym(question.commune, _phrase_of(question.text), procedure.name, user)
    question.delete()
    return entry


@transaction.atomic
def dismiss_unanswered(question: UnansweredQuestion) -> None:
    question.delete()
