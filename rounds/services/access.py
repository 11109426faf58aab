"""Who may act: the role checks shared by the round services."""

from django.utils.translation import gettext as _

from core.errors import NotAllowed
from organisations.selectors import is_office_staff
from rounds.models import TeamMembership
from rounds.selectors import team_role


def require_office_staff(user, office):
    if not is_office_staff(user, office):
        raise NotAllowed(_("Only staff of %(office)s may do this.") % {"office": office})


def require_team_role(user, team, roles):
    if team_role(user, team) not in roles:
        names = "、".join(str(TeamMembership.Role(role).label) for role in roles)
        raise NotAllowed(
            _("Only the %(roles)s of %(team)s may do this.") % {"roles": names, "team": team}
        )


def require_team_or_office(user, team, roles):
    """The given team roles, or staff of the office running the round."""
    if team_role(user, team) in roles or is_office_staff(user, team.round.office):
        return
    raise NotAllowed(_("Only %(team)s or the office may do this.") % {"team": team})
