"""The roll-up across levels (上下联动): an office's own work, then each office directly below it
with everything under that office, as the higher office reads the lower offices' figures.

Every figure is counted by the database: each table is read once, its rows grouped by the office
they roll up into (found along the parent chain, at most three levels below the chosen office).
The number of queries does not depend on the number of offices. Leads appear as counts by
status only, never as rows.
"""

from dataclasses import asdict, dataclass, field

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils.translation import gettext as _

from coverage.selectors import EFFECTIVE_COVERAGE_PHASES
from organisations.models import Office, Target
from organisations.selectors import offices_visible_to, viewer_of
from rectification.figures import percent
from rectification.models import RectificationItem
from rectification.progress import overdue_item, rectification_state
from rounds.coverage import VISIBLE_COVERAGE_PHASES
from rounds.models import Assignment, Finding, Lead, Round, Term

# Central, provincial, municipal, county: an office lies at most this many levels below another.
DEPTH = 3

# Rounds that have been run: started, or run to the end.
RUN_STATUSES = [Round.Status.IN_PROGRESS, Round.Status.COMPLETED]

LeadStatus = Lead.Status
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


def _under(path, office):
    """The row's office (at `path`) is `office` or an office below it."""
    condition = Q()
    for lookup in _chain(path):
        condition |= Q(**{lookup: office.pk})
    return condition


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


def _grouped(queryset, path, office, **counts):
    """{office rolled into: counts} for the rows of `queryset` under `office`."""
    rows = (
        queryset.filter(_under(path, office))
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


def _offices(office, today):
    return _grouped(
        Office.objects.alias(current_term=_current_term(OuterRef("pk"), today)),
        "",
        office,
        offices=Count("pk"),
        offices_in_term=Count("pk", filter=Q(current_term__isnull=False)),
    )


def _coverage(office, today):
    """Active targets of offices with a running term, covered in that term as the term page
    counts them (coverage.selectors.term_coverage): a cancelled round inspected nothing."""
    in_term = Assignment.objects.filter(
        target=OuterRef("pk"), round__term=OuterRef("current_term")
    ).exclude(round__status=Round.Status.CANCELLED)
    targets = (
        Target.objects.filter(active=True)
        .alias(current_term=_current_term(OuterRef("office_id"), today))
        .filter(current_term__isnull=False)
        .alias(
            is_covered=Exists(in_term.filter(phase__in=VISIBLE_COVERAGE_PHASES)),
            is_effective=Exists(in_term.filter(phase__in=EFFECTIVE_COVERAGE_PHASES)),
        )
    )
    return _grouped(
        targets,
        "office",
        office,
        targets=Count("pk"),
        covered=Count("pk", filter=Q(is_covered=True)),
        effective=Count("pk", filter=Q(is_effective=True)),
    )


def _rounds(office, today):
    rounds = Round.objects.filter(status__in=RUN_STATUSES).filter(
        term_id=_current_term(OuterRef("term__office_id"), today)
    )
    return _grouped(rounds, "office", office, rounds_run=Count("pk"))


def _findings(office, today):
    findings = Finding.objects.filter(status=Finding.Status.FED_BACK).alias(
        **rectification_state(today)
    )
    return _grouped(
        findings,
        "assignment__round__office",
        office,
        fed_back=Count("pk"),
        rectified=Count("pk", filter=Q(is_rectified=True)),
    )


def _overdue_items(office, today):
    items = RectificationItem.objects.filter(overdue_item(today))
    return _grouped(items, "plan__assignment__round__office", office, overdue_items=Count("pk"))


def _leads(office):
    return _grouped(
        Lead.objects.exclude(status=LeadStatus.REGISTERED),
        "assignment__round__office",
        office,
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
        coverage=Coverage(**counted["coverage"].get(office_id, {})) if offices_in_term else None,
        rounds_run=get("rounds", "rounds_run"),
        fed_back=get("findings", "fed_back"),
        rectified=get("findings", "rectified"),
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
    counted = {
        "offices": _offices(office, today),
        "coverage": _coverage(office, today),
        "rounds": _rounds(office, today),
        "findings": _findings(office, today),
        "items": _overdue_items(office, today),
        "leads": _leads(office),
    }
    children = Office.objects.filter(parent=office).order_by("code").values_list("pk", "name")
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
