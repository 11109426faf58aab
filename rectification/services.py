"""State changes of rectification: plans, items, progress, evaluation and closure.

Each public function is one domain action in one transaction; each status or phase change has
exactly one function that decides it.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError, NotAllowed, TransitionError
from core.history import domain_action
from core.transitions import lock, move
from core.uploads import checked_upload, remember_stored
from organisations.selectors import is_office_staff
from rectification.clocks import plan_clocks
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
from rectification.progress import problem_states_refresh
from rectification.selectors import may_write_plan
from rounds.models import Assignment, Feedback, Finding

Phase = Assignment.Phase
PlanStatus = RectificationPlan.Status
ItemStatus = RectificationItem.Status


def _require_writer(user, assignment):
    if not may_write_plan(user, assignment):
        raise NotAllowed(_("Only the unit's liaison or the office may do this."))


def _require_office_staff(user, assignment):
    if not is_office_staff(user, assignment.round.office):
        raise NotAllowed(
            _("Only staff of %(office)s may do this.") % {"office": assignment.round.office}
        )


@domain_action
def plan_open(*, assignment, by):
    """Open the rectification plan; its clocks run from the feedback date by the office policy."""
    assignment = (
        Assignment.objects.select_for_update().select_related("round__office").get(pk=assignment.pk)
    )
    _require_writer(by, assignment)
    existing = RectificationPlan.objects.filter(assignment=assignment).first()
    if existing:
        return existing
    try:
        fed_back_on = assignment.feedback.delivered_on
    except Feedback.DoesNotExist:
        raise DomainError(_("There is no feedback yet, so no plan."), code="phase") from None
    clocks = plan_clocks(assignment.round, fed_back_on)
    return RectificationPlan.objects.create(
        assignment=assignment,
        due_on=clocks.due_on,
        report_due_on=clocks.report_due_on,
        concentrated_until=clocks.concentrated_until,
    )


def _lock_editable_plan(plan, by):
    plan = lock(plan)
    _require_writer(by, plan.assignment)
    if plan.status not in PLAN_EDITABLE:
        raise DomainError(
            _("The plan is %(status)s; its items can no longer be changed.")
            % {"status": plan.get_status_display()},
            code="status",
        )
    return plan


def _check_item(plan, *, finding, measure, responsible_unit, responsible_person, deadline):
    if finding.assignment_id != plan.assignment_id or finding.status != Finding.Status.FED_BACK:
        raise DomainError(_("Choose a finding fed back to this unit."), code="finding")
    if not measure.strip():
        raise DomainError(_("Describe the measure."), code="measure")
    if not responsible_unit.strip() or not responsible_person.strip():
        raise DomainError(_("Name the responsible unit and person."), code="responsible")
    if deadline < plan.assignment.feedback.delivered_on:
        raise DomainError(_("The deadline cannot be before the feedback."), code="deadline")


@domain_action
def item_add(
    *,
    plan,
    by,
    finding,
    measure,
    responsible_unit,
    responsible_person,
    deadline,
    kind=RectificationItem.Kind.IN_PERIOD,
):
    plan = _lock_editable_plan(plan, by)
    fields = {
        "finding": finding,
        "measure": measure,
        "responsible_unit": responsible_unit,
        "responsible_person": responsible_person,
        "deadline": deadline,
    }
    _check_item(plan, **fields)
    fields.update(
        measure=measure.strip(),
        responsible_unit=responsible_unit.strip(),
        responsible_person=responsible_person.strip(),
    )
    item = RectificationItem.objects.create(
        plan=plan, office_id=plan.assignment.round.office_id, kind=kind, **fields
    )
    _problem_changed(item)
    return item


@domain_action
def item_update(*, item, by, measure, responsible_unit, responsible_person, deadline, kind):
    """Change an item's measure while its plan is a draft or was returned."""
    item = lock(item)
    plan = _lock_editable_plan(item.plan, by)
    if item.status == ItemStatus.WITHDRAWN:
        raise DomainError(_("The item was withdrawn."), code="status")
    _check_item(
        plan,
        finding=item.finding,
        measure=measure,
        responsible_unit=responsible_unit,
        responsible_person=responsible_person,
        deadline=deadline,
    )
    item.measure = measure.strip()
    item.responsible_unit = responsible_unit.strip()
    item.responsible_person = responsible_person.strip()
    item.deadline = deadline
    item.kind = kind
    item.save()
    _problem_changed(item)
    return item


