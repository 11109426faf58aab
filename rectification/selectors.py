"""Reads of rectification, scoped to the person through the assignment it belongs to."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from organisations.selectors import is_liaison, is_office_staff
from rectification.clocks import policy_for
from rectification.models import (
    Evaluation,
    Filing,
    ProgressAttachment,
    ProgressReport,
    RectificationItem,
    RectificationPlan,
    RectificationReport,
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
