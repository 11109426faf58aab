"""Per-object rights on an assignment, given and taken back by the office (django-guardian)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from guardian.shortcuts import assign_perm, remove_perm

from core.errors import DomainError
from core.history import domain_action
from organisations.models import Liaison, Profile
from rounds.selectors import team_role
from rounds.services.access import require_office_staff

# What the office may grant on one assignment, and to whom it makes sense.
GRANTABLE = {
    "view_assignment": gettext_lazy("see the assignment and its shared findings (a specialist)"),
    "view_leads": gettext_lazy("see the assignment's leads (a deputy leader)"),
}


def _is_inspector(user):
    """A specialist from the talent pool, never someone of the inspected or receiving side."""
    profile = Profile.objects.filter(user=user).first()
    return bool(
        profile
        and (profile.in_talent_pool or profile.is_specialist)
        and profile.receiving_body_id is None
        and not Liaison.objects.filter(user=user, active=True).exists()
    )


@domain_action
def assignment_grant(*, assignment, user, permission, by):
    require_office_staff(by, assignment.round.office)
    if permission not in GRANTABLE:
        raise DomainError(_("Unknown right."), code="permission")
    if permission == "view_assignment" and not _is_inspector(user):
        raise DomainError(
            _("An assignment is opened only to an inspector of the talent pool."),
            code="permission",
        )
    if permission == "view_leads" and team_role(user, assignment.team) != "deputy":
        raise DomainError(
            _("The right to see leads is given only to a deputy leader of the team."),
            code="permission",
        )
    return assign_perm(f"rounds.{permission}", user, assignment)


@domain_action
def assignment_revoke(*, assignment, user, permission, by):
    require_office_staff(by, assignment.round.office)
    remove_perm(f"rounds.{permission}", user, assignment)
