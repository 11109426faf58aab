"""Reads of rounds, teams, assignments, findings and leads, always scoped to the person.

Every page, API endpoint, export and task gets its rows through these functions. Access comes
from the data (office staff of the office, membership of the team, liaison of the target, the
body a lead went to) and from per-object grants (django-guardian, see `AssignmentGrant`); both
are turned into one SQL condition, so a list costs the same whatever the number of grants.
"""

from django.db.models import Exists, OuterRef, Q

from organisations.models import Target
from organisations.selectors import liaison_of, viewer_of
from rounds.models import (
    Assignment,
    AssignmentGrant,
    Evidence,
    Feedback,
    Finding,
    Lead,
    RecusalOverride,
    Round,
    Suggestion,
    Team,
    TeamMembership,
    Term,
)

Role = TeamMembership.Role
NOTHING = Q(pk__in=[])


def team_role(user, team):
    """The person's role on the team, or None."""
    return (
        TeamMembership.objects.filter(team=team, user=user).values_list("role", flat=True).first()
    )


def current_term(office, today):
    return Term.objects.filter(office=office, starts_on__lte=today, ends_on__gte=today).first()


def _on_team(user_id, team_path, roles=None):
    memberships = TeamMembership.objects.filter(team=OuterRef(team_path), user_id=user_id)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return Q(Exists(memberships))


def _granted(user_id, assignment_path, codename):
    return Q(
        Exists(
            AssignmentGrant.objects.filter(
                content_object=OuterRef(assignment_path),
                user_id=user_id,
                permission__content_type__app_label="rounds",
                permission__codename=codename,
            )
        )
    )


def _joined(prefix, name):
    return f"{prefix}__{name}" if prefix else name


def _inspection_side(viewer, via):
    """The office's readers, the team and granted specialists, for rows whose assignment is at
    path `via` ("" when the rows are assignments). Never the inspected unit."""
    condition = _on_team(viewer.user_id, _joined(via, "team")) | _granted(
        viewer.user_id, via or "pk", "view_assignment"
    )
    if viewer.reads_office:
        condition |= Q(**{_joined(via, "round__office_id"): viewer.office_id})
    return condition


def _unit_side(viewer, via):
    """The target's liaison, once feedback has been given."""
    return Q(liaison_of(viewer.user_id, _joined(via, "target"))) & Q(
        Exists(Feedback.objects.filter(assignment=OuterRef(via or "pk")))
    )


def assignment_access(user, via=""):
    """Rows whose assignment (at path `via`) the person may see."""
    viewer = viewer_of(user)
    if viewer.user_id is None:
        return NOTHING
    return _inspection_side(viewer, via) | _unit_side(viewer, via)


def inspection_access(user, via=""):
    """Rows of an assignment that only the office and the inspection side may see."""
    viewer = viewer_of(user)
    if viewer.user_id is None:
        return NOTHING
    return _inspection_side(viewer, via)


def assignments_visible_to(user):
    return Assignment.objects.filter(assignment_access(user))


def rounds_visible_to(user):
    viewer = viewer_of(user)
    if viewer.user_id is None:
        return Round.objects.none()
    inspected = Assignment.objects.filter(round=OuterRef("pk")).filter(
        _on_team(viewer.user_id, "team") | _granted(viewer.user_id, "pk", "view_assignment")
    )
    condition = Q(Exists(inspected))
    if viewer.reads_office:
        condition |= Q(office_id=viewer.office_id)
    return Round.objects.filter(condition)


def teams_visible_to(user):
    """Team names and members are internal: the unit does not see who inspected it."""
    viewer = viewer_of(user)
    if viewer.user_id is None:
        return Team.objects.none()
    granted = Assignment.objects.filter(team=OuterRef("pk")).filter(
        _granted(viewer.user_id, "pk", "view_assignment")
    )
    condition = _on_team(viewer.user_id, "pk") | Q(Exists(granted))
    if viewer.reads_office:
        condition |= Q(round__office_id=viewer.office_id)
    return Team.objects.filter(condition)


def targets_visible_to(user):
    viewer = viewer_of(user)
    if viewer.user_id is None:
        return Target.objects.none()
    inspected = Assignment.objects.filter(target=OuterRef("pk")).filter(
        _on_team(viewer.user_id, "team") | _granted(viewer.user_id, "pk", "view_assignment")
    )
    condition = Q(liaison_of(viewer.user_id, "pk")) | Q(Exists(inspected))
    if viewer.reads_office:
        condition |= Q(office_id=viewer.office_id)
    return Target.objects.filter(condition)


def _finding_access(viewer, via=""):
    """Findings as the office and the team see them."""
    assignment = _joined(via, "assignment")
    leaders = _on_team(viewer.user_id, f"{assignment}__team", [Role.LEADER, Role.DEPUTY])
    members = _on_team(viewer.user_id, f"{assignment}__team") | _granted(
        viewer.user_id, assignment, "view_assignment"
    )
    # A draft belongs to its author until a deputy has reviewed it.
    shared = Q(**{_joined(via, "prepared_by_id"): viewer.user_id}) | ~Q(
        **{_joined(via, "status"): Finding.Status.DRAFT}
    )
    condition = leaders | (members & shared)
    if viewer.reads_office:
        condition |= Q(**{f"{assignment}__round__office_id": viewer.office_id})
    return condition


