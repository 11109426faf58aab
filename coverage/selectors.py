"""The term's coverage duty (一届任期内全覆盖) as the office reads it: every figure is counted by
the database over the one definition of an assignment that covers a target in the term
(rounds.coverage)."""

from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q
from django.utils.translation import gettext as _

from coverage import forecast as pace
from organisations.models import Office, Target
from organisations.selectors import _office_and_below, viewer_of
from rectification.figures import percent
from rounds.coverage import VISIBLE_COVERAGE_PHASES, covered, last_inspected
from rounds.models import Assignment, Round
from rounds.selectors import terms_planned_by

Phase = Assignment.Phase
# 有效覆盖: the assignment went all the way through feedback and the evaluation of rectification.
EFFECTIVE_COVERAGE_PHASES = [Phase.CLOSED]


def with_term_state(targets, term):
    """`covered_in_term` and `effective_in_term` on `targets` (rounds.coverage.covered)."""
    return targets.alias(
        covered_in_term=ExpressionWrapper(
            covered(targets, term, VISIBLE_COVERAGE_PHASES), BooleanField()
        ),
        effective_in_term=ExpressionWrapper(
            covered(targets, term, EFFECTIVE_COVERAGE_PHASES), BooleanField()
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


def targets_in_scope(user, term, *, below=False):
    """The term office's active targets, and with `below` those of the offices under it; none
    for anyone who does not read that office."""
    viewer = viewer_of(user)
    if not viewer.reads_office or viewer.office_id != term.office_id:
        return Target.objects.none()
    if below:
        offices = Office.objects.filter(_office_and_below(term.office_id)).values("pk")
        return Target.objects.filter(office_id__in=offices, active=True)
    return Target.objects.filter(office_id=term.office_id, active=True)


def _by_category(targets):
    rows = targets.values("category").annotate(**COUNTS).order_by("category")
    labels = dict(Target.Category.choices)
    figures = [
        TermCoverage(
            label=str(labels.get(row.pop("category"), "")), **{name: row[name] for name in COUNTS}
        )
        for row in rows
    ]
    return sorted(figures, key=lambda figure: figure.label)


def _by_region(targets):
    rows = (
        targets.values("region_id", "region__name")
        .annotate(**COUNTS)
        .order_by(F("region__code").asc(nulls_last=True))
    )
    return [
        TermCoverage(
            label=row["region__name"] or _("(no region)"), **{name: row[name] for name in COUNTS}
        )
        for row in rows
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
    targets, the pace forecast. Four queries (three with `below`)."""
    targets = with_term_state(targets_in_scope(user, term, below=below), term)
    total = TermCoverage(**targets.aggregate(**COUNTS))
    found, rounds_left = (None, []) if below else _forecast(term, total, today)
    return TermPage(
        term=term,
        below=below,
        total=total,
        by_category=_by_category(targets),
        by_region=_by_region(targets),
        forecast=found,
        rounds_left=rounds_left,
    )


def uncovered_targets(user, term, *, below=False):
    """Targets in scope not yet covered in the term, with `last_inspected` (any term), the
    never-inspected first, then the longest ago."""
    targets = with_term_state(targets_in_scope(user, term, below=below), term)
    return (
        targets.filter(covered_in_term=False)
        .annotate(last_inspected=last_inspected())
        .select_related("region", "office")
        .order_by(F("last_inspected").asc(nulls_first=True), "code", "pk")
    )
