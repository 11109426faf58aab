"""Reads of rectification, scoped to the person through the assignment it belongs to."""

import datetime
import functools
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from core.transitions import history as status_changes
from organisations.models import Liaison
from organisations.selectors import is_liaison, is_office_staff
from rectification.clocks import deadline, plan_clocks, policy_for
from rectification.models import (
    PLAN_EDITABLE,
    PLAN_IN_FORCE,
    Evaluation,
    Filing,
    ProgressAttachment,
    ProgressReport,
    RectificationItem,
    RectificationPlan,
    RectificationReport,
)
from rectification.progress import overdue_item
from rounds.feedback_selectors import FINDING_ORDER
from rounds.models import Assignment, Finding
from rounds.selectors import (
    assignment_access,
    findings_visible_to,
    inspection_access,
    seen_only_as_unit,
)


def may_write_plan(user, assignment):
    """The unit's liaison writes the plan and reports; the office may do it on its behalf."""
    return is_liaison(user, assignment.target) or is_office_staff(user, assignment.round.office)


def plans_visible_to(user):
    return RectificationPlan.objects.filter(assignment_access(user, "assignment"))


def items_visible_to(user, *, counting=False):
    """`counting`: the same items, asked as a count asks them fastest."""
    access = assignment_access(user, "plan__assignment", counting=counting, office="office_id")
    return RectificationItem.objects.filter(access)


def progress_reports_visible_to(user):
    return ProgressReport.objects.filter(assignment_access(user, "item__plan__assignment"))


def progress_attachments_visible_to(user):
    return ProgressAttachment.objects.filter(
        assignment_access(user, "report__item__plan__assignment")
    )


def evaluations_visible_to(user):
    """The evaluation is the office's and the evaluating parties' business, not the unit's."""
    return Evaluation.objects.filter(inspection_access(user, "assignment"))


def reports_visible_to(user):
    return RectificationReport.objects.filter(assignment_access(user, "assignment"))


def filings_visible_to(user):
    return Filing.objects.filter(assignment_access(user, "assignment"))


@dataclass(frozen=True)
class EvaluationResult:
    """The overall result: the parties' scores weighted by the office's scheme."""

    score: Decimal | None
    grade: str | None
    parties: int

    @property
    def grade_label(self):
        return Evaluation.Grade(self.grade).label if self.grade else ""


def evaluation_result(assignment, evaluations):
    """Weighted mean over the parties that have evaluated; weights of absent parties drop out."""
    policy = policy_for(assignment.round.office)
    weighed = [(policy.weight_of(e.party), e.score) for e in evaluations]
    total_weight = sum(weight for weight, _score in weighed)
    if not total_weight:
        return EvaluationResult(score=None, grade=None, parties=len(weighed))
    score = (sum(weight * score for weight, score in weighed) / total_weight).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return EvaluationResult(score=score, grade=policy.grade_for(score), parties=len(weighed))


# The rectification pages: the unit's portal and the office's decisions ---------------------

PlanStatus = RectificationPlan.Status
ItemStatus = RectificationItem.Status
# Items that still need work or a decision (progress.py counts the same ones as not rectified).
ITEM_OPEN = (
    ItemStatus.NOT_STARTED,
    ItemStatus.IN_PROGRESS,
    ItemStatus.CLAIMED,
    ItemStatus.RETURNED,
)
NOT_OPENED = "not_opened"


def rectification_assignments(user, today):
    """Assignments with feedback that the person sees, each with its plan, feedback, whether the
    unit's report is filed, and the counts of its items open, closed and overdue on `today`."""
    items = "rectification_plan__items__"
    unit_report = RectificationReport.objects.filter(
        assignment=OuterRef("pk"), kind=RectificationReport.Kind.UNIT
    )
    return (
        Assignment.objects.filter(assignment_access(user), feedback__isnull=False)
        .select_related(
            "round__term",
            "round__office__rectification_policy",
            "target",
            "feedback",
            "rectification_plan",
        )
        .annotate(
            items_open=Count(
                "rectification_plan__items", filter=Q(**{f"{items}status__in": ITEM_OPEN})
            ),
            items_closed=Count(
                "rectification_plan__items", filter=Q(**{f"{items}status": ItemStatus.CLOSED})
            ),
            items_overdue=Count("rectification_plan__items", filter=overdue_item(today, items)),
            report_filed=Exists(unit_report),
        )
        .order_by("-feedback__delivered_on", "target__name", "pk")
    )


@dataclass(frozen=True)
class PlanDeadlines:
    """The plan's dates, or those it will have once opened, and which of them have passed."""

    due_on: datetime.date
    report_due_on: datetime.date
    concentrated_until: datetime.date
    plan_overdue: bool
    report_overdue: bool
    concentrated_over: bool


def plan_of(assignment):
    try:
        return assignment.rectification_plan
    except RectificationPlan.DoesNotExist:
        return None


def plan_deadlines(assignment, *, today, report_filed, clocks=plan_clocks):
    """`clocks` may be a cached plan_clocks, so that a list computes each round's dates once."""
    plan = plan_of(assignment)
    dates = plan or clocks(assignment.round, assignment.feedback.delivered_on)
    return PlanDeadlines(
        due_on=dates.due_on,
        report_due_on=dates.report_due_on,
        concentrated_until=dates.concentrated_until,
        plan_overdue=(plan is None or plan.status in PLAN_EDITABLE) and dates.due_on < today,
        report_overdue=not report_filed and dates.report_due_on < today,
        concentrated_over=dates.concentrated_until < today,
    )


