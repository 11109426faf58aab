"""Reads for the feedback and lead pages, built on the scoped selectors of rounds.selectors.

Every function starts from a selector that takes the person (`assignment_list`, `finding_list`,
`suggestions_visible_to`, `feedback_visible_to`, `lead_list`), so the pages here cannot see more
than the rest of the application does; they only narrow it to the rows an action needs.
"""

from django.db.models import Exists, OuterRef, Q

from organisations.models import ReceivingBody
from organisations.selectors import is_office_staff, is_receiving_officer, viewer_of
from rounds import selectors
from rounds.models import Assignment, Finding, Lead, TeamMembership
from rounds.services.leads import OUTCOMES_FROM

Phase = Assignment.Phase
# The phases in which lead_register accepts a lead (it refuses preparation and closed).
LEAD_PHASES = [
    Phase.ON_SITE,
    Phase.REPORTING,
    Phase.FEEDBACK,
    Phase.RECTIFICATION,
    Phase.EVALUATION,
]
FINDING_ORDER = ["category__position", "category__code", "number"]


# Suggestions and feedback ----------------------------------------------------------------


def assignments_of_office_staff(user):
    """Assignments of the office the person works in as staff: where feedback is issued.

    The leadership group reads the office's work but does not act on it, so it gets nothing.
    """
    viewer = viewer_of(user)
    if not (viewer.is_office_staff and viewer.office_id):
        return Assignment.objects.none()
    return selectors.assignment_list(user).filter(round__office_id=viewer.office_id)


def assignments_open_for_suggestions(user):
    """Assignments where the person may add a suggestion: the office's staff, or the leader or a
    deputy of the team (suggestion_add decides whether it is still open)."""
    viewer = viewer_of(user)
    if viewer.user_id is None:
        return Assignment.objects.none()
    leading = Exists(
        TeamMembership.objects.filter(
            team=OuterRef("team"),
            user_id=viewer.user_id,
            role__in=[TeamMembership.Role.LEADER, TeamMembership.Role.DEPUTY],
        )
    )
    condition = Q(leading)
    if viewer.is_office_staff and viewer.office_id:
        condition |= Q(round__office_id=viewer.office_id)
    return selectors.assignment_list(user).filter(condition)


def suggestions_of(user, assignment):
    return (
        selectors.suggestions_visible_to(user)
        .filter(assignment=assignment)
        .select_related("created_by__profile")
    )


def findings_to_feed_back(user, assignment):
    """The accepted findings of the assignment, in the order of the office's categories."""
    return (
        selectors.finding_list(user)
        .filter(assignment=assignment, status=Finding.Status.ACCEPTED)
        .order_by(*FINDING_ORDER)
    )


def findings_of(user, assignment):
    return selectors.finding_list(user).filter(assignment=assignment)


def suggestions_to_feed_back(user, assignment):
    return suggestions_of(user, assignment).filter(feedback__isnull=True)


def feedback_list(user):
    return selectors.feedback_visible_to(user).select_related(
        "assignment__round__office", "assignment__target", "issued_by__profile"
    )


def feedback_of_office_staff(user):
    """Feedback the person may act on as staff of the office that issued it."""
    return feedback_list(user).filter(assignment__in=assignments_of_office_staff(user))


def sees_only_as_unit(user, assignment):
    """True when the person sees the assignment only as the inspected unit's liaison."""
    return not Assignment.objects.filter(
        selectors.inspection_access(user), pk=assignment.pk
    ).exists()


def fed_back_findings(user, feedback):
    """What the person sees of the findings given with this feedback (the liaison: all of them,
    as fed back; the inspection side: the same rows)."""
    return (
        selectors.finding_list(user)
        .filter(feedback=feedback, status=Finding.Status.FED_BACK)
        .order_by(*FINDING_ORDER)
    )


def fed_back_suggestions(user, feedback):
    return selectors.suggestions_visible_to(user).filter(feedback=feedback).order_by("created_at")


def may_generate_document(user, feedback):
    return not feedback.document and is_office_staff(user, feedback.assignment.round.office)


# Leads -------------------------------------------------------------------------------------


def assignments_open_for_leads(user):
    """Assignments where the person may register a lead: the team's leader or the office's staff,
    from on site until the assignment closes (lead_register decides again)."""
    viewer = viewer_of(user)
    if viewer.user_id is None:
        return Assignment.objects.none()
    leader = Exists(
        TeamMembership.objects.filter(
            team=OuterRef("team"), user_id=viewer.user_id, role=TeamMembership.Role.LEADER
        )
    )
    condition = Q(leader)
    if viewer.is_office_staff and viewer.office_id:
        condition |= Q(round__office_id=viewer.office_id)
    return selectors.assignment_list(user).filter(condition, phase__in=LEAD_PHASES)


def findings_for_lead(user, assignment):
    """Findings a lead may be registered from: those of the assignment the person sees."""
    return selectors.finding_list(user).filter(assignment=assignment).order_by("number")


def receiving_bodies_for(lead):
    """The bodies of the office that runs the round: the only ones a lead may go to."""
    return ReceivingBody.objects.filter(office_id=lead.assignment.round.office_id).order_by(
        "kind", "name"
    )


def may_transfer(user, lead):
    return lead.status == Lead.Status.REGISTERED and is_office_staff(
        user, lead.assignment.round.office
    )


def outcomes_open_to(user, lead):
    """The outcomes the person may record next: only the receiving body's officers, and only the
    outcomes lead_record_outcome allows from the lead's status."""
    if lead.receiving_body is None or not is_receiving_officer(user, lead.receiving_body):
        return []
    return [
        (value, label)
        for value, label in Lead.Status.choices
        if lead.status in OUTCOMES_FROM.get(value, ())
    ]


def lead_finding_shown_to(user, lead):
    """The finding a lead came from, when the person may open it; else None."""
    if lead.finding_id is None:
        return None
    return selectors.finding_list(user).filter(pk=lead.finding_id).first()
