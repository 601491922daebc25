"""Which report counts an activity. Pure: no Django.

A report covers a period and, once sent, has a cut-off: the moment its figures were frozen. It counts the
activities dated in its period and recorded before its cut-off. An activity recorded after that (an entry
made late, dated 28/09 but typed in on 02/10) is not lost: it is a *late entry* of that period and counts
in the next report of the same unit and series, shown there as “bổ sung kỳ trước”; if that report was sent
too before the activity was recorded, in the one after, and so on. So, in each series of reports (quarters,
half-years, years) every activity counts in exactly one report.

``counting_period`` answers for one activity; ``windows`` gives a report the few (period, recorded from,
recorded before) boxes it counts, which the database turns into one query. Both follow the same rule, and
a property test holds them to each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from .periods import Period, PeriodError

Cutoffs = Mapping[Period, datetime]  # the cut-offs of one unit's frozen reports of one series


@dataclass(frozen=True)
class Window:
    """Activities dated in ``dated`` and recorded in [``recorded_from``, ``recorded_before``); a missing
    bound is open (the report's own period has no lower one; a draft has no upper one)."""

    dated: Period
    recorded_from: datetime | None
    recorded_before: datetime | None

    def holds(self, dated: Period, recorded_at: datetime) -> bool:
        return (dated == self.dated
                and (self.recorded_from is None or recorded_at >= self.recorded_from)
                and (self.recorded_before is None or recorded_at < self.recorded_before))


def _previous(period: Period) -> Period | None:
    try:
        return period.previous()
    except PeriodError:  # before the first year the product accepts
        return None


def _following(period: Period) -> Period | None:
    try:
        return period.following()
    except PeriodError:
        return None


def counting_period(dated: Period, recorded_at: datetime, cutoffs: Cutoffs) -> Period:
    """The period whose report counts an activity dated in ``dated`` and recorded at ``recorded_at``:
    its own, unless that report was frozen before the activity was recorded; then the next one's."""
    period = dated
    while period in cutoffs and cutoffs[period] <= recorded_at:
        following = _following(period)
        if following is None:
            break
        period = following
    return period


def windows(period: Period, cutoffs: Cutoffs, own_cutoff: datetime | None) -> list[Window]:
    """What the report of ``period`` counts: its own period's activities recorded before ``own_cutoff``
    (None: a draft, everything so far), then the late entries of the frozen periods just before it
    (walking back while each was frozen), recorded after every cut-off in between."""
    found = [Window(period, None, own_cutoff)]
    latest = None
    earlier = _previous(period)
    while earlier is not None and earlier in cutoffs:
        latest = cutoffs[earlier] if latest is None else max(latest, cutoffs[earlier])
        if own_cutoff is not None and latest >= own_cutoff:
            break  # recorded after an earlier cut-off yet before this one: none can be
        found.append(Window(earlier, latest, own_cutoff))
        earlier = _previous(earlier)
    return found
