"""The term's coverage duty (一届任期内全覆盖) as the office reads it: every figure is counted by
the database over the one definition of an assignment that covers a target in the term
(rounds.coverage)."""

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.utils.translation import gettext as _

from core.expressions import one_of
from coverage import forecast as pace
from organisations.models import LONGEST_UNINSPECTED_FIRST, Region, Target
from organisations.selectors import office_and_below_ids, viewer_of
from rectification.figures import percent
from rounds.coverage import VISIBLE_COVERAGE_PHASES, covered
from rounds.models import Assignment, Round
from rounds.selectors import terms_planned_by

Phase = Assignment.Phase
# 有效覆盖: the assignment went all the way through feedback and the evaluation of rectification.
EFFECTIVE_COVERAGE_PHASES = [Phase.CLOSED]


def with_term_state(targets, term, offices_below=()):
    """`covered_in_term` and `effective_in_term` on `targets` (rounds.coverage.covered), whose
    targets of `offices_below` (ids) also count their own offices' rounds."""
    return targets.alias(
        covered_in_term=ExpressionWrapper(
            covered(term, VISIBLE_COVERAGE_PHASES, offices_below), BooleanField()
        ),
        effective_in_term=ExpressionWrapper(
            covered(term, EFFECTIVE_COVERAGE_PHASES, offices_below), BooleanField()
        ),
    )


COUNTS = {
    "targets": Count("pk"),
    "covered": Count("pk", filter=Q(covered_in_term=True)),
    "effectively_covered": Count("pk", filter=Q(effective_in_term=True)),
}


@dataclass(frozen=True)
class TermCoverage:
    targets: int
    covered: int
    effectively_covered: int
    label: str = ""
    # What a breakdown's row counts: a category's value, a region's id (None: no region).
    key: object = None

    @property
    def rate(self):
        return self.covered / self.targets if self.targets else 0.0

    @property
    def not_covered(self):
        return self.targets - self.covered

    @property
    def covered_percent(self):
        return percent(self.covered, self.targets)

    @property
    def effective_percent(self):
        return percent(self.effectively_covered, self.targets)


def term_coverage(*, term):
    """How many of the office's active targets were inspected in the term, in one query."""
    targets = Target.objects.filter(office=term.office, active=True)
    return TermCoverage(**with_term_state(targets, term).aggregate(**COUNTS))


# The term coverage page --------------------------------------------------------------------


def coverage_terms(user):
    """The terms whose coverage this person reads (office readers only), newest first."""
    return terms_planned_by(user).select_related("office").order_by("-starts_on", "-pk")


def choose_term(terms, term_id, today):
    """The term asked for by id (None when it is not among `terms`), or by default the term
    running on `today`, else the latest. `terms` is an evaluated list, newest first."""
    if term_id is not None:
        return next((term for term in terms if term.pk == term_id), None)
    running = [term for term in terms if term.starts_on <= today <= term.ends_on]
    return (running or terms or [None])[0]


@dataclass(frozen=True)
class Scope:
    """The targets a coverage page counts: the active targets of `offices` (ids), which are
    the term office's, and those of the offices under it when the page asks for them."""

    term: object
    offices: list

    @property
    def offices_below(self):
        return [pk for pk in self.offices if pk != self.term.office_id]

    def condition(self, prefix=""):
        """Q over targets (at `prefix`): in this scope."""
        return Q(**{f"{prefix}active": True}) & one_of(f"{prefix}office_id", self.offices)

    @cached_property
    def _targets(self):
        targets = Target.objects.filter(self.condition())
        return with_term_state(targets, self.term, self.offices_below)

    def targets(self):
        """The targets in scope with their state in the term (`with_term_state`), built once:
        the coverage state is a few milliseconds of Python to put together."""
        return self._targets.all()


def scope_of(user, term, *, below=False):
    """The term office's active targets, and with `below` those of the offices under it; none
    for anyone who does not read that office. Remembered for the request: a page reads the
    offices below once, and its figures, chart and list share one scope."""
    viewer = viewer_of(user)
    key = ("coverage scope", term.pk, below)
    if key not in viewer.remembered:
        if not viewer.reads_office or viewer.office_id != term.office_id:
            offices = []
        elif below:
            offices = office_and_below_ids(term.office_id)
        else:
            offices = [term.office_id]
        viewer.remembered[key] = Scope(term, offices)
    return viewer.remembered[key]


def _grouped(targets):
    """Counts of `targets` by category and region (named rows), in one query: the headline and
    both breakdowns add these groups up (a few per region, never a row per target), since each
    count asks the database to work out the coverage of every target again. The regions are
    named by `_region_names`: grouped by their id alone, the database counts faster."""
    groups = targets.values("category", "region_id").annotate(**COUNTS).order_by()
    return list(groups.values_list("category", "region_id", *COUNTS, named=True))