def overdue_condition(assignments, today):
    """Which of `assignments` (rectification_assignments rows) have something overdue: an item,
    the plan, or the unit's report. A plan not yet opened has its dates computed from the
    office's clocks, which the database cannot do, so those rows are checked here one by one."""
    condition = Q(
        Exists(
            RectificationItem.objects.filter(overdue_item(today), plan__assignment=OuterRef("pk"))
        )
    )
    condition |= Q(
        rectification_plan__status__in=PLAN_EDITABLE, rectification_plan__due_on__lt=today
    )
    condition |= Q(report_filed=False, rectification_plan__report_due_on__lt=today)
    clocks = functools.cache(plan_clocks)
    unopened = [
        assignment.pk
        for assignment in assignments.filter(rectification_plan__isnull=True)
        if plan_deadlines(assignment, today=today, report_filed=False, clocks=clocks).plan_overdue
    ]
    return condition | Q(pk__in=unopened)


def mark_item(item, today):
    """What the pages say about one item on `today`."""
    item.is_live = item.status != ItemStatus.WITHDRAWN
    late = (
        item.status in ITEM_OPEN
        and item.kind != RectificationItem.Kind.LONG_TERM
        and item.deadline < today
    )
    item.days_overdue = (today - item.deadline).days if late else 0
    return item


def plan_findings(user, assignment, plan, today):
    """The fed-back findings the person sees, in the office's order, each with the plan's items
    for it (`plan_items`, withdrawn ones included for the record) and `has_measure`."""
    items = (
        items_visible_to(user).filter(plan=plan).order_by("deadline", "pk")
        if plan is not None
        else RectificationItem.objects.none()
    )
    findings = list(
        findings_visible_to(user)
        .filter(assignment=assignment, status=Finding.Status.FED_BACK)
        .select_related("category")
        .prefetch_related(Prefetch("rectification_items", items, to_attr="plan_items"))
        .order_by(*FINDING_ORDER)
    )
    for finding in findings:
        for item in finding.plan_items:
            mark_item(item, today)
        finding.has_measure = any(item.is_live for item in finding.plan_items)
    return findings


def findings_to_measure(user, plan):
    """The findings a measure of the plan may be written against: those fed back to the unit."""
    return (
        findings_visible_to(user)
        .filter(assignment_id=plan.assignment_id, status=Finding.Status.FED_BACK)
        .order_by(*FINDING_ORDER)
    )


def return_comment(instance):
    """Why the office last returned the plan or item: the unit must see what to fix."""
    change = (
        status_changes(instance)
        .filter(field="status", to_value=type(instance).Status.RETURNED)
        .order_by("-at", "-pk")
        .first()
    )
    return change.comment if change else ""


def item_list_for_page(user):
    return items_visible_to(user).select_related(
        "plan__assignment__round__office__rectification_policy",
        "plan__assignment__round__term",
        "plan__assignment__target",
        "plan__assignment__feedback",
        "finding__category",
    )


def progress_of(user, item):
    """The item's reports, oldest first, each with the attachments the person may open."""
    return (
        progress_reports_visible_to(user)
        .filter(item=item)
        .select_related("by__profile")
        .prefetch_related(
            Prefetch("attachments", progress_attachments_visible_to(user).order_by("pk"))
        )
        .order_by("created_at", "pk")
    )


def progress_list(user):
    """Reports the person may see, each with the attachments they may open, and two columns for
    naming who filed it as the item page does (liaisons_of, sees_only_as_unit): `by_the_unit`,
    filed by a liaison of the item's unit, and `as_unit`, read only as that unit."""
    by_the_unit = Liaison.objects.filter(
        target=OuterRef("item__plan__assignment__target"), user=OuterRef("by")
    )
    return (
        progress_reports_visible_to(user)
        .select_related("by__profile")
        .prefetch_related(
            Prefetch("attachments", progress_attachments_visible_to(user).order_by("pk"))
        )
        .annotate(
            by_the_unit=Exists(by_the_unit),
            as_unit=seen_only_as_unit(user, "item__plan__assignment"),
        )
    )


def next_periodic_report_due(item):
    """长期坚持: a long-term item reports every `long_term_report_months` of the office's policy,
    counted from its last report, or from the plan's submission before the first one."""
    if item.kind != RectificationItem.Kind.LONG_TERM or item.plan.submitted_at is None:
        return None
    last = item.last_progress_at or item.plan.submitted_at
    policy = policy_for(item.plan.assignment.round.office)
    return deadline(policy, timezone.localdate(last), policy.long_term_report_months)


def liaisons_of(target):
    """User ids of the target's liaisons: the unit sees its own people's names, not the office's."""
    return set(Liaison.objects.filter(target=target).values_list("user_id", flat=True))


ITEM_ACTIONS = ("edit", "report", "claim", "verify", "reopen")


def item_actions(user, item):
    """What this person may do with this item now (the services decide; this offers)."""
    Status = RectificationItem.Status
    writes = may_write_plan(user, item.plan.assignment)
    at_work = item.plan.status in PLAN_IN_FORCE and item.status in (
        Status.NOT_STARTED,
        Status.IN_PROGRESS,
        Status.RETURNED,
    )
    actions = []
    if writes and item.plan.status in PLAN_EDITABLE and item.status != Status.WITHDRAWN:
        actions.append("edit")
    if writes and at_work:
        actions.append("report")
        if item.kind != RectificationItem.Kind.LONG_TERM:
            actions.append("claim")
    if is_office_staff(user, item.plan.assignment.round.office):
        if item.status == Status.CLAIMED:
            actions.append("verify")
        if item.status == Status.CLOSED:
            actions.append("reopen")
    return actions
