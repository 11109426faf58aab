"""Where a target stands in a term: the one definition of an assignment that covers a target in
a term (一届任期内全覆盖), which the planning pages, the term's coverage page and the roll-up
across levels all build on.

An assignment counts for a term when its round was not cancelled (a cancelled round inspected
nothing) and either the round is one of the term's, or, for a target of an office below the
term's office, the round is one of an office below and starts within the term's dates (lower
offices keep their own terms). Which offices are below is the caller's to say: the ids, read
once, let the database pick the lower rounds by their office instead of testing every target.
It covers the target (有形覆盖) once a team has been on site; effective coverage (有效覆盖,
coverage.selectors) asks for a later phase.
"""

from django.db.models import BooleanField, ExpressionWrapper, Max, OuterRef, Q, Subquery

from core.expressions import one_of
from organisations.models import Target
from rounds.models import Assignment, Round

Phase = Assignment.Phase
# 有形覆盖: a team has been on site at the target in a round of the term.
VISIBLE_COVERAGE_PHASES = [
    Phase.ON_SITE,
    Phase.REPORTING,
    Phase.FEEDBACK,
    Phase.RECTIFICATION,
    Phase.EVALUATION,
    Phase.CLOSED,
]


NOT_CANCELLED = ~Q(round__status=Round.Status.CANCELLED)


def in_phases(phases, prefix=""):
    """Q over assignments (at `prefix`): the phase is one of `phases`, asked as the shorter of
    the list and the phases left out. The coverage queries test the phase of every assignment
    in scope, and a team on site is every phase but one: one comparison instead of six took a
    tenth off the province's coverage page."""
    left_out = [phase for phase in Phase.values if phase not in phases]
    if len(left_out) < len(phases):
        return ~Q(**{f"{prefix}phase__in": left_out})
    return Q(**{f"{prefix}phase__in": phases})


def _lower_rounds(term, offices_below):
    """Q over assignments: a round of one of `offices_below` (ids) starting within the term's
    dates; it counts for the term at the targets of the offices below only."""
    return Q(
        round__planned_start__gte=term.starts_on, round__planned_start__lte=term.ends_on
    ) & one_of("round__office_id", offices_below)


def counts_for_term(term, offices_below=()):
    """Q over assignments: the assignment counts for `term`, whose own rounds always do, and
    so do those of `offices_below` (ids of offices under the term's office) at their targets.

    `term` is a Term, or an expression for one (OuterRef("current_term")) when each target is
    read in its own office's term: then there are no offices below to name, since only the
    term's own rounds count at the office's own targets."""
    rounds = Q(round__term=term)
    if offices_below:
        rounds |= _lower_rounds(term, offices_below) & ~Q(target__office_id=term.office_id)
    return rounds & NOT_CANCELLED


def assignments_counting_for(term, offices_below=()):
    """The assignments, at any target and in any phase, that count for `term`."""
    return Assignment.objects.filter(counts_for_term(term, offices_below))


def covered(term, phases=VISIBLE_COVERAGE_PHASES, offices_below=()):
    """Q over targets: an assignment that counts for `term` (counts_for_term, the same rule)
    has reached one of `phases` there.

    Asked as membership of two sets of target ids, which the database builds once per query
    and hashes: the targets of the term's own rounds, and, for a target of an office below,
    those inspected in the rounds of `offices_below` within the term's dates. A subquery per
    target took most of a province's coverage page; picking the lower rounds by their
    targets, rather than by their offices, took a quarter of it."""
    in_phase = Assignment.objects.filter(NOT_CANCELLED, in_phases(phases))
    condition = Q(pk__in=in_phase.filter(round__term=term).values("target_id"))
    if offices_below:
        lower = in_phase.filter(_lower_rounds(term, offices_below)).values("target_id")
        condition |= ~Q(office_id=term.office_id) & Q(pk__in=lower)
    return condition


def with_term_coverage(targets, *, term):
    """Targets annotated for planning the term's next rounds with `is_covered`: a team has been
    on site there in an assignment that counts for the term (有形覆盖, see `covered`). When
    each was last inspected, any term, is the target's own `last_inspected_on`."""
    return targets.annotate(
        is_covered=ExpressionWrapper(covered(term), output_field=BooleanField())
    )


def _latest_round_start():
    """Subquery over targets: the planned start of the latest round, of any term, with an
    assignment at the target; None when it was never inspected. A cancelled round inspected
    nothing."""
    return Subquery(
        Assignment.objects.filter(target=OuterRef("pk"))
        .exclude(round__status=Round.Status.CANCELLED)
        .order_by()
        .values("target")
        .annotate(latest=Max("round__planned_start"))
        .values("latest")
    )


def last_inspected_refresh(target_ids):
    """Work out `Target.last_inspected_on` again for the targets (ids), in the transaction of
    the service that assigned them or cancelled their round. One statement for all of them."""
    Target.objects.filter(pk__in=target_ids).update(last_inspected_on=_latest_round_start())


def last_inspected_refresh_all(batch=20_000):
    """Work out every target's last inspection, a batch of ids at a time: for a database filled
    without the services (its first migration to the field, the benchmark's loader)."""
    ids = Target.objects.order_by("pk").values_list("pk", flat=True)
    last = 0
    while chunk := list(ids.filter(pk__gt=last)[:batch]):
        last_inspected_refresh(chunk)
        last = chunk[-1]