@domain_action
def item_withdraw(*, item, by, reason=""):
    """Take an item out of a plan that has not been accepted; it stays on record."""
    item = lock(item)
    _lock_editable_plan(item.plan, by)
    item = move(
        instance=item,
        to=ItemStatus.WITHDRAWN,
        allowed_from={ItemStatus.NOT_STARTED},
        by=by,
        comment=reason,
    )
    _problem_changed(item)
    return item


@domain_action
def plan_submit(*, plan, by, signed_by_name, signed_at, signed_scan=None):
    """Submit the plan with the top official's sign-off; every fed-back finding needs an item."""
    plan = lock(plan)
    _require_writer(by, plan.assignment)
    if not signed_by_name.strip():
        raise DomainError(_("Name the top official who signed the plan."), code="signature")
    if signed_at is None:
        raise DomainError(_("Give the date the top official signed the plan."), code="signature")
    if signed_at > timezone.now():
        raise DomainError(_("The signature cannot be dated in the future."), code="signature")
    uncovered = list(
        plan.assignment.findings.filter(status=Finding.Status.FED_BACK)
        .exclude(rectification_items__in=plan.items.exclude(status=ItemStatus.WITHDRAWN))
        .values_list("number", flat=True)
    )
    if uncovered:
        raise DomainError(
            _("These findings have no measure yet: %(numbers)s.")
            % {"numbers": "、".join(uncovered)},
            code="coverage",
        )
    also = {
        "signed_by_name": signed_by_name.strip(),
        "signed_at": signed_at,
        "submitted_by": by,
        "submitted_at": timezone.now(),
    }
    if signed_scan is not None:
        checked_upload(signed_scan)
        also["signed_scan"] = signed_scan
    return move(
        instance=plan, to=PlanStatus.SUBMITTED, allowed_from=PLAN_EDITABLE, by=by, also=also
    )


@domain_action
def plan_accept(*, plan, by, comment=""):
    plan = lock(plan)
    _require_office_staff(by, plan.assignment)
    return move(
        instance=plan,
        to=PlanStatus.ACCEPTED,
        allowed_from={PlanStatus.SUBMITTED},
        by=by,
        comment=comment,
        also={"decided_by": by, "decided_at": timezone.now()},
    )


@domain_action
def plan_return(*, plan, by, comment):
    plan = lock(plan)
    _require_office_staff(by, plan.assignment)
    if not comment.strip():
        raise DomainError(_("Say what the plan must change."), code="comment")
    return move(
        instance=plan,
        to=PlanStatus.RETURNED,
        allowed_from={PlanStatus.SUBMITTED},
        by=by,
        comment=comment,
        also={"decided_by": by, "decided_at": timezone.now()},
    )


def _problem_changed(item):
    """The item's problem stands where its live items now put it (its ProblemState)."""
    problem_states_refresh([item.finding_id])


def _file_report(*, item, by, kind, text, attachments):
    if not text.strip():
        raise DomainError(_("Write what was done."), code="text")
    checked = [(upload, *checked_upload(upload)) for upload in attachments]
    report = ProgressReport.objects.create(item=item, kind=kind, text=text.strip(), by=by)
    for upload, content_type, size in checked:
        attachment = ProgressAttachment.objects.create(
            report=report, file=upload, name=upload.name, content_type=content_type, size=size
        )
        remember_stored(attachment.file)
    item.last_progress_at = report.created_at
    item.save(update_fields=["last_progress_at", "updated_at"])
    return report


def _lock_item_in_force(item, by):
    item = (
        RectificationItem.objects.select_for_update()
        .select_related("plan__assignment__round__office", "plan__assignment__target")
        .get(pk=item.pk)
    )
    _require_writer(by, item.plan.assignment)
    if item.plan.status not in PLAN_IN_FORCE:
        raise DomainError(_("Report on items once the plan has been submitted."), code="plan")
    if item.status == ItemStatus.WITHDRAWN:
        raise DomainError(_("The item was withdrawn."), code="status")
    return item


