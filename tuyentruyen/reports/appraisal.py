"""PAR INDEX scores of many communes at once, for the province's pages (overview, consolidated report).

``self_scores`` is what each commune declared when it sent its self-score to the province, and
``appraised_scores`` what the province settled after appraising it. A commune without one gets ``None``
("Chưa tự chấm" / "Chưa thẩm định"). One query each, whatever the number of communes.

The caller passes the ids of communes the user may read (the province's own): these functions read across
communes on purpose and do not check who asks.
"""

from __future__ import annotations

from tuyentruyen.lib.tenancy import scopes_disabled

from .models import Appraisal, AppraisalStatus

SENT = (AppraisalStatus.SUBMITTED, AppraisalStatus.APPRAISED, AppraisalStatus.ANSWERED)
APPRAISED = (AppraisalStatus.APPRAISED, AppraisalStatus.ANSWERED)


def _totals(commune_ids, year: int, statuses, field: str) -> dict[int, float | None]:
    ids = list(commune_ids)
    out: dict[int, float | None] = dict.fromkeys(ids)
    with scopes_disabled():  # a province's communes at once; the caller chose the ids it may read
        rows = Appraisal.objects.filter(commune_id__in=ids, year=year, status__in=statuses).values_list(
            "commune_id", field)
        for commune_id, total in rows:
            out[commune_id] = total
    return out


def self_scores(commune_ids, year: int) -> dict[int, float | None]:
    """{commune id: the self-score sent to the province for ``year``, or None}."""
    return _totals(commune_ids, year, SENT, "self_total")


def appraised_scores(commune_ids, year: int) -> dict[int, float | None]:
    """{commune id: the score the province settled for ``year``, or None while not appraised}."""
    return _totals(commune_ids, year, APPRAISED, "appraised_total")


# --- the province's scheme, by year ---------------------------------------------------------------------
# (imports below the score functions on purpose: those two are the contract other apps read first)
import copy  # noqa: E402
from datetime import date  # noqa: E402

from django.db import IntegrityError, transaction  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from tuyentruyen.lib import bounds  # noqa: E402
from tuyentruyen.lib.errors import UserError  # noqa: E402
from tuyentruyen.notifications.services import notify  # noqa: E402

from . import figures as fig  # noqa: E402
from . import scheme_tree, scoring  # noqa: E402
from .models import AppraisalItem, Decision, ScoringScheme  # noqa: E402


class AppraisalError(UserError):
    """A refused change of a scheme or an appraisal; ``message`` is Vietnamese, shown as is."""


def scheme_of_year(province, year: int) -> tuple[ScoringScheme | None, dict]:
    """The province's scheme for ``year``: its own for that year, else its latest earlier one, else the
    shipped default (``schemes/default_commune.json``, which names no district)."""
    own = ScoringScheme.objects.filter(province=province, year__lte=year).order_by("-year").first()
    if own is not None and not scoring.validation_errors(own.definition):
        return own, own.definition
    return None, fig.default_scheme()


@transaction.atomic
def create_scheme(province, year: int, *, user, source: ScoringScheme | None = None) -> ScoringScheme:
    """The province's scheme for ``year``, copied from ``source`` (one of its earlier years) or the default."""
    if bounds.YEAR.refusal(year):
        raise AppraisalError(f"Năm {bounds.YEAR.refusal(year)}.")
    if source is not None and source.province_id != province.pk:
        raise AppraisalError("Chỉ sao chép được bộ tiêu chí của tỉnh mình.")
    definition = copy.deepcopy(source.definition if source is not None else fig.default_scheme())
    definition["name"] = f"Bộ tiêu chí tuyên truyền CCHC cấp xã năm {year} — {province.name}"
    definition["code"] = f"{province.code}-{year}" if getattr(province, "code", "") else f"tinh-{province.pk}-{year}"
    try:
        with transaction.atomic():
            return ScoringScheme.objects.create(province=province, year=year, name=definition["name"],
                                                definition=definition, updated_by=user)
    except IntegrityError:
        raise AppraisalError(f"Tỉnh đã có bộ tiêu chí năm {year}; hãy mở bộ đó để sửa.") from None


