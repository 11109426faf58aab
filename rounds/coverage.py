"""Where a target stands in a term: the one definition of an assignment that covers a target in
a term (一届任期内全覆盖), which the planning pages, the term's coverage page and the roll-up
across levels all build on.

An assignment counts for a term when its round was not cancelled (a cancelled round inspected
nothing) and either the round is one of the term's, or, for a target of an office below the
term's office, the round is another office's and starts within the term's dates (lower offices
keep their own terms). It covers the target (有形覆盖) once a team has been on site; effective
coverage (有效覆盖, coverage.selectors) asks for a later phase.
"""

from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q, Subquery

from rounds.models import Assignment, Round, Term

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


def _lower_rounds(term):
    """Q over assignments: a round of another office starting within the term's dates; it
    counts for the term at the targets of the offices below only."""
    within = Q(round__planned_start__gte=term.starts_on, round__planned_start__lte=term.ends_on)
    return within & ~Q(round__office_id=term.office_id)


def counts_for_term(term):
    """Q over assignments: the assignment counts for `term`, whose own rounds always do.

    `term` is a Term, or an expression for one (OuterRef("current_term")) when each target is
    read in its own office's term: then only the term's own rounds can count, since the rule
    for the rounds of other offices applies to the targets of the offices below only."""
    rounds = Q(round__term=term)
    if isinstance(term, Term):
        rounds |= _lower_rounds(term) & ~Q(target__office_id=term.office_id)
    return rounds & NOT_CANCELLED


def assignments_counting_for(term):
    """The assignments, at any target and in any phase, that count for `term`."""
    return Assignment.objects.filter(counts_for_term(term))


def covered(targets, term, phases=VISIBLE_COVERAGE_PHASES):
    """Q over `targets` (a queryset of Target): an assignment that counts for `term`
    (counts_for_term, the same rule) has reached one of `phases` there.

    Asked as membership of two sets of target ids, which the database builds once per query
    and hashes: the targets of the term's own rounds, and those of `targets` of the offices
    below inspected in another office's round within the term's dates. A subquery per target
    took most of a province's coverage page."""
    in_phase = Assignment.objects.filter(NOT_CANCELLED, phase__in=phases)
    condition = Q(pk__in=in_phase.filter(round__term=term).values("target_id"))
    if isinstance(term, Term):
        below = targets.exclude(office_id=term.office_id).values("pk")
        lower = in_phase.filter(_lower_rounds(term), target__in=below)
        condition |= Q(pk__in=lower.values("target_id"))
    return condition


def with_term_coverage(targets, *, term):
    """Targets annotated for planning the term's next rounds:

    `is_covered`: a team has been on site there in an assignment that counts for the term
    (有形覆盖, see `covered`);
    `last_inspected`: the planned start of the latest round with an assignment at the target,
    any term (a cancelled round inspected nothing), or None when it was never inspected.
    """
    return targets.annotate(
        is_covered=ExpressionWrapper(covered(targets, term), output_field=BooleanField()),
        last_inspected=last_inspected(),
    )


def last_inspected(target="pk"):
    """The planned start of the latest round, of any term, with an assignment at the target
    OuterRef(`target`); None when it was never inspected. A cancelled round inspected nothing."""
    latest = (
        Assignment.objects.filter(target=OuterRef(target))
        .exclude(round__status=Round.Status.CANCELLED)
        .order_by("-round__planned_start")
        .values("round__planned_start")[:1]
    )
    return Subquery(latest)