@domain_action
def progress_report(*, item, by, text, attachments=()):
    """Report progress; the first report starts the item. Long-term items file periodic reports."""
    item = _lock_item_in_force(item, by)
    if item.status in (ItemStatus.CLOSED, ItemStatus.CLAIMED):
        raise DomainError(
            _("The item is %(status)s; wait for the office's decision.")
            % {"status": item.get_status_display()},
            code="status",
        )
    kind = (
        ProgressReport.Kind.PERIODIC
        if item.kind == RectificationItem.Kind.LONG_TERM
        else ProgressReport.Kind.PROGRESS
    )
    report = _file_report(item=item, by=by, kind=kind, text=text, attachments=attachments)
    if item.status == ItemStatus.NOT_STARTED:
        move(instance=item, to=ItemStatus.IN_PROGRESS, allowed_from={ItemStatus.NOT_STARTED}, by=by)
    _problem_changed(item)
    return report


@domain_action
def item_claim_done(*, item, by, text, attachments=()):
    """The unit claims the item done with evidence; the office verifies it."""
    item = _lock_item_in_force(item, by)
    if item.kind == RectificationItem.Kind.LONG_TERM:
        raise DomainError(
            _("Long-term items are reported on periodically, never just ticked off."), code="kind"
        )
    if not attachments:
        raise DomainError(_("Attach the evidence that the item is done."), code="evidence")
    _file_report(
        item=item, by=by, kind=ProgressReport.Kind.CLAIM, text=text, attachments=attachments
    )
    item = move(
        instance=item,
        to=ItemStatus.CLAIMED,
        allowed_from={ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS, ItemStatus.RETURNED},
        by=by,
        comment=text,
    )
    _problem_changed(item)
    return item


def _lock_item_for_office(item, by):
    item = (
        RectificationItem.objects.select_for_update()
        .select_related("plan__assignment__round__office")
        .get(pk=item.pk)
    )
    _require_office_staff(by, item.plan.assignment)
    return item


@domain_action
def item_close(*, item, by, comment=""):
    """销号: the office verifies the claimed item against the evidence and closes it."""
    item = _lock_item_for_office(item, by)
    item = move(
        instance=item,
        to=ItemStatus.CLOSED,
        allowed_from={ItemStatus.CLAIMED},
        by=by,
        comment=comment,
        also={"closed_by": by, "closed_at": timezone.now()},
    )
    _problem_changed(item)
    return item


@domain_action
def item_return(*, item, by, reason):
    item = _lock_item_for_office(item, by)
    if not reason.strip():
        raise DomainError(_("Say why the item is returned."), code="reason")
    item = move(
        instance=item,
        to=ItemStatus.RETURNED,
        allowed_from={ItemStatus.CLAIMED},
        by=by,
        comment=reason,
        also={"return_count": item.return_count + 1},
    )
    _problem_changed(item)
    return item


@domain_action
def item_reopen(*, item, by, reason):
    """A later check found the closed item was not effective: back to work."""
    item = _lock_item_for_office(item, by)
    if not reason.strip():
        raise DomainError(_("Say why the item is reopened."), code="reason")
    item = move(
        instance=item,
        to=ItemStatus.RETURNED,
        allowed_from={ItemStatus.CLOSED},
        by=by,
        comment=reason,
        also={"closed_by": None, "closed_at": None, "return_count": item.return_count + 1},
    )
    _problem_changed(item)
    return item


@domain_action
def assignment_begin_evaluation(*, assignment, by):
    """Evaluation starts once the plan is accepted."""
    assignment = lock(assignment)
    _require_office_staff(by, assignment)
    plan = RectificationPlan.objects.filter(assignment=assignment).first()
    if plan is None or plan.status != PlanStatus.ACCEPTED:
        raise TransitionError(_("The rectification plan has not been accepted yet."))
    return move(
        instance=assignment,
        field="phase",
        to=Phase.EVALUATION,
        allowed_from={Phase.RECTIFICATION},
        by=by,
    )