def _save_definition(scheme: ScoringScheme, definition: dict, user) -> ScoringScheme:
    errors = scoring.validation_errors(definition)
    if errors:
        raise AppraisalError("Bộ tiêu chí chưa hợp lệ: " + " ".join(errors))
    scheme.definition, scheme.updated_by = definition, user
    scheme.name = definition.get("name") or scheme.name
    scheme.save()
    return scheme


def _locked_scheme(scheme: ScoringScheme) -> ScoringScheme:
    return ScoringScheme.objects.select_for_update().get(pk=scheme.pk)


@transaction.atomic
def rename_scheme(scheme: ScoringScheme, name: str, *, user) -> ScoringScheme:
    name = (name or "").strip()[:255]
    if not name:
        raise AppraisalError("Hãy ghi tên bộ tiêu chí.")
    locked = _locked_scheme(scheme)
    return _save_definition(locked, {**locked.definition, "name": name}, user)


@transaction.atomic
def edit_scheme_item(scheme: ScoringScheme, code: str, values: dict, *, user) -> ScoringScheme:
    locked = _locked_scheme(scheme)
    try:
        definition = scheme_tree.update_item(locked.definition, code, values)
    except scheme_tree.TreeError as exc:
        raise AppraisalError(str(exc)) from exc
    return _save_definition(locked, definition, user)


@transaction.atomic
def add_scheme_item(scheme: ScoringScheme, parent_code: str, values: dict, *, user) -> ScoringScheme:
    locked = _locked_scheme(scheme)
    try:
        definition, _ = scheme_tree.add_item(locked.definition, parent_code or None, values)
    except scheme_tree.TreeError as exc:
        raise AppraisalError(str(exc)) from exc
    return _save_definition(locked, definition, user)


@transaction.atomic
def remove_scheme_item(scheme: ScoringScheme, code: str, *, user) -> ScoringScheme:
    locked = _locked_scheme(scheme)
    try:
        definition = scheme_tree.remove_item(locked.definition, code)
    except scheme_tree.TreeError as exc:
        raise AppraisalError(str(exc)) from exc
    return _save_definition(locked, definition, user)


# --- the commune's self-score -------------------------------------------------------------------------------
def _points(text, item: AppraisalItem, label: str) -> float:
    try:
        value = round(float(str(text).strip().replace(",", ".")), 2)
    except (TypeError, ValueError):
        raise AppraisalError(f"{label} của tiêu chí {item.number} phải là một số (ví dụ 0,5).") from None
    if not 0 <= value <= item.max_points:
        raise AppraisalError(f"{label} của tiêu chí {item.number} phải từ 0 đến {scoring._fmt(item.max_points)}.")
    return value


def _self_total(appraisal: Appraisal) -> float:
    points = dict(AppraisalItem.objects.filter(appraisal=appraisal).values_list("code", "self_points"))
    return scheme_tree.total(appraisal.scheme, points)


def _locked_appraisal(appraisal: Appraisal) -> Appraisal:
    return Appraisal.objects.select_for_update(of=("self",)).select_related("commune").get(pk=appraisal.pk)


def _refuse_unless(appraisal: Appraisal, status: str, doing: str) -> None:
    if appraisal.status != status:
        raise AppraisalError(f"Không thể {doing}: bản chấm điểm đang ở trạng thái “{appraisal.get_status_display()}”.")