def _finding_access_as_liaison(viewer, via=""):
    return Q(**{_joined(via, "status"): Finding.Status.FED_BACK}) & Q(
        liaison_of(viewer.user_id, _joined(via, "assignment__target"))
    )


def findings_visible_to(user):
    viewer = viewer_of(user)
    if viewer.user_id is None:
        return Finding.objects.none()
    return Finding.objects.filter(_finding_access(viewer) | _finding_access_as_liaison(viewer))


def evidence_visible_to(user):
    """Evidence marked internal never reaches the inspected unit."""
    viewer = viewer_of(user)
    if viewer.user_id is None:
        return Evidence.objects.none()
    return Evidence.objects.filter(
        _finding_access(viewer, "finding")
        | (_finding_access_as_liaison(viewer, "finding") & Q(internal=False))
    )


def leads_visible_to(user):
    """Leads about individuals: the office's staff (not its leadership group), the team leader,
    a deputy given the right on the assignment, and the body the lead was transferred to."""
    viewer = viewer_of(user)
    if viewer.user_id is None:
        return Lead.objects.none()
    condition = _on_team(viewer.user_id, "assignment__team", [Role.LEADER]) | _granted(
        viewer.user_id, "assignment", "view_leads"
    )
    if viewer.is_office_staff and viewer.office_id:
        condition |= Q(assignment__round__office_id=viewer.office_id)
    if viewer.receiving_body_id:
        condition |= Q(receiving_body_id=viewer.receiving_body_id) & ~Q(
            status=Lead.Status.REGISTERED
        )
    return Lead.objects.filter(condition)


def suggestions_visible_to(user):
    """The inspection side sees suggestions as they are drafted; the unit once fed back."""
    viewer = viewer_of(user)
    if viewer.user_id is None:
        return Suggestion.objects.none()
    return Suggestion.objects.filter(
        _inspection_side(viewer, "assignment")
        | (Q(feedback__isnull=False) & Q(liaison_of(viewer.user_id, "assignment__target")))
    )


def feedback_visible_to(user):
    return Feedback.objects.filter(assignment_access(user, "assignment"))


# Lists and pages --------------------------------------------------------------------------


def finding_list(user):
    return findings_visible_to(user).select_related(
        "assignment__round__term",
        "assignment__target",
        "assignment__team",
        "category",
        "prepared_by__profile",
    )


def findings_waiting_for(user):
    """What needs this person's hand next in the three-step sign-off (and the office's review)."""
    viewer = viewer_of(user)
    if viewer.user_id is None:
        return NOTHING
    Status = Finding.Status
    condition = (
        Q(status=Status.DRAFT)
        & ~Q(prepared_by_id=viewer.user_id)
        & _on_team(viewer.user_id, "assignment__team", [Role.DEPUTY, Role.LEADER])
    )
    condition |= Q(status=Status.REVIEWED) & _on_team(
        viewer.user_id, "assignment__team", [Role.LEADER]
    )
    condition |= Q(status=Status.RETURNED, prepared_by_id=viewer.user_id)
    if viewer.is_office_staff:
        condition |= Q(status=Status.SIGNED, assignment__round__office_id=viewer.office_id)
    return condition


def finding_actions(user, finding):
    """The sign-off steps this person may take on this finding now (the services decide)."""
    Status = Finding.Status
    role = team_role(user, finding.assignment.team)
    office = viewer_of(user).is_office_staff and (
        viewer_of(user).office_id == finding.assignment.round.office_id
    )
    actions = []
    if finding.status in (Status.DRAFT, Status.RETURNED) and role in (Role.DEPUTY, Role.LEADER):
        actions.append("review")
    if finding.status == Status.REVIEWED and role == Role.LEADER:
        actions += ["sign", "return"]
    if finding.status == Status.SIGNED and office:
        actions += ["accept", "return"]
    if finding.status == Status.ACCEPTED and office:
        actions.append("return")
    return actions


def finding_page(user, pk):
    return finding_list(user).prefetch_related("tags").get(pk=pk)


def assignment_list(user):
    return assignments_visible_to(user).select_related("round__term", "team", "target")


def assignments_open_for_filing(user):
    """Assignments where this person may open a working paper now."""
    viewer = viewer_of(user)
    if viewer.user_id is None:
        return Assignment.objects.none()
    return assignment_list(user).filter(
        _on_team(viewer.user_id, "team"),
        phase__in=[Assignment.Phase.ON_SITE, Assignment.Phase.REPORTING],
    )


def lead_list(user):
    return leads_visible_to(user).select_related(
        "assignment__round__term", "assignment__target", "receiving_body"
    )


def evidence_of(user, finding):
    return evidence_visible_to(user).filter(finding=finding).select_related("uploaded_by__profile")


def sees_finding_only_as_unit(user, finding):
    """True when the person sees the finding only as the inspected unit's liaison."""
    viewer = viewer_of(user)
    return not Finding.objects.filter(_finding_access(viewer), pk=finding.pk).exists()


def recusal_overrides_of(user, assignment):
    """Overrides of conflicts of interest: the office's and the team's business, not the unit's."""
    if not Assignment.objects.filter(inspection_access(user), pk=assignment.pk).exists():
        return RecusalOverride.objects.none()
    return assignment.recusal_overrides.select_related("user__profile", "by__profile")
