"""Who is late with their reports: the units whose deadline has passed with no report sent, for the home
page of leaders and officers. Runs inside the commune's scope; two queries whatever the number of units."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tuyentruyen.localities.models import Unit

from .models import Report, ReportStatus
from .periods import Period, deadlines_between
from .services import deadline_rules

SENT = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
LOOK_BACK_DAYS = 120  # a deadline older than this is history, not today's work


@dataclass(frozen=True)
class LateUnits:
    period: Period
    due: date
    units: list  # [Unit], in the commune's order
    days: int  # days since the deadline


def late_units(commune, today: date) -> list[LateUnits]:
    """Unit deadlines passed in the last ``LOOK_BACK_DAYS`` days, each with the active units that have not
    sent their report (a returned report counts as not sent), the most recent deadline first."""
    deadlines = [d for d in deadlines_between(deadline_rules(commune), today - timedelta(days=LOOK_BACK_DAYS),
                                              today - timedelta(days=1)) if not d.commune_level]
    if not deadlines:
        return []
    sent: dict[tuple[int, str], set[int]] = {}
    years = {d.period.year for d in deadlines}
    for year, kind, unit_id in (Report.objects.filter(commune=commune, year__in=years, unit__isnull=False,
                                                      status__in=SENT)
                                .values_list("year", "period_kind", "unit_id")):
        sent.setdefault((year, kind), set()).add(unit_id)
    units = list(Unit.objects.filter(commune=commune, active=True).order_by("position", "name"))
    found = []
    for deadline in sorted(deadlines, key=lambda d: d.due, reverse=True):
        done = sent.get((deadline.period.year, deadline.period.kind), set())
        late = [unit for unit in units if unit.pk not in done]
        if late:
            found.append(LateUnits(deadline.period, deadline.due, late, (today - deadline.due).days))
    return found
