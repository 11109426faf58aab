from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError, RecusalConflict, TransitionError
from core.history import domain_action
from core.transitions import lock, move
from organisations.models import Profile
from rounds.coverage import last_inspected_refresh
from rounds.models import (
    Assignment,
    Lead,
    RecusalOverride,
    Round,
    Team,
    TeamMembership,
    Term,
)
from rounds.recusal import conflicts
from rounds.services.access import require_office_staff

Phase = Assignment.Phase


@domain_action
def term_create(*, office, name, starts_on, ends_on, by):
    require_office_staff(by, office)
    if ends_on <= starts_on:
        raise DomainError(_("A term must end after it starts."), code="dates")
    if Term.objects.filter(office=office, name=name).exists():
        raise DomainError(
            _("%(office)s already has a term named %(name)s.") % {"office": office, "name": name},
            code="duplicate",
        )
    return Term.objects.create(office=office, name=name, starts_on=starts_on, ends_on=ends_on)


@domain_action
def round_plan(*, term, ordinal, kind, planned_start, planned_end, by, theme=""):
    """Plan a round of a term: its dates fall inside the term, a special round names its theme."""
    require_office_staff(by, term.office)
    if ordinal < 1:
        raise DomainError(_("Rounds are numbered from 1."), code="ordinal")
    if planned_end < planned_start:
        raise DomainError(_("A round must end on or after the day it starts."), code="dates")
    if planned_start < term.starts_on or planned_end > term.ends_on:
        raise DomainError(
            _("The round's dates must fall within the term (%(start)s to %(end)s).")
            % {"start": term.starts_on, "end": term.ends_on},
            code="dates",
        )
    if kind == Round.Kind.SPECIAL and not theme.strip():
        raise DomainError(_("A special round needs a theme."), code="theme")
    if Round.objects.filter(term=term, ordinal=ordinal).exists():
        raise DomainError(
            _("Round %(ordinal)s of %(term)s already exists.") % {"ordinal": ordinal, "term": term},
            code="duplicate",
        )
    return Round.objects.create(
        office=term.office,
        term=term,
        ordinal=ordinal,
        kind=kind,
        theme=theme.strip(),
        planned_start=planned_start,
        planned_end=planned_end,
    )


@domain_action
def round_start(*, round, by):
    round = lock(round)
    require_office_staff(by, round.office)
    if not round.assignments.exists():
        raise TransitionError(_("A round with no assignment cannot start."))
    return move(
        instance=round, to=Round.Status.IN_PROGRESS, allowed_from={Round.Status.PLANNED}, by=by
    )


@domain_action
def round_complete(*, round, by):
    """A round is complete when every assignment has been fed back (or gone further)."""
    round = lock(round)
    require_office_staff(by, round.office)
    waiting = round.assignments.filter(
        phase__in=[Phase.PREPARATION, Phase.ON_SITE, Phase.REPORTING]
    ).count()
    if waiting:
        raise TransitionError(
            _("%(count)s assignments have not been fed back yet.") % {"count": waiting}
        )
    return move(
        instance=round, to=Round.Status.COMPLETED, allowed_from={Round.Status.IN_PROGRESS}, by=by
    )


@domain_action
def round_cancel(*, round, by, reason):
    round = lock(round)
    require_office_staff(by, round.office)
    if not reason.strip():
        raise DomainError(_("Give the reason for cancelling the round."), code="reason")
    cancelled = move(
        instance=round,
        to=Round.Status.CANCELLED,
        allowed_from={Round.Status.PLANNED},
        by=by,
        comment=reason,
    )
    last_inspected_refresh(round.assignments.values("target_id"))
    return cancelled


def _require_open(round):
    if round.status not in (Round.Status.PLANNED, Round.Status.IN_PROGRESS):
        raise DomainError(
            _("Round %(round)s is %(status)s and can no longer change.")
            % {"round": round, "status": round.get_status_display()},
            code="closed",
        )


@domain_action
def team_form(*, round, name, by):
    require_office_staff(by, round.office)
    _require_open(round)
    if Team.objects.filter(round=round, name=name).exists():
        raise DomainError(
            _("%(round)s already has a team named %(name)s.") % {"round": round, "name": name},
            code="duplicate",
        )
    return Team.objects.create(round=round, name=name)


@domain_action
def team_add_member(
    *,
    team,
    user,
    role,
    by,
    authorised_on=None,
    authorisation_reference="",
    pledge_signed_on=None,
    recusal_declaration=None,
    override_reason="",
):
    """Put a person on a team; a conflict of interest with one of the team's targets blocks it
    unless the office gives a written reason, which is recorded on the assignment."""
    require_office_staff(by, team.round.office)
    _require_open(team.round)
    _require_from_the_pool(user=user, role=role, team=team)
    if recusal_declaration is not None and recusal_declaration.profile.user_id != user.pk:
        raise DomainError(_("The recusal declaration belongs to someone else."), code="declaration")
    membership = TeamMembership(
        team=team,
        user=user,
        role=role,
        authorised_on=authorised_on,
        authorisation_reference=authorisation_reference,
        pledge_signed_on=pledge_signed_on,
        recusal_declaration=recusal_declaration,
    )
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as error:
        if TeamMembership.objects.filter(team=team, user=user).exists():
            raise DomainError(
                _("%(user)s is already on %(team)s.") % {"user": user, "team": team},
                code="duplicate",
            ) from error
        raise DomainError(
            _("%(team)s already has a leader.") % {"team": team}, code="duplicate"
        ) from error
    for assignment in team.assignments.select_related("target", "round__office"):
        _clear_recusal(assignment=assignment, people=[user], by=by, override_reason=override_reason)
    return membership


