"""The roll-up across levels (上下联动): an office's own work, then each office directly below it
with everything under that office, as the higher office reads the lower offices' figures.

Each office's own figures are stored (coverage.models.OfficeFigures, counted by
coverage.services.office_figures_refresh); the roll-up adds them up in one query grouped by the
office each rolls up into, found along the parent chain at most three levels below the chosen
office. Adding up a few thousand rows instead of joining millions is what keeps the national
roll-up under a second; the page says when the figures were counted. The number of queries
does not depend on the number of offices. Leads appear as counts by status only, never as rows.

`make bench` (bench/run.py) times it at national scale: 3,000 offices, a million targets.
"""

import datetime
from dataclasses import asdict, dataclass, field

from django.db.models import BigIntegerField, Case, Count, F, Min, Q, Sum, Value, When
from django.utils.translation import gettext as _

from coverage.models import COUNTS
from coverage.office_figures import LEAD_OUTCOMES
from organisations.models import Office
from organisations.selectors import _office_and_below, offices_visible_to, viewer_of
from rectification.figures import percent
from rounds.models import Term

# Central, provincial, municipal, county: an office lies at most this many levels below another.
DEPTH = 3

COVERAGE = ("targets", "covered", "effective")
# The Leads field of each stored count (OfficeFigures.leads_awaiting: Leads.awaiting...).
LEAD_FIELDS = {name: name.removeprefix("leads_") for name in LEAD_OUTCOMES}


@dataclass(frozen=True)
class Coverage:
    """Coverage in the offices' current terms: active targets, covered (有形), effective (有效)."""

    targets: int = 0
    covered: int = 0
    effective: int = 0

    @property
    def rate(self):
        return percent(self.covered, self.targets)

    @property
    def effective_rate(self):
        return percent(self.effective, self.targets)

    def __add__(self, other):
        return Coverage(
            self.targets + other.targets,
            self.covered + other.covered,
            self.effective + other.effective,
        )


@dataclass(frozen=True)
class Leads:
    """Leads transferred to a receiving body, counted by what became of them."""

    awaiting: int = 0
    case_opened: int = 0
    handled: int = 0
    no_case: int = 0
    closed: int = 0

    @property
    def transferred(self):
        return self.awaiting + self.case_opened + self.handled + self.no_case + self.closed

    def __add__(self, other):
        return Leads(*(getattr(self, name) + getattr(other, name) for name in LEAD_FIELDS.values()))


@dataclass(frozen=True)
class Row:
    """One line of the roll-up. `office_id` is None on the totals line; `own` marks the chosen
    office's own work. `coverage` is None when none of the offices has a term running today."""

    office_id: int | None
    name: str
    own: bool = False
    offices: int = 0
    offices_in_term: int = 0
    coverage: Coverage | None = None
    rounds_run: int = 0
    fed_back: int = 0
    rectified: int = 0
    overdue_items: int = 0
    leads: Leads = field(default_factory=Leads)

    @property
    def rate(self):
        return percent(self.rectified, self.fed_back)

    @property
    def drills_down(self):
        return self.office_id is not None and not self.own

    def as_dict(self):
        """Plain values for JSON, with the rates and totals the page shows."""
        values = asdict(self)
        values["rate"] = self.rate
        values["leads"]["transferred"] = self.leads.transferred
        if self.coverage is not None:
            values["coverage"]["rate"] = self.coverage.rate
            values["coverage"]["effective_rate"] = self.coverage.effective_rate
        return values


@dataclass(frozen=True)
class Rollup:
    office: Office
    term: Term | None
    breadcrumb: list
    rows: list
    total: Row
    # When the oldest of the figures added up was counted, and for which day; None when none
    # of the offices has been counted yet.
    counted_at: datetime.datetime | None
    as_of: datetime.date | None
    # Offices not counted yet (new since the last count): their work is missing from the rows.
    uncounted: int
    today: datetime.date

    @property
    def out_of_date(self):
        """Some office is not counted yet, or was counted for an earlier day."""
        return self.uncounted > 0 or self.as_of is None or self.as_of < self.today


def rollup_office(user, office_id=None):
    """The office whose roll-up this person may read: their own office by default, or one below
    it; None when they read no office's work or may not see that office."""
    viewer = viewer_of(user)
    if not viewer.reads_office:
        return None
    if office_id is None:
        office_id = viewer.office_id
    return (
        offices_visible_to(user)
        .filter(pk=office_id)
        .select_related("parent__parent__parent")
        .first()
    )


