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
