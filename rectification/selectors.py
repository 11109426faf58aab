"""Reads of rectification, scoped to the person through the assignment it belongs to."""

from organisations.selectors import is_liaison, is_office_staff
from rectification.models import (
    Evaluation,
    ProgressAttachment,
    ProgressReport,
    RectificationItem,
    RectificationPlan,
)
from rounds.selectors import assignment_access, inspection_access


def may_write_plan(user, assignment):
    """The unit's liaison writes the plan and reports; the office may do it on its behalf."""
    return is_liaison(user, assignment.target) or is_office_staff(user, assignment.round.office)


def plans_visible_to(user):
    return RectificationPlan.objects.filter(assignment_access(user, "assignment"))


def items_visible_to(user):
    return RectificationItem.objects.filter(assignment_access(user, "plan__assignment"))


def progress_reports_visible_to(user):
    return ProgressReport.objects.filter(assignment_access(user, "item__plan__assignment"))


def progress_attachments_visible_to(user):
    return ProgressAttachment.objects.filter(
        assignment_access(user, "report__item__plan__assignment")
    )


def evaluations_visible_to(user):
    """The evaluation is the office's and the evaluating parties' business, not the unit's."""
    return Evaluation.objects.filter(inspection_access(user, "assignment"))
