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
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate

from rectification.models import ProgressReport, RectificationItem

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


def problem_state(today):
    """The same rule as `rectification_state`, as one value per finding: RECTIFIED, LATE,
    OVERDUE or IN_PROGRESS on `today`, read from its live items in one pass.

    For counting many problems by where they stand: grouped by this value, each problem's items
    are read once, where the five EXISTS of `rectification_state` probe them for every count
    (a province's rates by round took 180 ms that way)."""
    with_an_end = ~Q(kind=Kind.LONG_TERM)
    reported = Exists(ProgressReport.objects.filter(item=OuterRef("pk")))
    unfinished = (with_an_end & ~Q(status=ItemStatus.CLOSED)) | (
        Q(kind=Kind.LONG_TERM) & ~Q(reported)
    )
    closed_late = with_an_end & Q(status=ItemStatus.CLOSED, closed_on__gt=F("deadline"))
    counted = (
        _live_items("pk")
        .alias(closed_on=TruncDate("closed_at"))
        .order_by()
        .values("finding")
        .annotate(
            overdue=Count("pk", filter=overdue_item(today)),
            unfinished=Count("pk", filter=unfinished),
            late=Count("pk", filter=closed_late),
        )
        .annotate(
            state=Case(
                When(overdue__gt=0, then=Value(OVERDUE)),
                When(unfinished__gt=0, then=Value(IN_PROGRESS)),
                When(late__gt=0, then=Value(LATE)),
                default=Value(RECTIFIED),
            )
        )
        .values("state")
    )
    # A problem with no live item has no row here: not rectified, nothing overdue.
    return Coalesce(Subquery(counted, output_field=CharField()), Value(IN_PROGRESS))
