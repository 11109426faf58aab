"""Terms, rounds, teams and the phases of an assignment, up to rectification."""

import datetime

import pytest
from django.utils import timezone

from core.errors import DomainError, NotAllowed, TransitionError
from rectification import services as rectification
from rounds import services
from rounds.models import Assignment, Round, Team, TeamMembership, Term
from tests import factories, flows
from tests.factories import ROUND_END, ROUND_START, TERM_END, TERM_START

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "media_root")]

Phase = Assignment.Phase
Role = TeamMembership.Role


def plan_round(cast, **overrides):
    values = {
        "term": cast.round.term,
        "ordinal": 9,
        "kind": Round.Kind.REGULAR,
        "planned_start": datetime.date(2025, 3, 1),
        "planned_end": datetime.date(2025, 5, 31),
        "by": cast.office_staff,
    }
    values.update(overrides)
    return services.round_plan(**values)


# term_create -----------------------------------------------------------------------------


def test_office_staff_create_a_term(cast):
    term = services.term_create(
        office=cast.office,
        name="第十五届县委",
        starts_on=datetime.date(2027, 1, 1),
        ends_on=datetime.date(2031, 12, 31),
        by=cast.office_staff,
    )
    assert Term.objects.get(pk=term.pk).office == cast.office


def test_a_team_leader_cannot_create_a_term(cast):
    with pytest.raises(NotAllowed):
        services.term_create(
            office=cast.office,
            name="第十五届县委",
            starts_on=datetime.date(2027, 1, 1),
            ends_on=datetime.date(2031, 12, 31),
            by=cast.leader,
        )


def test_staff_of_another_office_cannot_create_a_term(cast, other_cast):
    with pytest.raises(NotAllowed):
        services.term_create(
            office=cast.office,
            name="第十五届县委",
            starts_on=datetime.date(2027, 1, 1),
            ends_on=datetime.date(2031, 12, 31),
            by=other_cast.office_staff,
        )


def test_a_term_must_end_after_it_starts(cast):
    with pytest.raises(DomainError, match="must end after it starts"):
        services.term_create(
            office=cast.office,
            name="第十五届县委",
            starts_on=datetime.date(2027, 1, 1),
            ends_on=datetime.date(2027, 1, 1),
            by=cast.office_staff,
        )


def test_a_term_name_is_used_once_per_office(cast):
    with pytest.raises(DomainError, match="already has a term named"):
        services.term_create(
            office=cast.office,
            name=cast.round.term.name,
            starts_on=datetime.date(2027, 1, 1),
            ends_on=datetime.date(2031, 12, 31),
            by=cast.office_staff,
        )


# round_plan ------------------------------------------------------------------------------


def test_office_staff_plan_a_round_of_their_term(cast):
    new_round = plan_round(cast)
    assert new_round.office == cast.office
    assert new_round.status == Round.Status.PLANNED


def test_a_member_cannot_plan_a_round(cast):
    with pytest.raises(NotAllowed):
        plan_round(cast, by=cast.member)


def test_a_round_cannot_start_before_the_term(cast):
    with pytest.raises(DomainError, match="within the term"):
        plan_round(cast, planned_start=TERM_START - datetime.timedelta(days=1))


def test_a_round_cannot_end_after_the_term(cast):
    with pytest.raises(DomainError, match="within the term"):
        plan_round(cast, planned_end=TERM_END + datetime.timedelta(days=1))


def test_a_round_may_fill_the_term_to_the_day(cast):
    new_round = plan_round(cast, planned_start=TERM_START, planned_end=TERM_END)
    assert (new_round.planned_start, new_round.planned_end) == (TERM_START, TERM_END)


def test_a_round_cannot_end_before_it_starts(cast):
    with pytest.raises(DomainError, match="must end on or after"):
        plan_round(
            cast,
            planned_start=datetime.date(2025, 5, 1),
            planned_end=datetime.date(2025, 4, 30),
        )


def test_a_special_round_needs_a_theme(cast):
    with pytest.raises(DomainError, match="special round needs a theme"):
        plan_round(cast, kind=Round.Kind.SPECIAL, theme="   ")


def test_a_special_round_keeps_its_theme_without_surrounding_spaces(cast):
    new_round = plan_round(cast, kind=Round.Kind.SPECIAL, theme="  乡村振兴领域专项巡察 ")
    assert new_round.theme == "乡村振兴领域专项巡察"


def test_a_round_ordinal_is_used_once_per_term(cast):
    with pytest.raises(DomainError, match="already exists"):
        plan_round(cast, ordinal=cast.round.ordinal)