def _breadcrumb(office, viewer_office_id):
    """From the viewer's office down to `office` (parents come from one select_related)."""
    chain = [office]
    while chain[-1].pk != viewer_office_id and chain[-1].parent_id is not None:
        chain.append(chain[-1].parent)
    return list(reversed(chain))


def _chain():
    """The lookups of an office's id, then of its parent's, grandparent's... up the chain."""
    return ["id", *("__".join(["parent"] * level) + "_id" for level in range(1, DEPTH + 1))]


def _rolls_into(office):
    """The office each office's figures roll up into: `office` for its own, otherwise the
    office directly below `office` on the way up from it."""
    chain = _chain()
    return Case(
        When(**{chain[0]: office.pk}, then=Value(office.pk)),
        *(
            When(**{chain[level]: office.pk}, then=F(chain[level - 1]))
            for level in range(1, len(chain))
        ),
        output_field=BigIntegerField(),
    )


def _added_up(office, office_ids):
    """{office rolled into: its offices, those with a term and counted, and the sums of their
    stored figures}, in one query over `office_ids` (the office and those below it)."""
    rows = (
        Office.objects.filter(pk__in=office_ids)
        .annotate(rolls_into=_rolls_into(office))
        .values("rolls_into")
        .annotate(
            offices=Count("pk"),
            offices_in_term=Count("pk", filter=Q(figures__term__isnull=False)),
            uncounted=Count("pk", filter=Q(figures__isnull=True)),
            counted_at=Min("figures__counted_at"),
            as_of=Min("figures__as_of"),
            # Named apart from Office's own relations (Office.targets).
            **{f"sum_{name}": Sum(f"figures__{name}", default=0) for name in COUNTS},
        )
        .order_by()
    )
    return {
        row.pop("rolls_into"): {name.removeprefix("sum_"): value for name, value in row.items()}
        for row in rows
    }


def _row(office_id, name, *, own, added_up):
    counts = added_up.get(office_id, {})
    offices_in_term = counts.get("offices_in_term", 0)
    return Row(
        office_id=office_id,
        name=name,
        own=own,
        offices=counts.get("offices", 0),
        offices_in_term=offices_in_term,
        coverage=Coverage(**{figure: counts[figure] for figure in COVERAGE})
        if offices_in_term
        else None,
        rounds_run=counts.get("rounds_run", 0),
        fed_back=counts.get("fed_back", 0),
        rectified=counts.get("rectified", 0),
        overdue_items=counts.get("overdue_items", 0),
        leads=Leads(**{field: counts.get(name, 0) for name, field in LEAD_FIELDS.items()}),
    )


def _total(rows):
    with_term = [row.coverage for row in rows if row.coverage is not None]
    coverage = sum(with_term, Coverage()) if with_term else None
    return Row(
        office_id=None,
        name=_("Total"),
        offices=sum(row.offices for row in rows),
        offices_in_term=sum(row.offices_in_term for row in rows),
        coverage=coverage,
        rounds_run=sum(row.rounds_run for row in rows),
        fed_back=sum(row.fed_back for row in rows),
        rectified=sum(row.rectified for row in rows),
        overdue_items=sum(row.overdue_items for row in rows),
        leads=sum((row.leads for row in rows), Leads()),
    )


def _oldest(added_up, key):
    found = [counts[key] for counts in added_up.values() if counts[key] is not None]
    return min(found) if found else None


def rollup(user, office, *, today):
    """The roll-up of `office` (from rollup_office) as `user` reads it on `today`: the office's
    own work first, then one row per office directly below it, and the total, from the figures
    stored for each office."""
    tree = list(
        Office.objects.filter(_office_and_below(office.pk))
        .order_by("code")
        .values_list("pk", "parent_id", "name")
    )
    added_up = _added_up(office, [pk for pk, _parent, _name in tree])
    children = [(pk, name) for pk, parent, name in tree if parent == office.pk]
    rows = [_row(office.pk, office.name, own=True, added_up=added_up)]
    rows += [_row(pk, name, own=False, added_up=added_up) for pk, name in children]
    term = (
        Term.objects.filter(office=office, starts_on__lte=today, ends_on__gte=today)
        .order_by("-starts_on", "-pk")
        .first()
    )
    return Rollup(
        office=office,
        term=term,
        breadcrumb=_breadcrumb(office, viewer_of(user).office_id),
        rows=rows,
        total=_total(rows),
        counted_at=_oldest(added_up, "counted_at"),
        as_of=_oldest(added_up, "as_of"),
        uncounted=sum(counts["uncounted"] for counts in added_up.values()),
        today=today,
    )