@domain_action
def evaluation_record(*, assignment, by, party, score, grade, comment=""):
    assignment = lock(assignment)
    _require_office_staff(by, assignment)
    if assignment.phase != Phase.EVALUATION:
        raise TransitionError(_("Evaluations are recorded in the evaluation phase."))
    if not 0 <= score <= 100:
        raise DomainError(_("A score is between 0 and 100."), code="score")
    if Evaluation.objects.filter(assignment=assignment, party=party).exists():
        raise DomainError(
            _("%(party)s has already evaluated this assignment.")
            % {"party": Evaluation.Party(party).label},
            code="duplicate",
        )
    return Evaluation.objects.create(
        assignment=assignment, party=party, score=score, grade=grade, comment=comment, by=by
    )


@domain_action
def assignment_close(*, assignment, by, comment=""):
    assignment = lock(assignment)
    _require_office_staff(by, assignment)
    if not assignment.evaluations.exists():
        raise TransitionError(_("Record at least one evaluation before closing."))
    return move(
        instance=assignment,
        field="phase",
        to=Phase.CLOSED,
        allowed_from={Phase.EVALUATION},
        by=by,
        comment=comment,
    )


@domain_action
def report_file(*, assignment, by, kind, text, author_name, signed_on=None, file=None):
    """File the unit's rectification report or its top official's; filing again revises it,
    and the history keeps every version."""
    assignment = lock(assignment)
    _require_writer(by, assignment)
    plan = RectificationPlan.objects.filter(assignment=assignment).first()
    if plan is None or plan.status not in PLAN_IN_FORCE:
        raise DomainError(
            _("The report follows the plan: submit the rectification plan first."), code="plan"
        )
    if assignment.phase == Phase.CLOSED:
        raise TransitionError(_("The assignment is closed."))
    if not text.strip():
        raise DomainError(_("Write the report."), code="text")
    if not author_name.strip():
        raise DomainError(_("Name who signed the report."), code="author_name")
    signed_on = signed_on or timezone.localdate()
    if signed_on > timezone.localdate():
        raise DomainError(_("The report cannot be dated in the future."), code="signed_on")
    if signed_on < timezone.localdate(plan.signed_at):
        raise DomainError(_("The report cannot be dated before the plan."), code="signed_on")
    values = {
        "text": text.strip(),
        "author_name": author_name.strip(),
        "signed_on": signed_on,
        "submitted_by": by,
        "submitted_at": timezone.now(),
    }
    if file is not None:
        values["file_content_type"], _size = checked_upload(file)
        values["file"] = file
    report, created = RectificationReport.objects.get_or_create(
        assignment=assignment, kind=kind, defaults=values
    )
    if not created:
        for name, value in values.items():
            setattr(report, name, value)
        report.save()
    if file is not None:
        remember_stored(report.file)
    return report


@domain_action
def filing_record(*, assignment, by, document, party, filed_on, reference=""):
    """备案: the office records that the plan or report was filed with one party."""
    assignment = lock(assignment)
    _require_office_staff(by, assignment)
    if document == Filing.Document.PLAN:
        plan = RectificationPlan.objects.filter(assignment=assignment).first()
        if plan is None or plan.status not in PLAN_IN_FORCE:
            raise DomainError(_("The plan has not been submitted yet."), code="document")
        # The paper plan exists, and may be filed, from the day the top official signed it.
        filed_after = timezone.localdate(plan.signed_at)
    else:
        report = RectificationReport.objects.filter(
            assignment=assignment, kind=RectificationReport.Kind.UNIT
        ).first()
        if report is None:
            raise DomainError(
                _("The rectification report has not been filed yet."), code="document"
            )
        filed_after = report.signed_on
    if filed_on < filed_after:
        raise DomainError(
            _("It cannot have been filed before it was signed on %(day)s.") % {"day": filed_after},
            code="filed_on",
        )
    if filed_on > timezone.localdate():
        raise DomainError(_("The filing date cannot be in the future."), code="filed_on")
    if Filing.objects.filter(assignment=assignment, document=document, party=party).exists():
        raise DomainError(
            _("This filing with %(party)s is already recorded.")
            % {"party": Filing.Party(party).label},
            code="duplicate",
        )
    return Filing.objects.create(
        assignment=assignment,
        document=document,
        party=party,
        filed_on=filed_on,
        reference=reference.strip(),
        recorded_by=by,
    )
