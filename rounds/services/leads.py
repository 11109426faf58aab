from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError, NotAllowed
from core.history import domain_action
from core.transitions import lock, move
from organisations.selectors import is_receiving_officer
from rounds.models import Assignment, Lead, LeadView, TeamMembership
from rounds.services.access import require_office_staff, require_team_or_office

Status = Lead.Status
# What a receiving body may report next: a case once opened is later closed.
OUTCOMES_FROM = {
    Status.CASE_OPENED: {Status.TRANSFERRED},
    Status.HANDLED: {Status.TRANSFERRED, Status.CASE_OPENED},
    Status.NO_CASE: {Status.TRANSFERRED},
    Status.CLOSED: {Status.CASE_OPENED},
}


@domain_action
def lead_register(*, assignment, by, subject_name, summary, subject_position="", finding=None):
    """Register a lead about an individual: the leader of the team or the office."""
    assignment = lock(assignment)
    require_team_or_office(by, assignment.team, {TeamMembership.Role.LEADER})
    if assignment.phase in (Assignment.Phase.PREPARATION, Assignment.Phase.CLOSED):
        raise DomainError(
            _("Leads are registered from the on-site phase until the assignment closes."),
            code="phase",
        )
    if finding is not None and finding.assignment_id != assignment.pk:
        raise DomainError(_("The finding belongs to another assignment."), code="finding")
    if not subject_name.strip() or not summary.strip():
        raise DomainError(_("Name the person concerned and summarise the lead."), code="required")
    number = f"XS-{assignment.target.code}-{assignment.leads.count() + 1:02d}"
    return Lead.objects.create(
        assignment=assignment,
        finding=finding,
        number=number,
        subject_name=subject_name.strip(),
        subject_position=subject_position,
        summary=summary.strip(),
        registered_by=by,
    )


@domain_action
def lead_transfer(*, lead, by, receiving_body, transferred_on):
    """移交: the office hands the lead to the discipline body or the organisation department."""
    lead = lock(lead)
    require_office_staff(by, lead.assignment.round.office)
    if transferred_on > timezone.localdate():
        raise DomainError(_("A transfer cannot be dated in the future."), code="dates")
    if receiving_body.office_id != lead.assignment.round.office_id:
        raise DomainError(_("Choose a receiving body of the same office."), code="receiving_body")
    return move(
        instance=lead,
        to=Status.TRANSFERRED,
        allowed_from={Status.REGISTERED},
        by=by,
        also={"receiving_body": receiving_body, "transferred_on": transferred_on},
    )


@domain_action
def lead_record_outcome(*, lead, by, outcome, outcome_on, note=""):
    """The receiving body reports what it did with the lead, and when."""
    lead = lock(lead)
    if lead.receiving_body is None or not is_receiving_officer(by, lead.receiving_body):
        raise NotAllowed(_("Only the body the lead was transferred to may record its outcome."))
    if outcome not in OUTCOMES_FROM:
        raise DomainError(_("Unknown outcome."), code="outcome")
    if outcome_on > timezone.localdate():
        raise DomainError(_("An outcome cannot be dated in the future."), code="dates")
    if lead.outcome_on and outcome_on < lead.outcome_on:
        raise DomainError(
            _("This outcome cannot be dated before the previous one (%(date)s).")
            % {"date": lead.outcome_on},
            code="dates",
        )
    if outcome_on < lead.transferred_on:
        raise DomainError(_("The outcome cannot be dated before the transfer."), code="dates")
    return move(
        instance=lead,
        to=outcome,
        allowed_from=OUTCOMES_FROM[outcome],
        by=by,
        comment=note,
        also={"outcome_on": outcome_on, "outcome_note": note},
    )


def lead_view_record(*, lead, by, purpose="view"):
    """Record that a person opened a lead; called by every page, export or endpoint that shows
    a lead's content, after the lead was found in `leads_visible_to(by)`."""
    return LeadView.objects.create(lead=lead, user=by, purpose=purpose)


def lead_views_record(*, leads, by, purpose):
    """Record that a person was shown each of these leads (a list, a ledger, an export), in one
    insert; the leads were found in `leads_visible_to(by)`."""
    LeadView.objects.bulk_create(LeadView(lead=lead, user=by, purpose=purpose) for lead in leads)
