from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Subquery

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
# 有效覆盖: the assignment went all the way through feedback and the evaluation of rectification.
EFFECTIVE_COVERAGE_PHASES = [Phase.CLOSED]


@dataclass(frozen=True)
class TermCoverage:
    targets: int
    covered: int
    effectively_covered: int

    @property
    def rate(self):
        return self.covered / self.targets if self.targets else 0.0


def term_coverage(*, term):
    """How many of the office's active targets were inspected in the term, in one query."""
    in_term = Assignment.objects.filter(target=OuterRef("pk"), round__term=term)
    return TermCoverage(
        **Target.objects.filter(office=term.office, active=True)
        .annotate(
            is_covered=Exists(in_term.filter(phase__in=VISIBLE_COVERAGE_PHASES)),
            is_effective=Exists(in_term.filter(phase__in=EFFECTIVE_COVERAGE_PHASES)),
        )
        .aggregate(
            targets=Count("pk"),
            covered=Count("pk", filter=Q(is_covered=True)),
            effectively_covered=Count("pk", filter=Q(is_effective=True)),
        )
    )


def with_term_coverage(targets, *, term):
    """Targets annotated for planning the term's next rounds, in two subqueries per row:

    `is_covered`: a team has been on site there in a round of the term (有形覆盖);
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
    )
    return targets.annotate(is_covered=Exists(in_term), last_inspected=Subquery(latest))