@transaction.atomic
def start_self_score(commune, year: int, *, user, today: date | None = None) -> Appraisal:
    """The commune's self-score of ``year`` (made on first need): the province's scheme is copied in, and
    each criterion starts at what the rule computes from the recorded data. Safe when two requests race."""
    existing = Appraisal.objects.filter(commune=commune, year=year).first()
    if existing is not None:
        return existing
    _, definition = scheme_of_year(commune.province, year)
    today = today or timezone.localdate()
    start, end = date(year, 1, 1), date(year, 12, 31)
    result = scoring.score(definition, fig.scoring_facts(commune, start, end, min(today, end), examples=False))
    computed = {item.code: item for _, item in result.flat()}
    try:
        with transaction.atomic():
            appraisal = Appraisal.objects.create(commune=commune, year=year, scheme=definition,
                                                 scheme_name=(definition.get("name") or "")[:255])
            for position, leaf in enumerate(scheme_tree.leaves(definition), start=1):
                got = computed.get(leaf.code)
                points = min(got.points if got else 0.0, leaf.max_points)
                AppraisalItem.objects.create(
                    appraisal=appraisal, position=position, number=leaf.number, code=leaf.code[:60],
                    label=leaf.label[:500], path=leaf.path[:1000], max_points=leaf.max_points,
                    computed_points=points, explanation=got.explanation if got else "",
                    evidence_required=leaf.evidence, self_points=points)
            appraisal.self_total = _self_total(appraisal)
            appraisal.save(update_fields=["self_total"])
            return appraisal
    except IntegrityError:
        return Appraisal.objects.get(commune=commune, year=year)


@transaction.atomic
def save_self_item(item: AppraisalItem, *, points, note: str = "", evidence_ids=(), files=(), user) -> AppraisalItem:
    """The commune's points for one criterion, its note, the activities' evidence it points to and files
    uploaded for it (stored as the commune's evidence, counted in its quota)."""
    from tuyentruyen.work.models import Evidence
    from tuyentruyen.work.services import add_evidence_files

    appraisal = _locked_appraisal(item.appraisal)
    _refuse_unless(appraisal, AppraisalStatus.DRAFT, "sửa điểm tự chấm")
    item = AppraisalItem.objects.select_for_update().get(pk=item.pk)
    item.self_points = _points(points, item, "Điểm tự chấm")
    item.self_note = (note or "").strip()[:4000]
    ids = {int(i) for i in evidence_ids if str(i).isdigit()}
    chosen = list(Evidence.objects.filter(commune=appraisal.commune, pk__in=ids))
    if len(chosen) != len(ids):
        raise AppraisalError("Có minh chứng không thuộc xã hoặc đã bị xóa; hãy tải lại trang rồi chọn lại.")
    try:
        uploaded = add_evidence_files(appraisal.commune, list(files), user=user)
    except UserError as exc:
        raise AppraisalError(exc.message) from exc
    item.save()
    kept_uploads = list(item.evidence.filter(activity__isnull=True, task__isnull=True))
    item.evidence.set(chosen + kept_uploads + uploaded)
    appraisal.self_total = _self_total(appraisal)
    appraisal.save(update_fields=["self_total"])
    return item


@transaction.atomic
def remove_uploaded_evidence(item: AppraisalItem, evidence_id: int, *, user) -> None:
    appraisal = _locked_appraisal(item.appraisal)
    _refuse_unless(appraisal, AppraisalStatus.DRAFT, "bỏ minh chứng")
    item.evidence.remove(*item.evidence.filter(pk=evidence_id))


def _province_officers(commune) -> list:
    from .access import province_receivers_of

    return province_receivers_of(commune)


@transaction.atomic
def submit_self_score(appraisal: Appraisal, *, user) -> Appraisal:
    locked = _locked_appraisal(appraisal)
    if locked.status != AppraisalStatus.DRAFT:
        return locked  # sent already (a double click)
    locked.status, locked.submitted_at, locked.submitted_by = AppraisalStatus.SUBMITTED, timezone.now(), user
    locked.self_total = _self_total(locked)
    locked.save()
    for officer in _province_officers(locked.commune):
        notify(officer, title=f"{locked.commune.name} đã gửi tự chấm chỉ số CCHC năm {locked.year}",
               url=reverse("reports:appraise", args=[locked.pk]), kind="appraisal",
               key=f"appraisal:{locked.pk}:submitted")
    return locked