def test_the_same_ordinal_is_free_in_another_term(cast):
    term = factories.TermFactory(
        office=cast.office, starts_on=datetime.date(2027, 1, 1), ends_on=datetime.date(2031, 12, 31)
    )
    new_round = plan_round(
        cast,
        term=term,
        ordinal=cast.round.ordinal,
        planned_start=datetime.date(2027, 3, 1),
        planned_end=datetime.date(2027, 5, 31),
    )
    assert new_round.ordinal == cast.round.ordinal


def test_a_round_ordinal_starts_at_one(cast):
    with pytest.raises(DomainError):
        plan_round(cast, ordinal=0)


# round_start, round_complete, round_cancel -----------------------------------------------


def test_office_staff_start_a_planned_round_with_an_assignment(cast):
    started = services.round_start(round=cast.round, by=cast.office_staff)
    assert started.status == Round.Status.IN_PROGRESS


def test_a_leader_cannot_start_a_round(cast):
    with pytest.raises(NotAllowed):
        services.round_start(round=cast.round, by=cast.leader)


def test_a_round_without_assignments_cannot_start(cast):
    empty = plan_round(cast)
    with pytest.raises(TransitionError, match="no assignment"):
        services.round_start(round=empty, by=cast.office_staff)


def test_a_round_in_progress_cannot_start_again(cast):
    services.round_start(round=cast.round, by=cast.office_staff)
    with pytest.raises(TransitionError, match="cannot become"):
        services.round_start(round=cast.round, by=cast.office_staff)


def test_a_round_completes_once_every_assignment_is_fed_back(cast):
    flows.fed_back(cast)
    completed = services.round_complete(round=cast.round, by=cast.office_staff)
    assert completed.status == Round.Status.COMPLETED


def test_a_round_with_an_assignment_still_on_site_cannot_complete(cast):
    flows.on_site(cast)
    with pytest.raises(TransitionError, match="1 assignments have not been fed back"):
        services.round_complete(round=cast.round, by=cast.office_staff)


def test_a_planned_round_cannot_complete(cast):
    empty = plan_round(cast)
    with pytest.raises(TransitionError, match="cannot become"):
        services.round_complete(round=empty, by=cast.office_staff)


def test_a_member_cannot_complete_a_round(cast):
    flows.fed_back(cast)
    with pytest.raises(NotAllowed):
        services.round_complete(round=cast.round, by=cast.member)


def test_office_staff_cancel_a_planned_round_with_a_reason(cast):
    cancelled = services.round_cancel(round=cast.round, by=cast.office_staff, reason="工作调整")
    assert cancelled.status == Round.Status.CANCELLED


def test_cancelling_a_round_needs_a_reason(cast):
    with pytest.raises(DomainError, match="reason"):
        services.round_cancel(round=cast.round, by=cast.office_staff, reason="  ")


def test_a_round_in_progress_cannot_be_cancelled(cast):
    flows.on_site(cast)
    with pytest.raises(TransitionError, match="cannot become"):
        services.round_cancel(round=cast.round, by=cast.office_staff, reason="工作调整")


def test_an_outsider_cannot_cancel_a_round(cast):
    with pytest.raises(NotAllowed):
        services.round_cancel(round=cast.round, by=cast.outsider, reason="工作调整")


# team_form, team_add_member --------------------------------------------------------------


def test_office_staff_form_a_team_in_an_open_round(cast):
    team = services.team_form(round=cast.round, name="第九巡察组", by=cast.office_staff)
    assert Team.objects.get(pk=team.pk).round == cast.round


def test_a_leader_cannot_form_a_team(cast):
    with pytest.raises(NotAllowed):
        services.team_form(round=cast.round, name="第九巡察组", by=cast.leader)


def test_a_team_name_is_used_once_per_round(cast):
    with pytest.raises(DomainError, match="already has a team named"):
        services.team_form(round=cast.round, name=cast.team.name, by=cast.office_staff)


def test_no_team_is_formed_in_a_cancelled_round(cast):
    services.round_cancel(round=cast.round, by=cast.office_staff, reason="工作调整")
    cast.refresh()
    with pytest.raises(DomainError, match="can no longer change"):
        services.team_form(round=cast.round, name="第九巡察组", by=cast.office_staff)


def test_office_staff_add_a_member_to_a_team(cast):
    person = factories.InspectorFactory(office=cast.office).user
    membership = services.team_add_member(
        team=cast.team, user=person, role=Role.MEMBER, by=cast.office_staff
    )
    assert membership.role == Role.MEMBER


def test_a_leader_cannot_add_members_to_the_team(cast):
    person = factories.InspectorFactory(office=cast.office).user
    with pytest.raises(NotAllowed):
        services.team_add_member(team=cast.team, user=person, role=Role.MEMBER, by=cast.leader)


