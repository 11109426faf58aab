"""What rectification asks of a person today, for the home page."""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from organisations.models import Liaison
from organisations.selectors import viewer_of
from rectification.models import RectificationItem, RectificationPlan
from rectification.progress import overdue_item
from rectification.selectors import items_visible_to, plans_visible_to
from rounds.models import Assignment
from rounds.selectors import assignments_visible_to

ItemStatus = RectificationItem.Status
PlanStatus = RectificationPlan.Status
DUE_SOON_DAYS = 7
# The unit's to do: items with an end that it has not yet claimed done.
OPEN_WITH_AN_END = Q(
    status__in=[ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS, ItemStatus.RETURNED]
) & ~Q(kind=RectificationItem.Kind.LONG_TERM)


@dataclass(frozen=True)
class Waiting:
    plans_to_write: int = 0
    plans_to_decide: int = 0
    items_to_verify: int = 0
    items_overdue: int = 0
    items_due_soon: int = 0

    def __bool__(self):
        return any(vars(self).values())


def rectification_waiting_for(user, today):
    """Counts for the unit's liaison (its plans and items) and the office (its decisions)."""
    viewer = viewer_of(user)
    liaison_targets = Liaison.objects.filter(user_id=viewer.user_id, active=True).values(
        "target_id"
    )
    counts = {}
    if viewer.user_id is not None and liaison_targets.exists():
        own_items = items_visible_to(user).filter(plan__assignment__target__in=liaison_targets)
        counts["plans_to_write"] = (
            assignments_visible_to(user)
            .filter(target__in=liaison_targets)
            .filter(
                Q(rectification_plan__isnull=True)
                | Q(rectification_plan__status__in=[PlanStatus.DRAFT, PlanStatus.RETURNED])
            )
            .exclude(phase=Assignment.Phase.CLOSED)
            .count()
        )
        # Counted as the ledger's "overdue only" counts them, claimed items included.
        counts["items_overdue"] = own_items.filter(overdue_item(today)).count()
        counts["items_due_soon"] = own_items.filter(
            OPEN_WITH_AN_END,
            deadline__gte=today,
            deadline__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
        ).count()
    if viewer.is_office_staff:
        office = Q(assignment__round__office_id=viewer.office_id)
        counts["plans_to_decide"] = (
            plans_visible_to(user).filter(office, status=PlanStatus.SUBMITTED).count()
        )
        counts["items_to_verify"] = (
            items_visible_to(user)
            .filter(plan__assignment__round__office_id=viewer.office_id)
            .filter(status=ItemStatus.CLAIMED)
            .count()
        )
    return Waiting(**counts)
