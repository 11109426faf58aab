"""The roll-up across levels (上下联动): an office's own work, then each office directly below it
with everything under that office, as the higher office reads the lower offices' figures.

Every figure is counted by the database: the offices under the chosen one are read first, then
each table once, its rows grouped by the office they roll up into (found along the parent chain,
at most three levels below the chosen office). The number of queries does not depend on the
number of offices. Leads appear as counts by status only, never as rows.

`make bench` (bench/run.py) times it at national scale: 3,000 offices, a million targets.
"""

from dataclasses import asdict, dataclass, field

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils.translation import gettext as _

from coverage.selectors import EFFECTIVE_COVERAGE_PHASES
from organisations.models import Office, Target
from organisations.selectors import _office_and_below, offices_visible_to, viewer_of
from rectification.figures import percent
from rectification.models import RectificationItem
from rectification.progress import overdue_item, rectification_state
from rounds.coverage import VISIBLE_COVERAGE_PHASES
from rounds.coverage import covered as covered_in_term
from rounds.models import Finding, Lead, Round, Term

# Central, provincial, municipal, county: an office lies at most this many levels below another.
DEPTH = 3

# Rounds that have been run: started, or run to the end.
RUN_STATUSES = [Round.Status.IN_PROGRESS, Round.Status.COMPLETED]

LeadStatus = Lead.Status
COVERAGE = ("targets", "covered", "effective")
LEAD_OUTCOMES = {
    "awaiting": LeadStatus.TRANSFERRED,
    "case_opened": LeadStatus.CASE_OPENED,
    "handled": LeadStatus.HANDLED,
    "no_case": LeadStatus.NO_CASE,
    "closed": LeadStatus.CLOSED,
}


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
        return Leads(*(getattr(self, name) + getattr(other, name) for name in LEAD_OUTCOMES))


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


def _chain(path):
    """The lookups of the office at `path` ("" for the office itself), then of its parent,
    grandparent... up the chain."""
    lookups = []
    for level in range(DEPTH + 1):
        hops = ([path] if path else []) + ["parent"] * level
        lookups.append(f"{'__'.join(hops)}_id" if hops else "id")
    return lookups


def _under(path, office_ids):
    """The row's office (at `path`) is one of `office_ids`: the chosen office and those below it,
    as ids. A list rather than a test up the parent chain, which PostgreSQL cannot estimate:
    it took the national roll-up for a small one and probed a million rows one by one."""
    return Q(**{f"{path}__in" if path else "pk__in": office_ids})


def _rolls_into(path, office):
    """The office a row rolls up into: `office` for its own work, otherwise the office directly
    below `office` on the way up from the row's office."""
    chain = _chain(path)
    return Case(
        When(**{chain[0]: office.pk}, then=Value(office.pk)),
        *(
            When(**{chain[level]: office.pk}, then=F(chain[level - 1]))
            for level in range(1, len(chain))
        ),
        output_field=BigIntegerField(),
    )


def _grouped(queryset, path, office, office_ids, **counts):
    """{office rolled into: counts} for the rows of `queryset` under `office` (`office_ids`: its
    id and those of the offices below it)."""
    rows = (
        queryset.filter(_under(path, office_ids))
        .annotate(rolls_into=_rolls_into(path, office))
        .values("rolls_into")
        .annotate(**counts)
        .order_by()
    )
    return {row.pop("rolls_into"): row for row in rows}


def _current_term(office_ref, today):
    """The term of the office at `office_ref` running today (the latest to start, should two)."""
    return Subquery(
        Term.objects.filter(office=office_ref, starts_on__lte=today, ends_on__gte=today)
        .order_by("-starts_on", "-pk")
        .values("pk")[:1]
    )


def _count(queryset):
    """How many rows a subquery correlated to the outer row selects, as an expression (a count
    without grouping, so always one row)."""
    counted = queryset.order_by().annotate(count=Func(F("pk"), function="COUNT")).values("count")
    return Subquery(counted, output_field=IntegerField())


