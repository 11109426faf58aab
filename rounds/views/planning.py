"""The office's planning pages: terms and rounds, the round board, teams from the talent pool,
and targets assigned with their coverage in view.

The office's staff plan; its leadership group reads the same pages without forms (a change it
posts anyway is refused with 403); anyone else gets 404. The rules are the services'.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.errors import DomainError, RecusalConflict
from core.pages import filtered_page
from core.submissions import created_once, new_token
from organisations.selectors import is_office_staff
from rounds import selectors, services
from rounds.models import Round, TeamMembership
from rounds.planning_forms import (
    AssignForm,
    MemberForm,
    RoundForm,
    TalentPoolFilter,
    TargetPickerFilter,
    TeamForm,
    TermForm,
)

OPEN = (Round.Status.PLANNED, Round.Status.IN_PROGRESS)
# Errors of the services that belong to one field of the form rather than to the whole form.
ROUND_ERROR_FIELDS = {"theme": "theme", "ordinal": "ordinal"}


def _fresh(form_class, **kwargs):
    initial = {"submission": new_token(), **kwargs.pop("initial", {})}
    return form_class(initial=initial, **kwargs)


def _require_planner(user, office):
    """The leadership group reads the plan but does not change it."""
    if not is_office_staff(user, office):
        raise PermissionDenied


def _saved(request, created, done):
    messages.success(request, done if created else _("This form was already saved."))


# Terms and rounds ------------------------------------------------------------------------


def _office_or_404(request):
    office = selectors.planning_office(request.user)
    if office is None:
        raise Http404
    return office


def _index(request, office, *, term_form=None, status=200):
    context = {
        "office": office,
        "terms": selectors.term_overview(request.user),
        "may_plan": is_office_staff(request.user, office),
        "term_form": term_form or _fresh(TermForm),
    }
    return render(request, "rounds/planning/index.html", context, status=status)


@login_required
@require_safe
def round_index(request):
    return _index(request, _office_or_404(request))


@login_required
@require_POST
def term_create(request):
    office = _office_or_404(request)
    _require_planner(request.user, office)
    form = TermForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            term, created = created_once(
                token=data["submission"],
                user=request.user,
                create=lambda: services.term_create(
                    office=office,
                    name=data["name"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    by=request.user,
                ),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            _saved(request, created, _("Term %(term)s created.") % {"term": term})
            return redirect(f"{reverse('rounds:rounds')}#term-{term.pk}")
    return _index(request, office, term_form=form, status=400)


@login_required
def round_plan(request, pk):
    term = get_object_or_404(selectors.terms_planned_by(request.user), pk=pk)
    _require_planner(request.user, term.office)
    if request.method != "POST":
        form = _fresh(RoundForm, initial={"ordinal": selectors.next_round_ordinal(term)})
        return render(request, "rounds/planning/round_form.html", {"form": form, "term": term})
    form = RoundForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            round_, created = created_once(
                token=data["submission"],
                user=request.user,
                create=lambda: services.round_plan(
                    term=term,
                    ordinal=data["ordinal"],
                    kind=data["kind"],
                    theme=data["theme"],
                    planned_start=data["planned_start"],
                    planned_end=data["planned_end"],
                    by=request.user,
                ),
            )
        except DomainError as error:
            form.add_error(ROUND_ERROR_FIELDS.get(error.code), error.message)
        else:
            _saved(request, created, _("Round %(round)s planned.") % {"round": round_})
            return redirect("rounds:round", pk=round_.pk)
    context = {"form": form, "term": term}
    return render(request, "rounds/planning/round_form.html", context, status=400)


# The round board and its teams -----------------------------------------------------------


def _round(request, pk):
    return get_object_or_404(selectors.rounds_planned_by(request.user), pk=pk)


def _round_page(request, round_, *, team_form=None, status=200):
    ordering = request.GET.get("ordering", "phase")
    if ordering not in selectors.BOARD_ORDERINGS:
        ordering = "phase"
    context = {
        "round": round_,
        "ordering": ordering,
        "assignments": selectors.round_board(round_, ordering),
        "teams": selectors.round_teams(round_),
        "may_plan": is_office_staff(request.user, round_.office) and round_.status in OPEN,
        "team_form": team_form or _fresh(TeamForm),
    }
    return render(request, "rounds/planning/round_detail.html", context, status=status)


@login_required
@require_safe
def round_detail(request, pk):
    return _round_page(request, _round(request, pk))


@login_required
@require_POST
def team_create(request, pk):
    round_ = _round(request, pk)
    _require_planner(request.user, round_.office)
    form = TeamForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            team, created = created_once(
                token=data["submission"],
                user=request.user,
                create=lambda: services.team_form(round=round_, name=data["name"], by=request.user),
            )
        except DomainError as error:
            form.add_error("name", error.message)
        else:
            _saved(request, created, _("Team %(team)s formed.") % {"team": team})
            return redirect(f"{reverse('rounds:round', args=[round_.pk])}#team-{team.pk}")
    return _round_page(request, round_, team_form=form, status=400)


# Assigning teams to targets --------------------------------------------------------------


class _Blocked(Exception):
    """Some chosen targets conflict with members of the team: [(target, person, reasons)]."""

    def __init__(self, conflicts):
        super().__init__("conflicts of interest")
        self.conflicts = conflicts


def _assign_all(*, round_, team, targets, by, override_reason):
    """assignment_create for each target, inside the caller's transaction: every conflict of
    every target is collected (each refused creation rolls back to its own savepoint), then
    anything refused undoes them all."""
    blocked = []
    for target in targets:
        try:
            services.assignment_create(
                round=round_, team=team, target=target, by=by, override_reason=override_reason
            )
        except RecusalConflict as error:
            blocked += [(target, person, reasons) for person, reasons in error.conflicts.items()]
    if blocked:
        raise _Blocked(blocked)
    # The round stands for the whole submission in its record (core.submissions).
    return round_


@login_required
def round_assign(request, pk):
    round_ = _round(request, pk)
    user = request.user
    staff = is_office_staff(user, round_.office)
    conflicts = []
    status = 200
    if request.method == "POST":
        if not staff:
            raise PermissionDenied
        form = AssignForm(request.POST, round=round_)
        if form.is_valid():
            data = form.cleaned_data
            targets = list(data["targets"].order_by("code"))
            try:
                _result, created = created_once(
                    token=data["submission"],
                    user=user,
                    create=lambda: _assign_all(
                        round_=round_,
                        team=data["team"],
                        targets=targets,
                        by=user,
                        override_reason=data["override_reason"],
                    ),
                )
            except _Blocked as blocked:
                conflicts = blocked.conflicts
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                done = _("%(team)s assigned to %(count)s targets.") % {
                    "team": data["team"],
                    "count": len(targets),
                }
                _saved(request, created, done)
                return redirect("rounds:round", pk=round_.pk)
        status = 400
    else:
        form = _fresh(AssignForm, round=round_, initial={"team": request.GET.get("team")})
    context = filtered_page(request, TargetPickerFilter, selectors.targets_to_assign(user, round_))
    context.update(
        {
            "round": round_,
            "form": form,
            "chosen": form.chosen_target_ids(),
            "conflicts": conflicts,
            "may_plan": staff and round_.status in OPEN,
        }
    )
    return render(request, "rounds/planning/assign.html", context, status=status)


# Members from the talent pool ------------------------------------------------------------


def _team(request, pk):
    return get_object_or_404(selectors.teams_planned_by(request.user), pk=pk)


@login_required
@require_safe
def talent_pool(request, pk):
    team = _team(request, pk)
    user = request.user
    context = filtered_page(request, TalentPoolFilter, selectors.talent_pool(user, team.round))
    context.update(
        {
            "team": team,
            "round": team.round,
            "on_team": set(team.memberships.values_list("user_id", flat=True)),
            "may_plan": is_office_staff(user, team.round.office) and team.round.status in OPEN,
        }
    )
    return render(request, "rounds/planning/talent_pool.html", context)


def _suggested_role(team, profile):
    has_leader = team.memberships.filter(role=TeamMembership.Role.LEADER).exists()
    if profile.in_leader_pool and not has_leader:
        return TeamMembership.Role.LEADER
    return TeamMembership.Role.MEMBER


@login_required
def member_add(request, pk, user_pk):
    team = _team(request, pk)
    # Out of scope is a 404 for everyone, before any role check can answer 403.
    profile = get_object_or_404(selectors.talent_pool(request.user, team.round), user_id=user_pk)
    _require_planner(request.user, team.round.office)
    person = profile.user
    context = {"team": team, "round": team.round, "profile": profile, "conflicts": []}
    if request.method != "POST":
        context["form"] = _fresh(
            MemberForm, person=person, initial={"role": _suggested_role(team, profile)}
        )
        return render(request, "rounds/planning/member_form.html", context)
    form = MemberForm(request.POST, person=person)
    if form.is_valid():
        data = form.cleaned_data
        try:
            _membership, created = created_once(
                token=data["submission"],
                user=request.user,
                create=lambda: services.team_add_member(
                    team=team,
                    user=person,
                    role=data["role"],
                    by=request.user,
                    authorised_on=data["authorised_on"],
                    authorisation_reference=data["authorisation_reference"],
                    pledge_signed_on=data["pledge_signed_on"],
                    recusal_declaration=data["recusal_declaration"],
                    override_reason=data["override_reason"],
                ),
            )
        except RecusalConflict as error:
            context["conflicts"] = [
                (target, person, reasons)
                for target, reasons in selectors.recusal_conflicts_of(person, team)
            ]
            if not context["conflicts"]:
                form.add_error(None, error.message)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            done = _("%(person)s added to %(team)s.") % {"person": profile.name, "team": team}
            _saved(request, created, done)
            return redirect(f"{reverse('rounds:round', args=[team.round_id])}#team-{team.pk}")
    context["form"] = form
    return render(request, "rounds/planning/member_form.html", context, status=400)
