"""Where a target stands in a term, for planning its rounds. The term's figures are in the
coverage app, which builds on these definitions."""

from django.db.models import Exists, OuterRef, Subquery

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


def with_term_coverage(targets, *, term):
    """Targets annotated for planning the term's next rounds, in two subqueries per row:

    `is_covered`: a team has been on site there in a round of the term that was not cancelled
    (有形覆盖);
    `last_inspected`: the planned start of the latest round with an assignment at the target,
    any term (a cancelled round inspected nothing), or None when it was never inspected.
    """
    latest = (
        Assignment.objects.filter(target=OuterRef("pk"))
        .exclude(round__status=Round.Status.CANCELLED)
        .order_by("-round__planned_start")
        .values("round__planned_start")[:1]
    )
    in_term = Assignment.objects.filter(
        target=OuterRef("pk"), round__term=term, phase__in=VISIBLE_COVERAGE_PHASES
    ).exclude(round__status=Round.Status.CANCELLED)
    return targets.annotate(is_covered=Exists(in_term), last_inspected=Subquery(latest))
