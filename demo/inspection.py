"""Terms, rounds, teams and assignments, each taken as far as the scenario says."""

import datetime

from demo.findings import (
    FED_BACK_MIX,
    ON_SITE_MIX,
    REPORTING_MIX,
    Crew,
    add_suggestions,
    file_findings,
    give_feedback,
    register_leads,
    transfer_leads,
)
from demo.people import appoint_liaison, declare_recusal, recusal_conflicts
from demo.rectification import evaluate, rectify
from demo.scenario import MUNICIPAL_ROUND, PROVINCIAL_ROUNDS
from rounds import services
from rounds.models import Assignment, TeamMembership

Phase = Assignment.Phase
PHASES = list(Phase)
Role = TeamMembership.Role
AUTHORISATION_PREFIX = {"province": "江南巡字", "yunchuan": "云川巡察字"}


class RosterConflict(Exception):
    """The scenario would have someone inspect a unit they must recuse from."""


def build_rounds(seed):
    provincial_term = _term(seed, "province", "十二届省委")
    for plan in PROVINCIAL_ROUNDS:
        run_round(seed, "province", provincial_term, plan)
    run_round(seed, "yunchuan", _term(seed, "yunchuan", "七届市委"), MUNICIPAL_ROUND)


def _term(seed, key, name):
    """A five-year term around today, so the rounds' dates always fall inside it."""
    return services.term_create(
        office=seed.offices[key],
        name=name,
        starts_on=datetime.date(seed.today.year - 3, 1, 1),
        ends_on=datetime.date(seed.today.year + 1, 12, 31),
        by=seed.casts[key].staff,
    )


def run_round(seed, key, term, plan):
    cast = seed.casts[key]
    round_ = services.round_plan(
        term=term,
        ordinal=plan.ordinal,
        kind=plan.kind,
        theme=plan.theme,
        planned_start=seed.day(plan.start),
        planned_end=seed.day(plan.end),
        by=cast.staff,
    )
    # Teams and assignments first: a completed round accepts no more of them.
    work = []
    for team_plan in plan.teams:
        crew = _form_team(seed, key, round_, team_plan, plan)
        for visit in team_plan.visits:
            work.append((crew, _assign(seed, key, round_, crew, visit, plan), visit))
    for crew, assignment, visit in work:
        _advance(seed, cast, crew, assignment, visit, plan)
    if plan.complete:
        services.round_complete(round=round_, by=cast.staff)
    return round_


def _form_team(seed, key, round_, team_plan, plan):
    """一次一授权: everyone is authorised for this round and signs the pledge and declaration."""
    staff = seed.casts[key].staff
    team = services.team_form(round=round_, name=team_plan.name, by=staff)
    authorised_on = min(seed.day(plan.start - 12), seed.day(-3))
    reference = f"{AUTHORISATION_PREFIX[key]}〔{authorised_on.year}〕{plan.ordinal + 6}号"
    roles = [(team_plan.leader, Role.LEADER), (team_plan.deputy, Role.DEPUTY)]
    roles += [(name, Role.MEMBER) for name in team_plan.members]
    for name, role in roles:
        user = seed.people[name]
        services.team_add_member(
            team=team,
            user=user,
            role=role,
            by=staff,
            authorised_on=authorised_on,
            authorisation_reference=reference,
            pledge_signed_on=authorised_on,
            recusal_declaration=declare_recusal(seed, key, user, authorised_on),
        )
    people = seed.people
    return Crew(
        team=team,
        leader=people[team_plan.leader],
        deputy=people[team_plan.deputy],
        members=[people[name] for name in team_plan.members],
        names=[name for name, _ in roles],
    )


def _assign(seed, key, round_, crew, visit, plan):
    target = seed.targets[key][visit.target]
    conflicts = recusal_conflicts(seed, seed.offices[key], crew.names, target)
    if conflicts:
        raise RosterConflict(f"{crew.team} → {target}: " + "；".join(conflicts))
    start, end = visit.on_site or plan.on_site
    return services.assignment_create(
        round=round_,
        team=crew.team,
        target=target,
        by=seed.casts[key].staff,
        on_site_from=seed.day(start),
        on_site_until=seed.day(end),
    )


def _advance(seed, cast, crew, assignment, visit, plan):
    """Walk one assignment through its phases, stopping at the scenario's phase."""

    def reached(phase):
        return PHASES.index(visit.phase) >= PHASES.index(phase)

    if not reached(Phase.ON_SITE):
        return
    staff = cast.staff
    assignment = services.assignment_begin_on_site(assignment=assignment, by=staff)
    mix = FED_BACK_MIX if reached(Phase.FEEDBACK) else REPORTING_MIX
    if visit.phase == Phase.ON_SITE:
        mix = ON_SITE_MIX
    findings = file_findings(
        seed,
        cast,
        crew,
        assignment,
        count=visit.findings,
        mix=mix,
        window=(assignment.on_site_from, assignment.on_site_until),
        rural=plan.rural,
    )
    leads = register_leads(seed, crew, assignment, findings, visit.leads)
    if visit.phase == Phase.ON_SITE:
        return
    assignment = services.assignment_begin_reporting(assignment=assignment, by=staff)
    suggestions = add_suggestions(seed, crew, assignment, plan.rural)
    if visit.phase == Phase.REPORTING:
        return
    delivered_on = _feedback_day(seed, visit, plan)
    accepted = [finding for finding in findings if finding.status == "accepted"]
    top_official = give_feedback(seed, cast, assignment, accepted, suggestions, delivered_on)
    # Leads go to the receiving bodies soon after feedback; one may still wait for it.
    waiting = 1 if visit.phase == Phase.FEEDBACK and leads else 0
    transfer_leads(seed, cast, leads[waiting:], delivered_on + datetime.timedelta(days=5))
    liaison = appoint_liaison(seed, assignment.target, delivered_on, login=visit.liaison)
    if visit.phase == Phase.FEEDBACK:
        if visit.plan:
            rectify(seed, cast, assignment, visit, liaison, top_official)
        return
    assignment = services.assignment_begin_rectification(assignment=assignment, by=staff)
    rectify(seed, cast, assignment, visit, liaison, top_official)
    if reached(Phase.EVALUATION):
        evaluate(seed, cast, assignment, visit, close=visit.phase == Phase.CLOSED)


def _feedback_day(seed, visit, plan):
    """A visit's own feedback day, or the round's spread over a few days: one office, many
    units, one leadership-group meeting after another."""
    if visit.feedback is not None:
        return seed.day(visit.feedback)
    return seed.day(plan.feedback + seed.rng.randint(0, 6))