@domain_action
def assignment_create(
    *, round, team, target, by, on_site_from=None, on_site_until=None, override_reason=""
):
    """Assign a team to a target; a member's conflict of interest blocks it unless overridden."""
    require_office_staff(by, round.office)
    _require_open(round)
    if team.round_id != round.pk:
        raise DomainError(_("The team belongs to another round."), code="team")
    if not target.active:
        raise DomainError(_("%(target)s is inactive.") % {"target": target}, code="target")
    if target.office_id != round.office_id:
        raise DomainError(
            _("%(target)s is not a target of %(office)s.")
            % {"target": target, "office": round.office},
            code="target",
        )
    if on_site_from and on_site_until and on_site_until < on_site_from:
        raise DomainError(_("The on-site period must end on or after it starts."), code="dates")
    if Assignment.objects.filter(round=round, target=target).exists():
        raise DomainError(
            _("%(target)s is already assigned in %(round)s.") % {"target": target, "round": round},
            code="duplicate",
        )
    assignment = Assignment.objects.create(
        round=round,
        team=team,
        target=target,
        on_site_from=on_site_from,
        on_site_until=on_site_until,
    )
    last_inspected_refresh([target.pk])
    people = [membership.user for membership in team.memberships.select_related("user")]
    _clear_recusal(assignment=assignment, people=people, by=by, override_reason=override_reason)
    return assignment


def _require_from_the_pool(*, user, role, team):
    """Inspectors come from the office's talent pool, leaders from its leader pool, and nobody
    sits on two teams of one round."""
    profile = Profile.objects.filter(user=user).first()
    office = team.round.office
    if (
        profile is None
        or profile.office_id != office.pk
        or not (profile.in_talent_pool or profile.is_specialist)
    ):
        raise DomainError(
            _("%(user)s is not in the talent pool of %(office)s.")
            % {"user": user, "office": office},
            code="pool",
        )
    if role == TeamMembership.Role.LEADER and not profile.in_leader_pool:
        raise DomainError(
            _("%(name)s is not in the leader pool.") % {"name": profile.name}, code="pool"
        )
    elsewhere = TeamMembership.objects.filter(team__round=team.round, user=user).exclude(team=team)
    if elsewhere.exists():
        raise DomainError(
            _("%(name)s is already on another team of this round.") % {"name": profile.name},
            code="duplicate",
        )


def _clear_recusal(*, assignment, people, by, override_reason):
    """Refuse (the whole action, by raising inside its transaction) or record the override."""
    found = {}
    for person in people:
        reasons = conflicts(user=person, target=assignment.target, office=assignment.round.office)
        if reasons:
            found[person] = reasons
    if not found:
        return
    described = "；".join(
        f"{_name(person)}：{'、'.join(str(reason) for reason in reasons)}"
        for person, reasons in found.items()
    )
    if not override_reason.strip():
        raise RecusalConflict(
            _(
                "Conflict of interest with %(target)s: %(conflicts)s. "
                "The office may override only with a written reason."
            )
            % {"target": assignment.target, "conflicts": described},
            conflicts=found,
        )
    for person, reasons in found.items():
        RecusalOverride.objects.update_or_create(
            assignment=assignment,
            user=person,
            defaults={
                "conflicts": "、".join(str(reason) for reason in reasons),
                "reason": override_reason.strip(),
                "by": by,
            },
        )


def _name(user):
    profile = Profile.objects.filter(user=user).first()
    return profile.name if profile else user.get_username()


@domain_action
def assignment_begin_on_site(*, assignment, by):
    """进驻: the team needs its leader, and the round is started if it was only planned."""
    assignment = lock(assignment)
    require_office_staff(by, assignment.round.office)
    _require_open(assignment.round)
    if not assignment.team.memberships.filter(role=TeamMembership.Role.LEADER).exists():
        raise TransitionError(_("%(team)s has no leader yet.") % {"team": assignment.team})
    if assignment.round.status == Round.Status.PLANNED:
        round_start(round=assignment.round, by=by)
    return move(
        instance=assignment,
        field="phase",
        to=Phase.ON_SITE,
        allowed_from={Phase.PREPARATION},
        by=by,
        also={"on_site_from": assignment.on_site_from or timezone.localdate()},
    )


@domain_action
def assignment_begin_reporting(*, assignment, by):
    assignment = lock(assignment)
    require_office_staff(by, assignment.round.office)
    return move(
        instance=assignment, field="phase", to=Phase.REPORTING, allowed_from={Phase.ON_SITE}, by=by
    )


@domain_action
def assignment_begin_rectification(*, assignment, by):
    """After feedback, leads must have been transferred (移交) before rectification starts."""
    assignment = lock(assignment)
    require_office_staff(by, assignment.round.office)
    pending = assignment.leads.filter(status=Lead.Status.REGISTERED).count()
    if pending:
        raise TransitionError(
            _("%(count)s leads have not been transferred yet.") % {"count": pending}
        )
    return move(
        instance=assignment,
        field="phase",
        to=Phase.RECTIFICATION,
        allowed_from={Phase.FEEDBACK},
        by=by,
    )