def _added_up(groups, key):
    """{key(group): [targets, covered, effectively covered]} added up over `groups`."""
    sums = defaultdict(lambda: [0, 0, 0])
    for group in groups:
        figures = sums[key(group)]
        figures[0] += group.targets
        figures[1] += group.covered
        figures[2] += group.effectively_covered
    return sums


def _total(groups):
    return TermCoverage(*_added_up(groups, lambda group: None).get(None, (0, 0, 0)))


def _by_category(groups):
    labels = dict(Target.Category.choices)
    figures = [
        TermCoverage(*sums, label=str(labels.get(category, "")), key=category)
        for category, sums in _added_up(groups, attrgetter("category")).items()
    ]
    return sorted(figures, key=lambda figure: figure.label)


def _region_names(region_ids):
    """{id: (code, name)} of the regions, in one query."""
    regions = Region.objects.filter(one_of("pk", region_ids)).values_list("pk", "code", "name")
    return {pk: (code, name) for pk, code, name in regions}


def _by_region(groups):
    sums = _added_up(groups, attrgetter("region_id"))
    names = _region_names([region for region in sums if region is not None])
    # By code, the targets with no region last.
    regions = sorted(sums, key=lambda region: (region is None, names.get(region, ("",))[0]))
    return [
        TermCoverage(
            *sums[region],
            label=names[region][1] if region is not None else _("(no region)"),
            key=region,
        )
        for region in regions
    ]


@dataclass(frozen=True)
class PlannedRound:
    ordinal: int
    planned_start: object
    suggested: int


@dataclass(frozen=True)
class TermPage:
    term: object
    below: bool
    total: TermCoverage
    by_category: list
    by_region: list
    forecast: pace.Forecast | None
    rounds_left: list
    # The counts by category and region the figures add up (_grouped).
    groups: list


def _forecast(term, total, today):
    """The pace of the office's own rounds in the term (one query for the rounds)."""
    rounds = list(
        Round.objects.filter(term=term)
        .exclude(status=Round.Status.CANCELLED)
        .order_by("planned_start", "ordinal")
        .values_list("status", "ordinal", "planned_start")
    )
    started = {Round.Status.IN_PROGRESS, Round.Status.COMPLETED}
    planned = [(ordinal, start) for status, ordinal, start in rounds if status == "planned"]
    found = pace.forecast(
        targets_left=total.not_covered,
        covered=total.covered,
        rounds_done=sum(1 for status, _ordinal, _start in rounds if status in started),
        rounds_left=len(planned),
        starts_on=term.starts_on,
        ends_on=term.ends_on,
        today=today,
    )
    rounds_left = [
        PlannedRound(ordinal=ordinal, planned_start=start, suggested=count)
        for (ordinal, start), count in zip(planned, found.suggested, strict=False)
    ]
    return found, rounds_left


def term_page(user, term, *, below, today):
    """The figures of the coverage page: the headline, the breakdowns and, for the office's own
    targets, the pace forecast. Three queries: the counts, the names of their regions, and the
    office's rounds or, with `below`, the offices below (once per request, see scope_of)."""
    groups = _grouped(scope_of(user, term, below=below).targets())
    total = _total(groups)
    found, rounds_left = (None, []) if below else _forecast(term, total, today)
    return TermPage(
        term=term,
        below=below,
        total=total,
        by_category=_by_category(groups),
        by_region=_by_region(groups),
        forecast=found,
        rounds_left=rounds_left,
        groups=groups,
    )


def uncovered_count(page, *, category=None, region_id=None):
    """How many targets the uncovered list of `page` (a TermPage) holds with the filters of
    coverage.filters.UncoveredFilter, added up from the page's counts instead of working out
    the coverage of every target again."""
    return sum(
        group.targets - group.covered
        for group in page.groups
        if (category is None or group.category == category)
        and (region_id is None or group.region_id == region_id)
    )


def uncovered_regions(page):
    """(id, name) of the regions with a target of `page` (a TermPage) not yet covered: those
    the uncovered list offers to filter by, from the page's own counts."""
    return [
        (row.key, row.label) for row in page.by_region if row.not_covered and row.key is not None
    ]


def uncovered_targets(user, term, *, below=False):
    """Targets in scope not yet covered in the term, the never-inspected first, then those
    inspected longest ago (`last_inspected_on`, any term), from the index of that order.

    The region and the office are read for the rows listed (two queries)."""
    return (
        scope_of(user, term, below=below)
        .targets()
        .filter(covered_in_term=False)
        .prefetch_related("region", "office")
        .order_by(LONGEST_UNINSPECTED_FIRST, "code", "pk")
    )