def _offices_and_coverage(office, office_ids, today):
    """Offices, those with a term running today, and coverage in that term: the office's
    active targets, and of them those covered (有形) and effectively covered (有效) by the one
    definition the term page counts with (rounds.coverage).

    Each office is counted on its own, from indexes: its active targets, tested against the
    targets of its term's rounds (rounds.coverage.covered; the term is the office's own, so
    only its own rounds count); the offices are then rolled up. A subquery per target took
    some 18 s at national scale."""
    term = OuterRef(OuterRef("current_term"))
    active = Target.objects.filter(office=OuterRef("pk"), active=True)

    def covered_in(phases):
        return _count(active.filter(covered_in_term(active, term, phases)))

    in_term = Q(current_term__isnull=False)
    offices = Office.objects.alias(
        current_term=_current_term(OuterRef("pk"), today),
        own_targets=_count(active),
        own_covered=covered_in(VISIBLE_COVERAGE_PHASES),
        own_effective=covered_in(EFFECTIVE_COVERAGE_PHASES),
    )
    return _grouped(
        offices,
        "",
        office,
        office_ids,
        offices=Count("pk"),
        offices_in_term=Count("pk", filter=in_term),
        **{name: Sum(f"own_{name}", filter=in_term, default=0) for name in COVERAGE},
    )


def _rounds(office, office_ids, today):
    rounds = Round.objects.filter(status__in=RUN_STATUSES).filter(
        term_id=_current_term(OuterRef("term__office_id"), today)
    )
    return _grouped(rounds, "office", office, office_ids, rounds_run=Count("pk"))


def _fed_back(office, office_ids):
    findings = Finding.objects.filter(status=Finding.Status.FED_BACK)
    return _grouped(findings, "assignment__round__office", office, office_ids, fed_back=Count("pk"))


def _rectified(office, office_ids, today):
    """Fed-back problems rectified (rectification.progress). Asked for in WHERE rather than as
    a filtered count, so that PostgreSQL joins the items once instead of probing them for
    every problem: at national scale that halves the time."""
    findings = (
        Finding.objects.filter(status=Finding.Status.FED_BACK)
        .alias(**rectification_state(today))
        .filter(is_rectified=True)
    )
    return _grouped(
        findings, "assignment__round__office", office, office_ids, rectified=Count("pk")
    )


def _overdue_items(office, office_ids, today):
    items = RectificationItem.objects.filter(overdue_item(today))
    return _grouped(
        items, "plan__assignment__round__office", office, office_ids, overdue_items=Count("pk")
    )


def _leads(office, office_ids):
    return _grouped(
        Lead.objects.exclude(status=LeadStatus.REGISTERED),
        "assignment__round__office",
        office,
        office_ids,
        **{name: Count("pk", filter=Q(status=status)) for name, status in LEAD_OUTCOMES.items()},
    )


def _row(office_id, name, *, own, counted):
    def get(table, key):
        return counted[table].get(office_id, {}).get(key, 0)

    offices_in_term = get("offices", "offices_in_term")
    return Row(
        office_id=office_id,
        name=name,
        own=own,
        offices=get("offices", "offices"),
        offices_in_term=offices_in_term,
        coverage=Coverage(**{figure: get("offices", figure) for figure in COVERAGE})
        if offices_in_term
        else None,
        rounds_run=get("rounds", "rounds_run"),
        fed_back=get("fed_back", "fed_back"),
        rectified=get("rectified", "rectified"),
        overdue_items=get("items", "overdue_items"),
        leads=Leads(**counted["leads"].get(office_id, {})),
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


def rollup(user, office, *, today):
    """The roll-up of `office` (from rollup_office) as `user` reads it on `today`: the office's
    own work first, then one row per office directly below it, and the total."""
    tree = list(
        Office.objects.filter(_office_and_below(office.pk))
        .order_by("code")
        .values_list("pk", "parent_id", "name")
    )
    ids = [pk for pk, _parent, _name in tree]
    counted = {
        "offices": _offices_and_coverage(office, ids, today),
        "rounds": _rounds(office, ids, today),
        "fed_back": _fed_back(office, ids),
        "rectified": _rectified(office, ids, today),
        "items": _overdue_items(office, ids, today),
        "leads": _leads(office, ids),
    }
    children = [(pk, name) for pk, parent, name in tree if parent == office.pk]
    rows = [_row(office.pk, office.name, own=True, counted=counted)]
    rows += [_row(pk, name, own=False, counted=counted) for pk, name in children]
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
    )
