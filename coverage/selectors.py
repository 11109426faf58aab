from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from organisations.models import Target
from rounds.coverage import VISIBLE_COVERAGE_PHASES
from rounds.models import Assignment

Phase = Assignment.Phase
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