# --- the province's appraisal -------------------------------------------------------------------------------
@transaction.atomic
def appraise_item(item: AppraisalItem, *, decision: str, points=None, reason: str = "", user) -> AppraisalItem:
    """Accept the commune's points for one criterion, or set other points with the reason."""
    appraisal = _locked_appraisal(item.appraisal)
    _refuse_unless(appraisal, AppraisalStatus.SUBMITTED, "thẩm định")
    item = AppraisalItem.objects.select_for_update().get(pk=item.pk)
    reason = (reason or "").strip()[:4000]
    if decision == Decision.ACCEPTED:
        item.decision, item.appraised_points, item.reason = Decision.ACCEPTED, item.self_points, reason
    elif decision == Decision.ADJUSTED:
        value = _points(points, item, "Điểm thẩm định")
        if not reason:
            raise AppraisalError(f"Hãy ghi lý do điều chỉnh điểm tiêu chí {item.number}.")
        item.decision, item.appraised_points, item.reason = Decision.ADJUSTED, value, reason
    else:
        raise AppraisalError("Hãy chọn chấp nhận điểm tự chấm hoặc điều chỉnh điểm.")
    item.save()
    return item


@transaction.atomic
def complete_appraisal(appraisal: Appraisal, *, user) -> Appraisal:
    locked = _locked_appraisal(appraisal)
    _refuse_unless(locked, AppraisalStatus.SUBMITTED, "hoàn tất thẩm định")
    rows = list(AppraisalItem.objects.filter(appraisal=locked).values_list("number", "code", "appraised_points",
                                                                         "decision"))
    pending = [number for number, _, _, decision in rows if not decision]
    if pending:
        raise AppraisalError(f"Còn {len(pending)} tiêu chí chưa thẩm định: {', '.join(pending[:10])}.")
    locked.appraised_total = scheme_tree.total(locked.scheme, {code: points for _, code, points, _ in rows})
    locked.status, locked.appraised_at, locked.appraised_by = AppraisalStatus.APPRAISED, timezone.now(), user
    locked.save()
    from .access import report_officers_of

    for officer in report_officers_of(locked.commune):
        notify(officer, title=f"Tỉnh đã thẩm định chỉ số CCHC năm {locked.year}: "
                              f"{scoring._fmt(locked.appraised_total)} điểm",
               url=reverse("reports:self_score", args=[locked.pk]), kind="appraisal",
               key=f"appraisal:{locked.pk}:appraised")
    return locked


@transaction.atomic
def answer_appraisal(appraisal: Appraisal, *, text: str, user) -> Appraisal:
    """The commune's one answer to the appraisal."""
    text = (text or "").strip()
    if not text:
        raise AppraisalError("Hãy ghi ý kiến phản hồi.")
    locked = _locked_appraisal(appraisal)
    if locked.status == AppraisalStatus.ANSWERED:
        raise AppraisalError("Xã đã phản hồi kết quả thẩm định; mỗi kỳ chỉ phản hồi một lần.")
    _refuse_unless(locked, AppraisalStatus.APPRAISED, "phản hồi")
    locked.answer = text[:4000]
    locked.status, locked.answered_at, locked.answered_by = AppraisalStatus.ANSWERED, timezone.now(), user
    locked.save()
    for officer in _province_officers(locked.commune):
        notify(officer, title=f"{locked.commune.name} phản hồi kết quả thẩm định năm {locked.year}",
               body=locked.answer[:300], url=reverse("reports:appraise", args=[locked.pk]), kind="appraisal",
               key=f"appraisal:{locked.pk}:answered")
    return locked


def items_of(appraisal: Appraisal):
    return AppraisalItem.objects.filter(appraisal=appraisal).prefetch_related("evidence__activity").order_by("position")
