"""回头看: the office's targets whose rectification was weak (整改不力), candidates for a look-back
round when the office plans the next one.

By the office's policy an assignment is weak when
(a) its plan's concentrated rectification period has ended and the share of its fed-back
    problems that are rectified (rectification.progress) is below `weak_rate_below` percent, or
(b) one of its items was returned for rework at least `weak_returns` times.
Both are decided in one query, whatever the number of assignments.
"""

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce, NullIf

from organisations.models import Office
from organisations.selectors import viewer_of
from rectification.clocks import policy_for
from rectification.models import RectificationItem
from rectification.progress import rectification_state
from rounds.models import Finding
from rounds.selectors import assignments_visible_to


def office_looking_back(user):
    """The office whose candidates the person reads: its staff and its leadership group."""
    viewer = viewer_of(user)
    if not viewer.reads_office:
        return None
    return Office.objects.get(pk=viewer.office_id)


def _count(rows, link):
    """The number of `rows` for the outer assignment, which `link` points to."""
    counted = rows.order_by().values(link).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def lookback_candidates(user, office, today):
    """The office's assignments that are weak on `today`, with `fed_back`, `rectified`,
    `rate` (percent), `often_returned` (items returned at least `weak_returns` times) and
    which reason holds (`weak_rate`, `weak_returns`); the lowest rate first."""
    policy = policy_for(office)
    fed_back = Finding.objects.filter(assignment=OuterRef("pk"), status=Finding.Status.FED_BACK)
    rectified = fed_back.annotate(**rectification_state(today)).filter(is_rectified=True)
    often_returned = RectificationItem.objects.filter(
        plan__assignment=OuterRef("pk"), return_count__gte=policy.weak_returns
    )
    # Compared as whole numbers, rectified × 100 < threshold × fed back, so that no rounding
    # puts a target on either side of the line.
    low_rate = Q(fed_back__gt=0) & Q(
        rectified_hundredfold__lt=F("fed_back") * policy.weak_rate_below
    )
    return (
        assignments_visible_to(user)
        .filter(round__office=office)
        .select_related("round__term", "target", "rectification_plan")
        .annotate(
            fed_back=_count(fed_back, "assignment"),
            rectified=_count(rectified, "assignment"),
            often_returned=_count(often_returned, "plan__assignment"),
        )
        .annotate(
            rectified_hundredfold=F("rectified") * 100,
            rate=ExpressionWrapper(
                F("rectified") * 100.0 / NullIf(F("fed_back"), 0), output_field=FloatField()
            ),
        )
        .annotate(
            weak_rate=ExpressionWrapper(
                Q(rectification_plan__concentrated_until__lt=today) & low_rate,
                output_field=BooleanField(),
            ),
            weak_returns=ExpressionWrapper(Q(often_returned__gt=0), output_field=BooleanField()),
        )
        .filter(Q(weak_rate=True) | Q(weak_returns=True))
        .order_by(F("rate").asc(nulls_first=True), "target__name", "pk")
    )