def test_a_person_is_on_a_team_only_once(cast):
    with pytest.raises(DomainError, match="already on"):
        services.team_add_member(
            team=cast.team, user=cast.member, role=Role.DEPUTY, by=cast.office_staff
        )


def test_a_team_has_only_one_leader(cast):
    person = factories.InspectorFactory(office=cast.office, in_leader_pool=True).user
    with pytest.raises(DomainError, match="already has a leader"):
        services.team_add_member(
            team=cast.team, user=person, role=Role.LEADER, by=cast.office_staff
        )


def test_a_team_may_have_several_deputies(cast):
    person = factories.InspectorFactory(office=cast.office).user
    services.team_add_member(team=cast.team, user=person, role=Role.DEPUTY, by=cast.office_staff)
    assert cast.team.memberships.filter(role=Role.DEPUTY).count() == 2


def test_a_member_cannot_bring_someone_elses_recusal_declaration(cast):
    person = factories.InspectorFactory(office=cast.office).user
    declaration = factories.RecusalDeclarationFactory()
    with pytest.raises(DomainError, match="belongs to someone else"):
        services.team_add_member(
            team=cast.team,
            user=person,
            role=Role.MEMBER,
            by=cast.office_staff,
            recusal_declaration=declaration,
        )


# assignment_create -----------------------------------------------------------------------


def test_office_staff_assign_a_team_to_a_target_of_their_office(cast):
    target = factories.TargetFactory(office=cast.office)
    assignment = services.assignment_create(
        round=cast.round, team=cast.team, target=target, by=cast.office_staff
    )
    assert assignment.phase == Phase.PREPARATION


def test_a_leader_cannot_create_an_assignment(cast):
    target = factories.TargetFactory(office=cast.office)
    with pytest.raises(NotAllowed):
        services.assignment_create(round=cast.round, team=cast.team, target=target, by=cast.leader)


def test_a_team_of_another_round_cannot_be_assigned(cast):
    other_round = factories.RoundFactory(term=cast.round.term)
    other_team = factories.TeamFactory(round=other_round)
    target = factories.TargetFactory(office=cast.office)
    with pytest.raises(DomainError, match="another round"):
        services.assignment_create(
            round=cast.round, team=other_team, target=target, by=cast.office_staff
        )


def test_an_inactive_target_cannot_be_assigned(cast):
    target = factories.TargetFactory(office=cast.office, active=False)
    with pytest.raises(DomainError, match="inactive"):
        services.assignment_create(
            round=cast.round, team=cast.team, target=target, by=cast.office_staff
        )


def test_a_target_of_another_office_cannot_be_assigned(cast, other_cast):
    with pytest.raises(DomainError, match="is not a target of"):
        services.assignment_create(
            round=cast.round,
            team=cast.team,
            target=other_cast.assignment.target,
            by=cast.office_staff,
        )


def test_a_target_is_assigned_once_per_round(cast):
    other_team = factories.TeamFactory(round=cast.round)
    with pytest.raises(DomainError, match="already assigned"):
        services.assignment_create(
            round=cast.round,
            team=other_team,
            target=cast.assignment.target,
            by=cast.office_staff,
        )


def test_the_on_site_period_cannot_end_before_it_starts(cast):
    target = factories.TargetFactory(office=cast.office)
    with pytest.raises(DomainError, match="on-site period"):
        services.assignment_create(
            round=cast.round,
            team=cast.team,
            target=target,
            by=cast.office_staff,
            on_site_from=ROUND_END,
            on_site_until=ROUND_START,
        )


# assignment phases -----------------------------------------------------------------------


def test_going_on_site_moves_the_assignment_on_site(cast):
    assignment = services.assignment_begin_on_site(assignment=cast.assignment, by=cast.office_staff)
    assert assignment.phase == Phase.ON_SITE


def test_going_on_site_starts_a_planned_round(cast):
    services.assignment_begin_on_site(assignment=cast.assignment, by=cast.office_staff)
    cast.round.refresh_from_db()
    assert cast.round.status == Round.Status.IN_PROGRESS


def test_going_on_site_leaves_a_round_in_progress_as_it_is(cast):
    second = factories.AssignmentFactory(round=cast.round, team=cast.team)
    flows.on_site(cast)
    services.assignment_begin_on_site(assignment=second, by=cast.office_staff)
    cast.round.refresh_from_db()
    assert cast.round.status == Round.Status.IN_PROGRESS


def test_a_team_without_a_leader_cannot_go_on_site(cast):
    team = factories.TeamFactory(round=cast.round)
    factories.TeamMembershipFactory(team=team, role=Role.DEPUTY)
    assignment = factories.AssignmentFactory(round=cast.round, team=team)
    with pytest.raises(TransitionError, match="has no leader"):
        services.assignment_begin_on_site(assignment=assignment, by=cast.office_staff)


