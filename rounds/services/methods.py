"""The on-site method log of an assignment."""

from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.history import domain_action
from rounds.models import Assignment, MethodLogEntry, TeamMembership
from rounds.services.access import require_team_or_office

ON_SITE_WORK = {Assignment.Phase.PREPARATION, Assignment.Phase.ON_SITE, Assignment.Phase.REPORTING}


@domain_action
def method_log_add(*, assignment, by, method, held_on, count=1, note=""):
    require_team_or_office(by, assignment.team, set(TeamMembership.Role))
    if assignment.phase not in ON_SITE_WORK:
        raise DomainError(
            _("The method log is kept until the report; this assignment is in %(phase)s.")
            % {"phase": assignment.get_phase_display()},
            code="phase",
        )
    if held_on > timezone.localdate():
        raise DomainError(_("An entry cannot be dated in the future."), code="dates")
    if count < 1:
        raise DomainError(_("Count at least one."), code="count")
    return MethodLogEntry.objects.create(
        assignment=assignment,
        method=method,
        held_on=held_on,
        count=count,
        note=note.strip(),
        by=by,
    )
