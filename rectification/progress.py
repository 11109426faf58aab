"""When a fed-back problem counts as rectified: the one definition behind every rate and flag.

A fed-back finding is rectified when its plan holds at least one live (not withdrawn) item for
it, every live item with an end is closed (销号), and every long-term item (长期坚持) has been
reported on at least once. It was rectified late when one of its items was closed after its
deadline. It is overdue when an item with an end is still open past its deadline.
"""

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import TruncDate

from rectification.models import ProblemState, ProgressReport, RectificationItem

ItemStatus = RectificationItem.Status
Kind = RectificationItem.Kind

# Where a fed-back problem stands (problem_state): rectified on time, rectified late, overdue,
# or still in progress.
RECTIFIED = "rectified"
LATE = "late"
OVERDUE = "overdue"
IN_PROGRESS = "in_progress"


def overdue_item(today, prefix=""):
    """An item (at `prefix`) with an end, neither closed nor withdrawn, past its deadline; a
    claimed item stays overdue until the office closes it."""
    return (
        ~Q(**{f"{prefix}kind": Kind.LONG_TERM})
        & ~Q(**{f"{prefix}status__in": [ItemStatus.CLOSED, ItemStatus.WITHDRAWN]})
        & Q(**{f"{prefix}deadline__lt": today})
    )


def _live_items(finding_path):
    return RectificationItem.objects.filter(finding=OuterRef(finding_path)).exclude(
        status=ItemStatus.WITHDRAWN
    )


def _with_an_end(finding_path):
    return _live_items(finding_path).exclude(kind=Kind.LONG_TERM)


def rectification_state(today, finding_path="pk"):
    """Annotations for a queryset of findings (the finding at `finding_path`):
    `is_rectified`, `is_rectified_late` and `is_overdue` on `today`."""
    has_items = Exists(_live_items(finding_path))
    open_with_an_end = Exists(_with_an_end(finding_path).exclude(status=ItemStatus.CLOSED))
    long_term_unreported = Exists(
        _live_items(finding_path).filter(kind=Kind.LONG_TERM, progress_reports__isnull=True)
    )
    closed_late = Exists(
        _with_an_end(finding_path)
        .filter(status=ItemStatus.CLOSED)
        .annotate(closed_on=TruncDate("closed_at"))
        .filter(closed_on__gt=F("deadline"))
    )
    overdue = Exists(_live_items(finding_path).filter(overdue_item(today)))
    is_rectified = has_items & ~open_with_an_end & ~long_term_unreported
    return {
        "is_rectified": ExpressionWrapper(Q(is_rectified), output_field=BooleanField()),
        "is_rectified_late": ExpressionWrapper(
            Q(is_rectified) & Q(closed_late), output_field=BooleanField()
        ),
        "is_overdue": ExpressionWrapper(Q(overdue), output_field=BooleanField()),
    }


def _standing(today, prefix, in_progress=None):
    """RECTIFIED, LATE, OVERDUE or IN_PROGRESS on `today` from a ProblemState (at `prefix`);
    `in_progress` (a Q) adds what else leaves a problem in progress."""
    unfinished = Q(**{f"{prefix}unfinished": True})
    return Case(
        When(Q(**{f"{prefix}open_deadline__lt": today}), then=Value(OVERDUE)),
        When(
            unfinished if in_progress is None else in_progress | unfinished, then=Value(IN_PROGRESS)
        ),
        When(Q(**{f"{prefix}closed_late": True}), then=Value(LATE)),
        default=Value(RECTIFIED),
        output_field=CharField(),
    )


def problem_state(today):
    """The same rule as `rectification_state`, as one value per finding: RECTIFIED, LATE,
    OVERDUE or IN_PROGRESS on `today`, read from the finding's ProblemState (one joined row,
    kept by `problem_states_refresh`).

    For counting many problems by where they stand: reading each problem's measures took a
    province's dashboard some 80 ms for 20,000 problems, where one row each takes a few."""
    # A problem with no live item has no row: not rectified, nothing overdue.
    return _standing(today, "problem_state__", in_progress=Q(problem_state__isnull=True))


def state_standing(today):
    """`problem_state` for a queryset of ProblemState rows themselves (every problem with a
    live item)."""
    return _standing(today, "")


def problem_states_refresh(finding_ids):
    """Work out again, from their live items, where the problems `finding_ids` stand (their
    ProblemState); a problem left with no live item loses its row. Every service that changes
    an item calls it in its transaction, for the item's problem. Three queries."""
    ids = list(finding_ids)
    with_an_end = ~Q(kind=Kind.LONG_TERM)
    open_with_an_end = with_an_end & ~Q(status=ItemStatus.CLOSED)
    reported = Exists(ProgressReport.objects.filter(item=OuterRef("pk")))
    not_done = open_with_an_end | (Q(kind=Kind.LONG_TERM) & ~Q(reported))
    closed_late = with_an_end & Q(status=ItemStatus.CLOSED, closed_on__gt=F("deadline"))
    rows = (
        RectificationItem.objects.filter(finding_id__in=ids)
        .exclude(status=ItemStatus.WITHDRAWN)
        .alias(closed_on=TruncDate("closed_at"))
        .order_by()
        .values("finding_id", "finding__assignment__round_id", "finding__category_id")
        .annotate(
            open_deadline=Min("deadline", filter=open_with_an_end),
            unfinished=Count("pk", filter=not_done),
            late=Count("pk", filter=closed_late),
        )
    )
    states = [
        ProblemState(
            finding_id=row["finding_id"],
            round_id=row["finding__assignment__round_id"],
            category_id=row["finding__category_id"],
            open_deadline=row["open_deadline"],
            unfinished=row["unfinished"] > 0,
            closed_late=row["late"] > 0,
        )
        for row in rows
    ]
    kept = [state.finding_id for state in states]
    ProblemState.objects.filter(finding_id__in=ids).exclude(finding_id__in=kept).delete()
    ProblemState.objects.bulk_create(
        states,
        update_conflicts=True,
        unique_fields=["finding"],
        update_fields=["round", "category", "open_deadline", "unfinished", "closed_late"],
    )


def problem_states_refresh_all(batch=5000):
    """`problem_states_refresh` for every problem with items, `batch` problems at a time: for a
    database whose items were written without the services (an upgrade, a bulk load)."""
    findings = (
        RectificationItem.objects.order_by("finding_id")
        .values_list("finding_id", flat=True)
        .distinct()
    )
    last = 0
    while ids := list(findings.filter(finding_id__gt=last)[:batch]):
        problem_states_refresh(ids)
        last = ids[-1]
