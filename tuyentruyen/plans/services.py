"""Writes for plans. Every function is atomic; the audit trail records each row it touches."""

import re
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.db.models.fields.json import KT, KeyTransform
from django.utils import timezone

from tuyentruyen.audit.recorder import record_bulk, record_update
from tuyentruyen.lib import bounds
from tuyentruyen.lib.errors import UserError
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.localities.models import Commune, Province, Unit

from . import owners
from .derive import derive_from_province, derive_next_period
from .document import all_citations, citation_key, copy_document, empty_document, validation_errors
from .models import LegalDocument, LegalReference, Plan, PlanRevision, PlanTopic, RevisionStatus
from .signals import plan_issued, plan_replaced
from .unit_matching import match_unit


class PlanError(UserError):
    """A refused change; ``message`` is Vietnamese and shown to the user as is."""


class IssueError(PlanError):
    """Issuing refused, with the message for each field of the issue form (number, issued_on, replaces)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(" ".join(errors.values()))
        self.errors = errors


class EditConflict(PlanError):
    pass


def _parse_date(value, bound=bounds.LEGAL_DATE):
    """An ISO date of the plan document, or None (also for one outside ``lib.bounds``: never stored)."""
    try:
        day = date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
    return day if day and bound.contains(day) else None


def register_document(citation: dict, *, commune_id=None) -> LegalDocument:
    """The registry row for a citation.

    A shared document with the citation's key is used as it is: a commune's citation never changes it (only
    system admins change shared records). Otherwise the document is the citing commune's own — created on
    first sight and completed by the commune's later, fuller citations — and no other commune sees it.
    ``commune_id`` None (the national catalogue, a province's plan): the document is shared.
    """
    key = citation_key(citation)
    shared = LegalDocument.objects.filter(key=key, shared=True).first()
    if shared is not None:
        if commune_id is None:
            _complete(shared, citation)
        return shared
    values = {
        "doc_type": citation.get("type") or "", "number": citation.get("number") or "",
        "date": _parse_date(citation.get("date")), "issuer": citation.get("issuer") or "",
        "title": citation.get("title") or "",
    }
    if commune_id is None:
        return LegalDocument.objects.create(key=key, shared=True, **values)
    document, created = LegalDocument.objects.get_or_create(key=key, shared=False, owner_commune_id=commune_id,
                                                            defaults=values)
    if not created:
        _complete(document, citation)
    return document


def _complete(document: LegalDocument, citation: dict) -> None:
    changed = False
    for field, value in (("date", _parse_date(citation.get("date"))), ("issuer", citation.get("issuer")),
                         ("title", citation.get("title"))):
        if value and not getattr(document, field):
            setattr(document, field, value)
            changed = True
    if changed:
        document.save()


@transaction.atomic
def share_legal_document(document: LegalDocument, *, user) -> LegalDocument:
    """A system admin makes a commune's document part of the national registry. Where a shared document
    with the same key exists already, the commune's citations move to it and its own copy goes."""
    from .access import can_share_legal_document

    if not can_share_legal_document(user):
        raise PlanError("Chỉ quản trị hệ thống được đưa văn bản vào danh mục dùng chung.")
    if document.shared:
        return document
    existing = LegalDocument.objects.filter(key=document.key, shared=True).first()
    if existing is not None:
        _move_citations(document, existing)
        document.delete()
        return existing
    document.shared = True
    document.save()
    return document


def _move_citations(old: LegalDocument, new: LegalDocument) -> None:
    """Every row citing ``old`` (plans' citations, procedures' legal bases) cites ``new`` instead; the base
    manager because the citing plans belong to whichever commune registered the document."""
    for relation in old._meta.related_objects:
        record_update(relation.related_model._base_manager.filter(**{relation.field.name: old}),
                      **{relation.field.name: new})


def _sync_citations(revision: PlanRevision) -> None:
    # Keyed by a revision the caller already holds; province plans belong to no commune scope.
    commune_id = revision.plan.commune_id
    LegalReference.objects.with_scopes_disabled().filter(revision=revision).delete()
    record_bulk(LegalReference.objects.with_scopes_disabled().bulk_create([
        LegalReference(revision=revision, legal_document=register_document(citation, commune_id=commune_id),
                       is_legal_basis=is_basis, position=position)
        for position, (citation, is_basis) in enumerate(all_citations(revision.document))
    ]))


def _unit_choices(commune_id) -> list[tuple[int, str, list[str]]]:
    if commune_id is None:
        return []
    with commune_scope(commune_id):
        return list(Unit.objects.values_list("id", "name", "aliases"))


def link_units(document: dict, commune_id, previous: dict | None = None) -> dict:
    """Resolve responsibilities' and tasks' unit names to the commune's units, keeping choices the
    officer made by hand where the name did not change."""
    units = _unit_choices(commune_id)
    previous = previous or {}
    by_name = dict(zip(previous.get("responsibility_names", []), previous.get("responsibilities", []), strict=False))

    def resolve(name):
        return match_unit(name, units)

    responsibilities = [
        by_name[r["unit"]] if r["unit"] in by_name else resolve(r["unit"]) for r in document.get("responsibilities", [])
    ]
    tasks = [
        {"lead": [resolve(n) for n in t["lead"]], "coordinating": [resolve(n) for n in t["coordinating"]]}
        for t in document.get("tasks", [])
    ]
    return {"responsibilities": responsibilities,
            "responsibility_names": [r["unit"] for r in document.get("responsibilities", [])],
            "tasks": tasks, "owners": dict(previous.get("owners") or {})}


def _sync_plan_summary(plan: Plan, document: dict) -> None:
    period = document.get("period") or {}
    plan.title = (document.get("title") or plan.title or "Kế hoạch tuyên truyền cải cách hành chính")[:500]
    plan.period_label = period.get("label", "")[:100]
    plan.period_start, plan.period_end = (_parse_date(period.get("start"), bounds.DATE),
                                          _parse_date(period.get("end"), bounds.DATE))
    plan.save()


def _check_document(document: dict) -> None:
    errors = validation_errors(document)
    if errors:
        raise PlanError("Nội dung kế hoạch không hợp lệ: " + "; ".join(errors[:3]))


@transaction.atomic
def create_plan(*, commune: Commune | None = None, province=None, document: dict | None = None, user=None,
                source_name: str = "", derived_from: Plan | None = None) -> Plan:
    """A new plan with its first revision, a draft."""
    document = document or empty_document(issuer=commune.committee_name if commune else None)
    _check_document(document)
    plan = Plan(commune=commune, province=province if commune is None else None, title=document.get("title") or "",
                source_name=source_name[:255], created_by=user, derived_from=derived_from)
    _sync_plan_summary(plan, document)
    revision = PlanRevision.objects.create(
        plan=plan, number=1, document=document, created_by=user,
        unit_links=link_units(document, plan.commune_id),
    )
    _sync_citations(revision)
    return plan


def _revisions_held():
    """Revisions looked up by a revision or plan the caller already holds (and was allowed to): a province's
    plan belongs to no commune scope, so the lookup by key is made without one."""
    return PlanRevision.objects.with_scopes_disabled()


def revisions_of(plan: Plan):
    """A plan's revisions. The caller has already been allowed to see the plan, which may be a province
    plan that no commune scope covers, so the revisions are read by plan, not by scope."""
    return PlanRevision.objects.with_scopes_disabled().filter(plan=plan)


def current_revision(plan: Plan) -> PlanRevision:
    return revisions_of(plan).order_by("-number").first()


@transaction.atomic
def save_document(revision: PlanRevision, document: dict, *, expected_version: int, user=None) -> PlanRevision:
    """Replace a draft's document, refusing when someone saved since the editor loaded it."""
    locked = _revisions_held().select_for_update().get(pk=revision.pk)
    if locked.status != RevisionStatus.DRAFT:
        raise PlanError(
            f"Bản này đang ở trạng thái “{locked.get_status_display()}” nên không sửa được. "
            "Muốn sửa, hãy tạo bản sửa đổi mới."
        )
    if locked.version != expected_version:
        raise EditConflict(
            "Kế hoạch vừa được người khác lưu trong lúc bạn đang sửa. Thay đổi của bạn chưa được lưu; "
            "hãy tải lại trang để xem bản mới nhất rồi sửa lại."
        )
    _check_document(document)
    locked.unit_links = link_units(document, locked.plan.commune_id, previous=locked.unit_links)
    locked.document = document
    locked.version += 1
    locked.save()
    _sync_citations(locked)
    _sync_plan_summary(locked.plan, document)
    return locked


@transaction.atomic
def set_unit_links(revision: PlanRevision, links: dict, *, expected_version: int) -> PlanRevision:
    locked = _revisions_held().select_for_update().get(pk=revision.pk)
    if locked.version != expected_version:
        raise EditConflict("Kế hoạch vừa được người khác lưu. Hãy tải lại trang rồi chọn lại đơn vị.")
    locked.unit_links = {**locked.unit_links, **links}
    locked.version += 1
    locked.save()
    return locked


@transaction.atomic
def set_owner_unit(revision: PlanRevision, name: str, unit_id, *, user=None) -> PlanRevision:
    """The officer says which unit an owner named in the plan is (``unit_id``), that it means every unit
    (``owners.ALL_UNITS``), or drops the choice (None). Allowed until the revision is issued: this is how
    an approved plan whose owners match no unit is made ready to issue."""
    locked = PlanRevision.objects.select_for_update().get(pk=revision.pk)
    if locked.status == RevisionStatus.ISSUED:
        raise PlanError("Kế hoạch đã ban hành: hãy tạo bản sửa đổi để giao lại đơn vị.")
    key = owners.owner_key(name)
    if not key or key not in {owners.owner_key(n) for n, _ in owners.owner_slots(locked.document, locked.unit_links)}:
        raise PlanError("Kế hoạch không còn nhắc tới đơn vị này. Hãy tải lại trang.")
    if unit_id not in (None, owners.ALL_UNITS) and not Unit.objects.filter(
            commune_id=locked.plan.commune_id, pk=unit_id).exists():
        raise PlanError("Đơn vị không thuộc xã.")
    chosen = dict(locked.unit_links.get("owners") or {})
    if unit_id is None:
        chosen.pop(key, None)
    else:
        chosen[key] = unit_id
    locked.unit_links = {**locked.unit_links, "owners": chosen}
    locked.version += 1
    locked.save()
    return locked


def unmapped_owners(revision: PlanRevision) -> list[str]:
    """Owners named in a commune's plan that no unit stands behind yet (a province's plan has none)."""
    if revision.plan.commune_id is None:
        return []
    return owners.unmapped_owners(revision.document or {}, revision.unit_links or {})


OWNERS_UNMAPPED = ("Chưa gắn đơn vị cho: {names}. Hãy chọn đơn vị (hoặc “Tất cả đơn vị”) cho từng tên trong "
                   "mục “Đơn vị thực hiện” trước khi ban hành, để mỗi nhiệm vụ có người thực hiện.")


# --- Workflow ---------------------------------------------------------------------------------------
TRANSITIONS = {
    # action: (from statuses, to status, label)
    "submit": ({RevisionStatus.DRAFT}, RevisionStatus.SUBMITTED, "Trình duyệt"),
    "return": ({RevisionStatus.SUBMITTED, RevisionStatus.APPROVED}, RevisionStatus.DRAFT, "Trả lại để sửa"),
    "approve": ({RevisionStatus.SUBMITTED}, RevisionStatus.APPROVED, "Duyệt"),
    "issue": ({RevisionStatus.APPROVED}, RevisionStatus.ISSUED, "Ban hành"),
}


@transaction.atomic
def transition(revision: PlanRevision, action: str, *, user=None, note: str = "", number: str = "",
               issued_on: date | None = None, replaces: Plan | int | None = None) -> PlanRevision:
    """Move a revision through the workflow. Issuing needs the document's number and date (given here or
    already in the document), a number the commune has not used that year, and, when the commune already
    issued another plan for the same period, ``replaces``: that plan, which is then marked as replaced."""
    replaced = None
    if action not in TRANSITIONS:
        raise PlanError("Thao tác không hợp lệ.")
    sources, target, label = TRANSITIONS[action]
    locked = _revisions_held().select_for_update().get(pk=revision.pk)
    if locked.status not in sources:
        raise PlanError(f"Không thể “{label.lower()}” bản đang ở trạng thái “{locked.get_status_display()}”.")
    now = timezone.now()
    if action == "submit":
        locked.submitted_at, locked.return_note = now, ""
    elif action == "return":
        locked.return_note = note.strip()
    elif action == "approve":
        locked.approved_at, locked.approved_by = now, user
    elif action == "issue":
        document, replaced = _checked_issue(locked, number=number, issued_on=issued_on, replaces=replaces)
        _check_document(document)
        locked.document = document
        locked.issued_at = now
    locked.status = target
    locked.version += 1
    locked.save()
    _sync_plan_summary(locked.plan, locked.document)
    if target == RevisionStatus.ISSUED:
        record_bulk(PlanTopic.objects.with_scopes_disabled().bulk_create([
            PlanTopic(plan=locked.plan, revision=locked, position=position, label=topic.get("label") or "",
                      text=topic["text"])
            for position, topic in enumerate(locked.document.get("topics", []), start=1)
        ]))
        plan_issued.send(sender=PlanRevision, revision=locked)
        if locked.plan.commune_id is None:
            notify_communes_of_province_plan(locked)
        if replaced is not None:
            record_update(Plan.objects.with_scopes_disabled().filter(pk=replaced.pk),
                          replaced_by=locked.plan, replaced_at=now)
            replaced.refresh_from_db()
            plan_replaced.send(sender=Plan, plan=replaced, replaced_by=locked.plan, user=user)
    _tell_next(locked, action, user)
    return locked


def _tell_next(revision: PlanRevision, action: str, user) -> None:
    """The bell of whoever acts next on a commune's plan: leaders decide what is submitted, the CCHC
    officers hear of a return or an approval, and an issued plan reaches everyone who carries it out."""
    from django.urls import reverse

    from tuyentruyen.notifications import services as notifications

    plan = revision.plan
    commune = plan.commune
    if commune is None:
        return  # a province's own plan: its workflow is the province's
    title = f"“{plan.title[:120]}”"
    if action == "submit":
        recipients, text = notifications.leaders_of(commune), f"Kế hoạch {title} được trình, chờ lãnh đạo duyệt"
    elif action == "return":
        note = f": {revision.return_note[:150]}" if revision.return_note else ""
        recipients, text = notifications.managers_of(commune), f"Kế hoạch {title} bị trả lại{note}"
    elif action == "approve":
        recipients, text = notifications.managers_of(commune), f"Kế hoạch {title} đã được duyệt, chờ ban hành"
    else:
        number = (revision.document or {}).get("number") or ""
        recipients = [*notifications.managers_of(commune), *notifications.leaders_of(commune),
                      *notifications.unit_staff_of(commune)]
        text = f"Kế hoạch {title} đã ban hành" + (f" (số {number})" if number else "") + \
            ": xem nhiệm vụ của đơn vị"
    kind = {"submit": "plan.submitted", "return": "plan.returned", "approve": "plan.approved"}.get(action, "plan.issued")
    notifications.notify_event(kind, target=revision,
                               recipients=recipients, actor=user, text=text,
                               url=reverse("plans:detail", args=[plan.pk]))


# --- Issuing: the register of issued documents, replacement -----------------------------------------
NUMBER_MISSING = "Hãy nhập số văn bản (ví dụ “12/KH-UBND”) trước khi ban hành."
DATE_MISSING = "Hãy nhập ngày ban hành."
REPLACES_MISSING = "Đã có kế hoạch ban hành cho cùng kỳ ({names}). Hãy chọn kế hoạch mà kế hoạch này thay thế."
PLAN_NUMBER = re.compile(r"^\s*0*(\d{1,6})\s*(/.*)?$")
DEFAULT_SYMBOL = "/KH-UBND"


def _number_parts(number: str) -> tuple[int, str] | None:
    """``"12/KH-UBND"`` → ``(12, "/KH-UBND")``; ``"05"`` → ``(5, "")``; anything else → None."""
    match = PLAN_NUMBER.match(number or "")
    if not match:
        return None
    return int(match.group(1)), (match.group(2) or "").strip().replace(" ", "")


def _owned_alike(plan: Plan):
    """Plans of the same owner as ``plan`` (its commune, or for a province's plan, its province)."""
    plans = Plan.objects.with_scopes_disabled()
    if plan.commune_id:
        return plans.filter(commune_id=plan.commune_id)
    return plans.filter(commune__isnull=True, province_id=plan.province_id)


def issued_register(plan: Plan, year: int) -> list[tuple[str, date, PlanRevision]]:
    """The owner's register of issued plans for ``year``: (number, date, revision), one row per issued
    revision whose document is dated in that year, oldest first."""
    revisions = (PlanRevision.objects.with_scopes_disabled().select_related("plan")
                 .filter(status=RevisionStatus.ISSUED, plan__in=_owned_alike(plan)).order_by("issued_at", "pk"))
    rows = []
    for revision in revisions:
        issued_on = _parse_date((revision.document or {}).get("date"))
        if issued_on and issued_on.year == year:
            rows.append(((revision.document or {}).get("number") or "", issued_on, revision))
    return rows


def next_number(plan: Plan, issued_on: date | None = None) -> str:
    """The number to offer for issuing ``plan``: the highest sequence in the owner's register of the year
    plus one, written with the symbol the owner uses (its latest issued plan's, else ``/KH-UBND``) and as
    many digits as that number had (at least two: ``05/KH-UBND``)."""
    issued_on = issued_on or timezone.localdate()
    parsed = [(parts, number) for number, _, _ in issued_register(plan, issued_on.year)
              if (parts := _number_parts(number))]
    symbol, width = DEFAULT_SYMBOL, 2
    latest = (PlanRevision.objects.with_scopes_disabled().filter(
        status=RevisionStatus.ISSUED, plan__in=_owned_alike(plan)).order_by("-issued_at", "-pk"))
    for revision in latest[:20]:
        parts = _number_parts((revision.document or {}).get("number") or "")
        if parts and parts[1]:
            symbol = parts[1]
            break
    highest = 0
    if parsed:
        (highest, _), text = max(parsed, key=lambda row: row[0][0])
        width = max(width, len(text.split("/")[0].strip()))
    return f"{highest + 1:0{width}d}{symbol}"


def same_period_issued(plan: Plan, document: dict | None = None):
    """The owner's other plans issued for the same period as ``plan`` (same start and end dates, or the
    same label when the dates are unknown) that no plan replaces yet: what issuing ``plan`` must replace."""
    period = (document if document is not None else current_revision(plan).document).get("period") or {}
    start, end = _parse_date(period.get("start")), _parse_date(period.get("end"))
    label = (period.get("label") or "").strip()
    others = _owned_alike(plan).exclude(pk=plan.pk).filter(
        replaced_by__isnull=True, revisions__status=RevisionStatus.ISSUED).distinct()
    if start and end:
        return others.filter(period_start=start, period_end=end)
    if label:
        return others.filter(period_start__isnull=True, period_label__iexact=label)
    return others.none()


def plan_number(plan: Plan) -> str:
    """The number the plan was last issued under ("12/KH-UBND"), or empty."""
    revision = revisions_of(plan).filter(status=RevisionStatus.ISSUED).order_by("-number").first()
    return ((revision.document or {}).get("number") or "") if revision else ""


def with_list_summary(plans):
    """``plans`` with what the list shows of each, in the same query: the latest revision's status
    (``latest_status``, ``latest_status_label``) and the number it was last issued under (``issued_number``)."""
    from django.db.models import OuterRef, Subquery

    # unscoped: the outer queryset is already the visible plans (a province's plans included); this only
    # reads those plans' own revisions
    revisions = PlanRevision.objects.with_scopes_disabled().filter(plan=OuterRef("pk")).order_by("-number")
    plans = plans.annotate(
        latest_status=Subquery(revisions.values("status")[:1]),
        issued_number=Subquery(revisions.filter(status=RevisionStatus.ISSUED).values("document__number")[:1]),
    )
    labels = dict(RevisionStatus.choices)
    for plan in plans:
        plan.latest_status_label = labels.get(plan.latest_status, "")
        yield plan


def plan_label(plan: Plan) -> str:
    """How a plan is named in the register: "số 12/KH-UBND — “Kế hoạch …”"."""
    return f"số {plan_number(plan) or '(không số)'} — “{plan.title}”"


def _checked_issue(revision: PlanRevision, *, number: str, issued_on: date | None,
                   replaces: Plan | int | None) -> tuple[dict, Plan | None]:
    """The document as issued, and the plan it replaces; or IssueError with every refusal at its field."""
    plan, document, errors = revision.plan, copy_document(revision.document), {}
    # One issuing at a time per owner, so two leaders cannot take the same number or both skip replacing.
    if plan.commune_id:
        Commune.objects.select_for_update().get(pk=plan.commune_id)
    else:
        Province.objects.select_for_update().get(pk=plan.province_id)
    number = " ".join((number or "").split()) or (document.get("number") or "").strip()
    issued_on = issued_on or _parse_date(document.get("date"))
    if not number:
        errors["number"] = NUMBER_MISSING
    elif len(number) > 50 or _number_parts(number) is None:
        errors["number"] = "Số văn bản phải bắt đầu bằng số thứ tự, ví dụ “12/KH-UBND”."
    if issued_on is None:
        errors["issued_on"] = DATE_MISSING
    elif issued_on > timezone.localdate():
        errors["issued_on"] = "Ngày ban hành không được sau hôm nay."
    if "number" not in errors and issued_on is not None:
        sequence = _number_parts(number)[0]
        for used, used_on, other in issued_register(plan, issued_on.year):
            parts = _number_parts(used)
            if other.plan_id != plan.pk and parts and parts[0] == sequence:
                errors["number"] = (f"Số {used} đã dùng cho kế hoạch “{other.plan.title}” ban hành ngày "
                                    f"{used_on:%d/%m/%Y}. Số tiếp theo trong sổ văn bản năm {issued_on.year} là "
                                    f"{next_number(plan, issued_on)}.")
                break
    candidates = list(same_period_issued(plan, document))
    replaced = None
    replaces_id = getattr(replaces, "pk", replaces)
    if replaces_id:
        replaced = next((other for other in candidates if other.pk == int(replaces_id)), None)
        if replaced is None:
            owner = "tỉnh" if plan.commune_id is None else "xã"
            errors["replaces"] = f"Kế hoạch được chọn để thay thế không phải kế hoạch đã ban hành cùng kỳ của {owner}."
    elif candidates:
        names = "; ".join(plan_label(other) for other in candidates)
        errors["replaces"] = REPLACES_MISSING.format(names=names)
    if unmapped := unmapped_owners(revision):
        errors["owners"] = OWNERS_UNMAPPED.format(names="; ".join(f"“{name}”" for name in unmapped))
    if errors:
        raise IssueError(errors)
    document["number"], document["date"] = number, issued_on.isoformat()
    return document, replaced


@transaction.atomic
def start_new_revision(plan: Plan, *, user=None) -> PlanRevision:
    """Editing an issued plan starts a new draft revision; the issued one never changes."""
    latest = _revisions_held().select_for_update().filter(plan=plan).order_by("-number").first()
    if latest.status != RevisionStatus.ISSUED:
        raise PlanError("Chỉ tạo bản sửa đổi từ bản đã ban hành; bản hiện tại vẫn đang được soạn hoặc trình.")
    revision = PlanRevision.objects.create(
        plan=plan, number=latest.number + 1, document=copy_document(latest.document), created_by=user,
        unit_links=latest.unit_links,
    )
    _sync_citations(revision)
    return revision


@transaction.atomic
def derive_plan(source: Plan, *, commune: Commune, user=None) -> Plan:
    """The commune's next-period plan from its own plan, or its plan from the province's plan (its latest
    issued revision: a draft of the province's next revision is not the commune's to follow)."""
    revision = latest_issued_revision(source) if source.commune_id is None else current_revision(source)
    if revision is None:
        raise PlanError("Kế hoạch của tỉnh chưa được ban hành nên chưa lập kế hoạch của xã từ đó được.")
    document = revision.document
    try:
        if source.commune_id is None:
            new_document = derive_from_province(
                document, commune.committee_name, {"kind": commune.kind, "name": commune.name})
        else:
            new_document = derive_next_period(document)
    except ValueError as exc:
        raise PlanError(str(exc)) from exc
    # where it came from is ``derived_from`` (shown as "Lập từ"); ``source_name`` is only ever a file's name
    return create_plan(commune=commune, document=new_document, user=user, derived_from=source)


def issued_topics(plan: Plan):
    """Topics of the plan's latest issued revision (what activities are counted against)."""
    revision = revisions_of(plan).filter(status=RevisionStatus.ISSUED).order_by("-number").first()
    return PlanTopic.objects.filter(revision=revision) if revision else PlanTopic.objects.none()


def latest_issued_revision(plan: Plan) -> PlanRevision | None:
    return revisions_of(plan).filter(status=RevisionStatus.ISSUED).order_by("-number").first()


def province_plans_for(commune: Commune):
    """Plans issued by the commune's province: readable by its communes (never a province's draft), owned by
    no commune. A cross-tenant read on purpose."""
    issued = PlanRevision.objects.with_scopes_disabled().filter(status=RevisionStatus.ISSUED).values("plan_id")
    return Plan.objects.with_scopes_disabled().filter(commune__isnull=True, province_id=commune.province_id,
                                                      pk__in=issued)


# --- The province's plans and its communes ----------------------------------------------------------
def notify_communes_of_province_plan(revision: PlanRevision) -> int:
    """Tell the CCHC managers and leaders of every commune of the province that it issued ``revision``,
    with the way to derive the commune's plan from it. Returns how many were notified."""
    from django.urls import reverse

    from tuyentruyen.notifications.services import notify

    from .access import province_plan_recipients

    plan, document = revision.plan, revision.document or {}
    number = document.get("number") or ""
    title = f"Tỉnh ban hành Kế hoạch số {number}" if number else "Tỉnh ban hành kế hoạch mới"
    body = (f"{plan.title}. Hãy lập kế hoạch của xã từ kế hoạch này (mục Kế hoạch → "
            "“Lập kế hoạch của xã từ kế hoạch của tỉnh”), rồi rà soát, trình duyệt và ban hành.")
    url = reverse("plans:detail", args=[plan.pk])
    sent = 0
    for user in province_plan_recipients(plan.province):
        if notify(user, title=title, body=body, url=url, kind="province_plan",
                  key=f"province-plan:{plan.pk}:{revision.number}"):
            sent += 1
    return sent


def _topic_key(text: str) -> str:
    return " ".join((text or "").split()).casefold().rstrip(".;:")


def _year_of(plan: Plan) -> int | None:
    day = plan.period_start or plan.period_end
    return day.year if day else None


def commune_plan_status(province: Province, year: int) -> dict[int, dict]:
    """Per commune of ``province``: its plan for ``year`` (the one derived from the province's plan of that
    year if any, else its latest plan whose period starts that year), whether it is issued, its number and
    date, and which topics of the province's issued plan of that year it dropped. A fixed handful of
    queries whatever the number of communes. Cross-tenant on purpose: the province reads its communes."""
    province_plans = [p for p in Plan.objects.with_scopes_disabled().filter(
        commune__isnull=True, province=province, replaced_by__isnull=True) if _year_of(p) == year]
    province_issued = {}
    for revision in (PlanRevision.objects.with_scopes_disabled()
                     .filter(plan__in=province_plans, status=RevisionStatus.ISSUED).order_by("plan_id", "number")):
        province_issued[revision.plan_id] = revision  # the latest issued revision of each
    source = max(province_issued.values(), key=lambda r: (r.issued_at, r.pk), default=None)
    source_topics = [t.get("text", "") for t in ((source.document or {}).get("topics", []) if source else [])]

    communes = list(Commune.objects.filter(province=province).order_by("name"))
    plans = {}
    for plan in (Plan.objects.with_scopes_disabled().filter(commune__in=communes, replaced_by__isnull=True)
                 .filter(Q(period_start__year=year) | Q(period_start__isnull=True, period_end__year=year)
                         | Q(derived_from_id__in=province_issued.keys())).order_by("pk")):
        current = plans.get(plan.commune_id)
        # prefer the plan derived from the province's; among equals, the latest
        if current is None or (plan.derived_from_id in province_issued) >= (current.derived_from_id in province_issued):
            plans[plan.commune_id] = plan
    # Which revision each plan shows (its issued one, else its latest), read without the documents; then
    # only the few document fields the table shows, of those revisions only: decoding 130 whole plan
    # documents was most of the province overview's time.
    revisions = {}
    for pk, plan_id, state in (PlanRevision.objects.with_scopes_disabled().filter(plan__in=plans.values())
                               .order_by("plan_id", "number").values_list("pk", "plan_id", "status")):
        entry = revisions.setdefault(plan_id, {"latest": None, "issued": None})
        entry["latest"] = (pk, state)
        if state == RevisionStatus.ISSUED:
            entry["issued"] = (pk, state)
    shown_ids = [(e["issued"] or e["latest"])[0] for e in revisions.values()]
    fields = {row["pk"]: row for row in PlanRevision.objects.with_scopes_disabled().filter(pk__in=shown_ids).values(
        "pk", number_text=KT("document__number"), date_text=KT("document__date"), topic_list=KeyTransform("topics", "document"))}

    status, labels = {}, dict(RevisionStatus.choices)
    for commune in communes:
        plan = plans.get(commune.pk)
        entry = revisions.get(plan.pk, {}) if plan else {}
        issued, latest = entry.get("issued"), entry.get("latest")
        shown = fields.get((issued or latest)[0], {}) if (issued or latest) else {}
        topics = shown.get("topic_list") if isinstance(shown.get("topic_list"), list) else []
        kept = {_topic_key(t.get("text", "")) for t in topics if isinstance(t, dict)}
        status[commune.pk] = {
            "commune": commune, "plan": plan, "issued": issued is not None,
            "status": (labels.get(issued[1], issued[1]) if issued else
                       labels.get(latest[1], latest[1]) if latest else "Chưa có kế hoạch"),
            "number": (shown.get("number_text") or "") if issued else "",
            "date": _parse_date(shown.get("date_text")) if issued else None,
            "derived": bool(plan and plan.derived_from_id in province_issued),
            "dropped_topics": [text for text in source_topics if _topic_key(text) not in kept] if plan else [],
        }
    return status


def province_source_plan(province: Province, year: int) -> Plan | None:
    """The province's latest issued plan for ``year`` (what ``commune_plan_status`` compares against)."""
    plans = [p for p in Plan.objects.with_scopes_disabled().filter(
        commune__isnull=True, province=province, replaced_by__isnull=True,
        revisions__status=RevisionStatus.ISSUED).distinct().order_by("-pk") if _year_of(p) == year]
    return plans[0] if plans else None


def province_plans_to_derive(commune: Commune) -> list[Plan]:
    """The province's issued plans (not replaced) for which the commune has no plan yet: none derived from
    it and none of its own for the same period. What the commune's plan list puts first."""
    candidates = list(province_plans_for(commune).filter(replaced_by__isnull=True).order_by("-period_start", "-pk"))
    if not candidates:
        return []
    own = list(Plan.objects.with_scopes_disabled().filter(commune=commune, replaced_by__isnull=True)
               .values_list("derived_from_id", "period_start", "period_end"))
    derived = {row[0] for row in own}
    periods = {(row[1], row[2]) for row in own if row[1] and row[2]}
    return [plan for plan in candidates
            if plan.pk not in derived and (plan.period_start, plan.period_end) not in periods]
