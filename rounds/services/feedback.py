from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError, TransitionError
from core.history import domain_action
from core.transitions import lock, move
from core.uploads import remember_stored
from rounds import documents
from rounds.models import Assignment, Feedback, Finding, Suggestion, TeamMembership
from rounds.services.access import require_office_staff, require_team_or_office

Phase = Assignment.Phase
Role = TeamMembership.Role


@domain_action
def suggestion_add(*, assignment, by, text):
    require_team_or_office(by, assignment.team, {Role.LEADER, Role.DEPUTY})
    if not text.strip():
        raise DomainError(_("A suggestion cannot be empty."), code="text")
    if Feedback.objects.filter(assignment=assignment).exists():
        raise DomainError(_("Feedback has been issued; suggestions are closed."), code="phase")
    return Suggestion.objects.create(assignment=assignment, text=text.strip(), created_by=by)


@domain_action
def feedback_issue(
    *,
    assignment,
    by,
    delivered_on,
    recipients,
    top_official,
    findings,
    suggestions=(),
    document=None,
):
    """反馈: give the target its accepted findings and suggestions; the date starts the clocks.

    Steps: the office issues it while the assignment is reporting; every finding must be an
    accepted finding of this assignment; each becomes fed back, with the chosen suggestions;
    the assignment moves to the feedback phase.
    """
    assignment = lock(assignment)
    require_office_staff(by, assignment.round.office)
    if assignment.phase != Phase.REPORTING:
        raise TransitionError(
            _("Feedback is issued after reporting; this assignment is in %(phase)s.")
            % {"phase": assignment.get_phase_display()}
        )
    chosen = list(
        Finding.objects.select_for_update().filter(pk__in=[f.pk for f in findings]).order_by("pk")
    )
    if not chosen:
        raise DomainError(_("Choose at least one accepted finding to feed back."), code="findings")
    if any(f.assignment_id != assignment.pk for f in chosen):
        raise DomainError(_("Some findings belong to another assignment."), code="findings")
    not_accepted = [f.number for f in chosen if f.status != Finding.Status.ACCEPTED]
    if not_accepted:
        raise DomainError(
            _("Only findings accepted by the office can be fed back: %(numbers)s.")
            % {"numbers": "、".join(not_accepted)},
            code="findings",
        )
    suggestion_ids = [s.pk for s in suggestions]
    if assignment.suggestions.filter(pk__in=suggestion_ids).count() != len(set(suggestion_ids)):
        raise DomainError(_("Some suggestions belong to another assignment."), code="suggestions")
    if delivered_on < assignment.round.planned_start:
        raise DomainError(_("Feedback cannot be dated before the round started."), code="dates")
    if delivered_on > timezone.localdate():
        raise DomainError(_("Feedback cannot be dated in the future."), code="dates")
    if not recipients.strip() or not top_official.strip():
        raise DomainError(
            _("Name the recipients: the leading group and the top official."), code="recipients"
        )

    feedback = Feedback(
        assignment=assignment,
        delivered_on=delivered_on,
        recipients=recipients.strip(),
        top_official=top_official.strip(),
        issued_by=by,
    )
    if document is not None:
        feedback.document = document
    feedback.save()
    for finding in chosen:
        move(
            instance=finding,
            to=Finding.Status.FED_BACK,
            allowed_from={Finding.Status.ACCEPTED},
            by=by,
            also={"feedback": feedback},
        )
    for suggestion in assignment.suggestions.filter(pk__in=suggestion_ids):
        suggestion.feedback = feedback
        suggestion.save(update_fields=["feedback"])
    move(
        instance=assignment, field="phase", to=Phase.FEEDBACK, allowed_from={Phase.REPORTING}, by=by
    )
    return feedback


@domain_action
def feedback_attach_document(*, feedback, by, pdf):
    """Keep the feedback document (the PDF given to the target) with the feedback.

    Steps: the office attaches it once, after the feedback was issued (the feedback stands
    without it, so a failed generation can be tried again); the file is not replaced later, as
    the target already holds what was sent.
    """
    feedback = lock(feedback)
    require_office_staff(by, feedback.assignment.round.office)
    if feedback.document:
        raise DomainError(_("The feedback document has already been generated."), code="document")
    if not pdf.startswith(b"%PDF-"):
        raise DomainError(_("The feedback document is not a PDF."), code="document")
    feedback.document.save(f"feedback-{feedback.pk}.pdf", ContentFile(pdf), save=False)
    remember_stored(feedback.document)
    feedback.save(update_fields=["document"])
    return feedback


@domain_action
def feedback_document_generate(*, feedback, by):
    """Make the feedback document and keep it. Who may, and whether one exists already, are
    decided before the rendering, which takes a second or more."""
    feedback = lock(feedback)
    require_office_staff(by, feedback.assignment.round.office)
    if feedback.document:
        raise DomainError(_("The feedback document has already been generated."), code="document")
    return feedback_attach_document(feedback=feedback, by=by, pdf=documents.feedback_pdf(feedback))