def test_a_leader_cannot_send_the_team_on_site(cast):
    with pytest.raises(NotAllowed):
        services.assignment_begin_on_site(assignment=cast.assignment, by=cast.leader)


def test_an_assignment_already_on_site_cannot_go_on_site_again(cast):
    flows.on_site(cast)
    with pytest.raises(TransitionError, match="cannot become"):
        services.assignment_begin_on_site(assignment=cast.assignment, by=cast.office_staff)


def test_an_assignment_of_a_cancelled_round_cannot_go_on_site(cast):
    services.round_cancel(round=cast.round, by=cast.office_staff, reason="工作调整")
    cast.refresh()
    with pytest.raises(DomainError, match="can no longer change"):
        services.assignment_begin_on_site(assignment=cast.assignment, by=cast.office_staff)


def test_reporting_follows_on_site(cast):
    flows.on_site(cast)
    assignment = services.assignment_begin_reporting(
        assignment=cast.assignment, by=cast.office_staff
    )
    assert assignment.phase == Phase.REPORTING


def test_reporting_cannot_skip_going_on_site(cast):
    with pytest.raises(TransitionError, match="cannot become"):
        services.assignment_begin_reporting(assignment=cast.assignment, by=cast.office_staff)


def test_a_leader_cannot_move_the_assignment_to_reporting(cast):
    flows.on_site(cast)
    with pytest.raises(NotAllowed):
        services.assignment_begin_reporting(assignment=cast.assignment, by=cast.leader)


def test_rectification_cannot_skip_the_feedback(cast):
    flows.reporting(cast)
    with pytest.raises(TransitionError, match="cannot become"):
        services.assignment_begin_rectification(assignment=cast.assignment, by=cast.office_staff)


@pytest.mark.parametrize(
    "move",
    [
        services.assignment_begin_on_site,
        services.assignment_begin_reporting,
        services.assignment_begin_rectification,
        rectification.assignment_begin_evaluation,
        rectification.assignment_close,
    ],
    ids=lambda move: move.__name__,
)
def test_no_phase_change_but_feedback_issue_moves_a_reporting_assignment_on(cast, move):
    flows.reporting(cast)
    with pytest.raises(TransitionError):
        move(assignment=cast.assignment, by=cast.office_staff)
    assert cast.refresh().phase == Phase.REPORTING


def test_rectification_begins_after_feedback(cast):
    flows.fed_back(cast)
    assignment = services.assignment_begin_rectification(
        assignment=cast.assignment, by=cast.office_staff
    )
    assert assignment.phase == Phase.RECTIFICATION


def test_rectification_waits_while_a_lead_is_still_registered(cast):
    flows.registered_lead(cast)
    flows.fed_back(cast)
    with pytest.raises(TransitionError, match="1 leads have not been transferred"):
        services.assignment_begin_rectification(assignment=cast.assignment, by=cast.office_staff)


def test_rectification_begins_once_the_leads_are_transferred(cast):
    flows.transferred_lead(cast)
    flows.fed_back(cast)
    assignment = services.assignment_begin_rectification(
        assignment=cast.assignment, by=cast.office_staff
    )
    assert assignment.phase == Phase.RECTIFICATION


def test_a_liaison_cannot_begin_rectification(cast):
    flows.fed_back(cast)
    with pytest.raises(NotAllowed):
        services.assignment_begin_rectification(assignment=cast.assignment, by=cast.liaison)


def test_going_on_site_records_the_first_day_on_site(cast):
    flows.on_site(cast)
    assert cast.refresh().on_site_from == timezone.localdate()


def test_only_people_of_the_offices_talent_pool_join_a_team(cast):
    stranger = factories.InspectorFactory().user
    with pytest.raises(DomainError, match="not in the talent pool"):
        services.team_add_member(
            team=cast.team, user=stranger, role=Role.MEMBER, by=cast.office_staff
        )


def test_a_leader_comes_from_the_leader_pool(cast):
    other_team = factories.TeamFactory(round=cast.round)
    person = factories.InspectorFactory(office=cast.office, in_leader_pool=False).user
    with pytest.raises(DomainError, match="leader pool"):
        services.team_add_member(
            team=other_team, user=person, role=Role.LEADER, by=cast.office_staff
        )


def test_nobody_sits_on_two_teams_of_one_round(cast):
    other_team = factories.TeamFactory(round=cast.round)
    with pytest.raises(DomainError, match="another team of this round"):
        services.team_add_member(
            team=other_team, user=cast.member, role=Role.MEMBER, by=cast.office_staff
        )
