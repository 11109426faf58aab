"""Who may move a supervision finding, and from which status: the one place both the services
and the pages read.

The visited office reports follow-up on an open or returned finding; the visiting office closes
a reported finding or returns it with a comment, after which the visited office reports again.
Only staff act; the leadership group of either office reads. A finding is overdue while it is
not closed after its due date, whatever else happened to it.
"""

from dataclasses import dataclass

from supervision.models import SupervisionFinding

Status = SupervisionFinding.Status


@dataclass(frozen=True)
class Step:
    to: str
    allowed_from: frozenset
    # Whose staff take the step: the office that made the visit or the office visited.
    by_side: str


UPPER, LOWER = "upper", "lower"

REPORT = Step(
    to=Status.REPORTED, allowed_from=frozenset({Status.OPEN, Status.RETURNED}), by_side=LOWER
)
CLOSE = Step(to=Status.CLOSED, allowed_from=frozenset({Status.REPORTED}), by_side=UPPER)
RETURN = Step(to=Status.RETURNED, allowed_from=frozenset({Status.REPORTED}), by_side=UPPER)

# A visit's record stands once one of its findings is closed: what was closed was judged on it.
VISIT_FROZEN_BY = Status.CLOSED


def office_of_side(visit, side):
    return visit.upper_office if side == UPPER else visit.lower_office
