"""The office's planning pages: terms and rounds, the round board, forming teams from the talent
pool, and assigning teams to targets with coverage and conflicts of interest in view."""

import datetime
import uuid
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from organisations.models import Target
from rounds.models import Assignment, RecusalOverride, Round, Team, TeamMembership, Term
from tests import factories
from tests.factories import ROUND_END, ROUND_START, TERM_END, TERM_START

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

Phase = Assignment.Phase
Role = TeamMembership.Role
REASON = "该同志五年前已调离，经巡视办主任会议研究，同意其参加本轮巡视。"


def rounds_url():
    return reverse("rounds:rounds")


def round_url(round_):
    return reverse("rounds:round", args=[round_.pk])


def plan_url(term):
    return reverse("rounds:round_plan", args=[term.pk])


def assign_url(round_):
    return reverse("rounds:round_assign", args=[round_.pk])


def team_create_url(round_):
    return reverse("rounds:team_create", args=[round_.pk])


def pool_url(team):
    return reverse("rounds:talent_pool", args=[team.pk])


def member_url(team, user):
    return reverse("rounds:member_add", args=[team.pk, user.pk])


def text_of(response):
    return unescape(response.content.decode())


def listed(response):
    return list(response.context["page_obj"])


def leadership_of(office):
    return factories.ProfileFactory(office=office, is_leadership=True).user


def term_data(token=None, **changes):
    data = {
        "submission": str(token or uuid.uuid4()),
        "name": "第十三届县委",
        "starts_on": "2027-01-01",
        "ends_on": "2031-12-31",
    }
    data.update(changes)
    return data


def round_data(token=None, **changes):
    data = {
        "submission": str(token or uuid.uuid4()),
        "ordinal": "7",
        "kind": Round.Kind.REGULAR,
        "theme": "",
        "planned_start": "2025-03-01",
        "planned_end": "2025-05-31",
    }
    data.update(changes)
    return data


def assign_data(team, targets, token=None, **changes):
    data = {
        "submission": str(token or uuid.uuid4()),
        "team": team.pk,
        "targets": [target.pk for target in targets],
    }
    data.update(changes)
    return data


def member_data(token=None, **changes):
    data = {
        "submission": str(token or uuid.uuid4()),
        "role": Role.MEMBER,
        "authorised_on": "2024-02-20",
        "authorisation_reference": "县巡字〔2024〕3号",
        "pledge_signed_on": "2024-02-21",
        "recusal_declaration": "",
    }
    data.update(changes)
    return data


def new_target(cast, **fields):
    return factories.TargetFactory(office=cast.office, **fields)


def pool_person(cast, **fields):
    return factories.InspectorFactory(office=cast.office, **fields)


# Terms and rounds ------------------------------------------------------------------------


def test_office_staff_see_their_terms_with_their_rounds(client, cast):
    client.force_login(cast.office_staff)
    response = client.get(rounds_url())
    assert response.status_code == 200
    assert list(response.context["terms"]) == [cast.round.term]
    assert cast.round.term.name in response.text
    assert round_url(cast.round) in response.text


def test_the_round_list_leaves_out_other_offices_terms(client, cast, other_cast):
    client.force_login(cast.office_staff)
    response = client.get(rounds_url())
    assert other_cast.round.term.name not in response.text
    assert round_url(other_cast.round) not in response.text


def test_office_staff_create_a_term(client, cast):
    client.force_login(cast.office_staff)
    response = client.post(reverse("rounds:term_create"), term_data())
    term = Term.objects.get(name="第十三届县委")
    assertRedirects(response, f"{rounds_url()}#term-{term.pk}", fetch_redirect_response=False)
    assert (term.office, term.starts_on, term.ends_on) == (
        cast.office,
        datetime.date(2027, 1, 1),
        datetime.date(2031, 12, 31),
    )


def test_a_term_that_ends_before_it_starts_is_refused_and_the_input_kept(client_in_english, cast):
    client_in_english.force_login(cast.office_staff)
    data = term_data(starts_on="2031-12-31", ends_on="2027-01-01")
    response = client_in_english.post(reverse("rounds:term_create"), data)
    assert response.status_code == 400
    assert response.context["term_form"].non_field_errors() == ["A term must end after it starts."]
    assert "A term must end after it starts." in text_of(response)
    assert 'value="第十三届县委"' in response.text
    assert not Term.objects.filter(name="第十三届县委").exists()


def test_a_term_without_a_name_is_refused_with_a_field_error(client, cast):
    client.force_login(cast.office_staff)
    response = client.post(reverse("rounds:term_create"), term_data(name=""))
    assert response.status_code == 400
    assert list(response.context["term_form"].errors) == ["name"]


def test_posting_the_term_form_twice_creates_one_term(client, cast):
    client.force_login(cast.office_staff)
    token = uuid.uuid4()
    first = client.post(reverse("rounds:term_create"), term_data(token=token))
    second = client.post(reverse("rounds:term_create"), term_data(token=token))
    assert first.status_code == second.status_code == 302
    assert Term.objects.filter(name="第十三届县委").count() == 1


def test_the_round_form_suggests_the_next_ordinal_of_the_term(client, cast):
    term = cast.round.term
    factories.RoundFactory(term=term, ordinal=cast.round.ordinal + 4)
    client.force_login(cast.office_staff)
    response = client.get(plan_url(term))
    assert response.status_code == 200
    assert response.context["form"]["ordinal"].value() == cast.round.ordinal + 5


def test_office_staff_plan_a_round_of_a_term(client, cast):
    client.force_login(cast.office_staff)
    response = client.post(plan_url(cast.round.term), round_data())
    round_ = Round.objects.get(term=cast.round.term, ordinal=7)
    assertRedirects(response, round_url(round_))
    assert (round_.kind, round_.planned_start, round_.status) == (
        Round.Kind.REGULAR,
        datetime.date(2025, 3, 1),
        Round.Status.PLANNED,
    )


def test_a_special_round_without_a_theme_is_refused_on_the_theme_field(client_in_english, cast):
    client_in_english.force_login(cast.office_staff)
    data = round_data(kind=Round.Kind.SPECIAL, theme=" ")
    response = client_in_english.post(plan_url(cast.round.term), data)
    assert response.status_code == 400
    assert response.context["form"].errors == {"theme": ["A special round needs a theme."]}
    assert 'value="2025-03-01"' in response.text
    assert not Round.objects.filter(ordinal=7).exists()


def test_the_theme_field_is_offered_for_every_kind_of_round(client, cast):
    client.force_login(cast.office_staff)
    response = client.get(plan_url(cast.round.term))
    assert 'name="theme"' in response.text


def test_a_round_outside_its_term_is_refused_with_the_terms_dates(client_in_english, cast):
    client_in_english.force_login(cast.office_staff)
    data = round_data(planned_end="2027-02-01")
    response = client_in_english.post(plan_url(cast.round.term), data)
    assert response.status_code == 400
    [error] = response.context["form"].non_field_errors()
    assert error == f"The round's dates must fall within the term ({TERM_START} to {TERM_END})."
    assert error in text_of(response)


def test_posting_the_round_form_twice_plans_one_round(client, cast):
    client.force_login(cast.office_staff)
    token = uuid.uuid4()
    first = client.post(plan_url(cast.round.term), round_data(token=token))
    second = client.post(plan_url(cast.round.term), round_data(token=token))
    round_ = Round.objects.get(ordinal=7)
    assertRedirects(first, round_url(round_))
    assertRedirects(second, round_url(round_))


# The round board -------------------------------------------------------------------------


def board_of(response):
    return [(a.target.name, a.team.name, a.phase) for a in response.context["assignments"]]


def test_the_round_board_shows_every_assignment_with_team_target_and_phase(client, cast):
    later = factories.AssignmentFactory(round=cast.round, team=cast.team, phase=Phase.ON_SITE)
    client.force_login(cast.office_staff)
    response = client.get(round_url(cast.round))
    assert response.status_code == 200
    assert board_of(response) == [
        (cast.assignment.target.name, cast.team.name, Phase.PREPARATION),
        (later.target.name, cast.team.name, Phase.ON_SITE),
    ]
    for assignment in (cast.assignment, later):
        assert reverse("rounds:assignment", args=[assignment.pk]) in response.text


def test_the_board_sorts_phases_in_the_order_of_the_work(client, cast):
    for phase in (Phase.RECTIFICATION, Phase.ON_SITE, Phase.FEEDBACK):
        factories.AssignmentFactory(round=cast.round, team=cast.team, phase=phase)
    client.force_login(cast.office_staff)
    phases = [
        [phase for _target, _team, phase in board_of(client.get(f"{round_url(cast.round)}?{q}"))]
        for q in ("ordering=phase", "ordering=-phase")
    ]
    expected = [Phase.PREPARATION, Phase.ON_SITE, Phase.FEEDBACK, Phase.RECTIFICATION]
    assert phases == [expected, expected[::-1]]


def test_the_board_sorts_by_team(client, cast):
    other = factories.TeamFactory(round=cast.round, name="第0巡察组")
    factories.AssignmentFactory(round=cast.round, team=other)
    client.force_login(cast.office_staff)
    response = client.get(f"{round_url(cast.round)}?ordering=team")
    assert [team for _target, team, _phase in board_of(response)] == ["第0巡察组", cast.team.name]


def test_the_round_page_lists_each_team_with_its_members_leader_first(client, cast):
    declaration = factories.RecusalDeclarationFactory(profile=cast.leader.profile)
    leader = TeamMembership.objects.get(user=cast.leader)
    leader.authorised_on = datetime.date(2024, 2, 20)
    leader.pledge_signed_on = datetime.date(2024, 2, 22)
    leader.recusal_declaration = declaration
    leader.save()
    client.force_login(cast.office_staff)
    response = client.get(round_url(cast.round))
    [team] = response.context["teams"]
    members = [(m.user, m.role, bool(m.recusal_declaration_id)) for m in team.memberships.all()]
    assert members == [
        (cast.leader, Role.LEADER, True),
        (cast.deputy, Role.DEPUTY, False),
        (cast.member, Role.MEMBER, False),
    ]
    page = text_of(response)
    for text in (cast.leader.profile.name, "2024-02-20", "2024-02-22", cast.member.profile.name):
        assert text in page


def test_office_staff_form_a_team(client, cast):
    client.force_login(cast.office_staff)
    data = {"submission": str(uuid.uuid4()), "name": "第九巡察组"}
    response = client.post(team_create_url(cast.round), data)
    team = Team.objects.get(round=cast.round, name="第九巡察组")
    assertRedirects(
        response, f"{round_url(cast.round)}#team-{team.pk}", fetch_redirect_response=False
    )


def test_a_team_name_already_used_in_the_round_is_refused(client_in_english, cast):
    client_in_english.force_login(cast.office_staff)
    data = {"submission": str(uuid.uuid4()), "name": cast.team.name}
    response = client_in_english.post(team_create_url(cast.round), data)
    assert response.status_code == 400
    message = f"{cast.round} already has a team named {cast.team.name}."
    assert response.context["team_form"].errors == {"name": [message]}
    assert message in text_of(response)
    assert Team.objects.filter(round=cast.round).count() == 1


def test_posting_the_team_form_twice_forms_one_team(client, cast):
    client.force_login(cast.office_staff)
    data = {"submission": str(uuid.uuid4()), "name": "第九巡察组"}
    client.post(team_create_url(cast.round), data)
    second = client.post(team_create_url(cast.round), data)
    assert second.status_code == 302
    assert Team.objects.filter(name="第九巡察组").count() == 1


def test_a_completed_round_offers_no_planning_forms(client, cast):
    Round.objects.filter(pk=cast.round.pk).update(status=Round.Status.COMPLETED)
    client.force_login(cast.office_staff)
    response = client.get(round_url(cast.round))
    assert response.context["may_plan"] is False
    assert team_create_url(cast.round) not in response.text
    assert assign_url(cast.round) not in response.text


# The target picker -----------------------------------------------------------------------


def covered_in_term(cast, target):
    """The target was on site in an earlier round of the same term."""
    earlier = factories.RoundFactory(term=cast.round.term, planned_start=datetime.date(2023, 3, 1))
    factories.AssignmentFactory(round=earlier, target=target, phase=Phase.REPORTING)


def inspected_in_an_earlier_term(cast, target, planned_start):
    term = factories.TermFactory(
        office=cast.office, starts_on=datetime.date(2017, 1, 1), ends_on=datetime.date(2021, 12, 31)
    )
    earlier = factories.RoundFactory(term=term, planned_start=planned_start)
    factories.AssignmentFactory(round=earlier, target=target, phase=Phase.CLOSED)


def test_the_picker_lists_targets_not_covered_this_term_first(client, cast):
    covered = new_target(cast, code="A-COVERED")
    never = new_target(cast, code="Z-NEVER")
    long_ago = new_target(cast, code="M-LONG-AGO")
    covered_in_term(cast, covered)
    inspected_in_an_earlier_term(cast, long_ago, datetime.date(2019, 3, 1))
    client.force_login(cast.office_staff)
    response = client.get(assign_url(cast.round))
    assert response.status_code == 200
    # Never inspected, then inspected longest ago; the target already in this round after
    # those still free; covered ones last.
    assert listed(response) == [never, long_ago, cast.assignment.target, covered]
    assert [t.is_covered for t in listed(response)] == [False, False, False, True]


def test_the_picker_shows_the_last_inspection_date(client, cast):
    target = new_target(cast)
    inspected_in_an_earlier_term(cast, target, datetime.date(2019, 3, 1))
    inspected_in_an_earlier_term(cast, target, datetime.date(2020, 9, 1))
    client.force_login(cast.office_staff)
    response = client.get(assign_url(cast.round))
    row = next(t for t in listed(response) if t == target)
    assert row.last_inspected_on == datetime.date(2020, 9, 1)
    assert "2020-09-01" in response.text


def test_the_picker_filters_targets_by_category_and_region(client, cast):
    region = factories.RegionFactory(name="青山区")
    village = new_target(cast, category=Target.Category.VILLAGE, region=region)
    new_target(cast, category=Target.Category.VILLAGE)
    new_target(cast, category=Target.Category.DEPARTMENT, region=region)
    client.force_login(cast.office_staff)
    response = client.get(
        assign_url(cast.round), {"category": Target.Category.VILLAGE, "region": region.pk}
    )
    assert listed(response) == [village]


def test_the_picker_lists_only_the_offices_active_targets(client, cast, other_cast):
    inactive = new_target(cast, active=False)
    client.force_login(cast.office_staff)
    response = client.get(assign_url(cast.round))
    assert inactive not in listed(response)
    assert other_cast.assignment.target not in listed(response)


def test_office_staff_assign_a_team_to_two_targets(client, cast):
    first, second = new_target(cast), new_target(cast)
    client.force_login(cast.office_staff)
    response = client.post(assign_url(cast.round), assign_data(cast.team, [first, second]))
    assertRedirects(response, round_url(cast.round))
    assert set(
        Assignment.objects.filter(round=cast.round, team=cast.team).values_list("target", flat=True)
    ) == {cast.assignment.target_id, first.pk, second.pk}


def test_assigning_several_targets_is_all_or_nothing(client_in_english, cast):
    free = new_target(cast, code="A-FREE")
    taken = cast.assignment.target
    client_in_english.force_login(cast.office_staff)
    response = client_in_english.post(assign_url(cast.round), assign_data(cast.team, [free, taken]))
    assert response.status_code == 400
    message = f"{taken} is already assigned in {cast.round}."
    assert response.context["form"].non_field_errors() == [message]
    assert message in text_of(response)
    assert not Assignment.objects.filter(target=free).exists()


def test_a_refused_choice_keeps_the_team_and_the_ticked_targets(client, cast):
    free = new_target(cast)
    client.force_login(cast.office_staff)
    data = assign_data(cast.team, [free, cast.assignment.target])
    response = client.post(assign_url(cast.round), data)
    assert response.status_code == 400
    assert f'value="{free.pk}" id="target-{free.pk}" checked' in response.text
    assert f'<option value="{cast.team.pk}" selected>' in response.text


def test_choosing_no_target_is_refused(client, cast):
    client.force_login(cast.office_staff)
    response = client.post(assign_url(cast.round), assign_data(cast.team, []))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["targets"]


def conflicted_target(cast):
    """A target where the team's member works: post recusal (任职回避)."""
    target = new_target(cast, name="县财政局")
    profile = cast.member.profile
    profile.work_unit = target
    profile.save()
    return target


def test_a_conflict_of_interest_blocks_the_assignment_and_says_who_and_why(client_in_english, cast):
    target = conflicted_target(cast)
    client_in_english.force_login(cast.office_staff)
    response = client_in_english.post(assign_url(cast.round), assign_data(cast.team, [target]))
    assert response.status_code == 400
    [(blocked_target, person, reasons)] = response.context["conflicts"]
    assert (blocked_target, person) == (target, cast.member)
    assert [str(reason) for reason in reasons] == ["works in 县财政局"]
    page = text_of(response)
    assert cast.member.profile.name in page
    assert "works in 县财政局" in page
    assert 'name="override_reason"' in page
    assert not Assignment.objects.filter(target=target).exists()


def test_the_reason_field_is_offered_only_once_a_conflict_is_found(client, cast):
    client.force_login(cast.office_staff)
    response = client.get(assign_url(cast.round))
    assert 'name="override_reason"' not in response.text


def test_the_office_overrides_a_conflict_with_a_written_reason(client, cast):
    target = conflicted_target(cast)
    client.force_login(cast.office_staff)
    token = uuid.uuid4()
    client.post(assign_url(cast.round), assign_data(cast.team, [target], token=token))
    data = assign_data(cast.team, [target], token=token, override_reason=REASON)
    response = client.post(assign_url(cast.round), data)
    assertRedirects(response, round_url(cast.round))
    assignment = Assignment.objects.get(round=cast.round, target=target)
    override = RecusalOverride.objects.get(assignment=assignment)
    assert (override.user, override.by, override.reason) == (cast.member, cast.office_staff, REASON)
    page = client.get(reverse("rounds:assignment", args=[assignment.pk]))
    assert REASON in page.text


def test_a_blank_reason_does_not_override_a_conflict(client, cast):
    target = conflicted_target(cast)
    client.force_login(cast.office_staff)
    data = assign_data(cast.team, [target], override_reason="   ")
    response = client.post(assign_url(cast.round), data)
    assert response.status_code == 400
    assert response.context["conflicts"]
    assert not Assignment.objects.filter(target=target).exists()


def test_every_conflicting_target_is_shown_at_once(client, cast):
    first = conflicted_target(cast)
    second = new_target(cast)
    factories.PastPostFactory(
        profile=cast.leader.profile, unit=second, unit_name=second.name, ended_on=None
    )
    client.force_login(cast.office_staff)
    response = client.post(assign_url(cast.round), assign_data(cast.team, [first, second]))
    blocked = {(target, person) for target, person, _reasons in response.context["conflicts"]}
    assert blocked == {(first, cast.member), (second, cast.leader)}


def test_posting_the_assign_form_twice_creates_each_assignment_once(client, cast):
    first, second = new_target(cast), new_target(cast)
    client.force_login(cast.office_staff)
    data = assign_data(cast.team, [first, second])
    client.post(assign_url(cast.round), data)
    again = client.post(assign_url(cast.round), data)
    assertRedirects(again, round_url(cast.round))
    assert Assignment.objects.filter(target__in=[first, second]).count() == 2


# The talent pool and adding members ------------------------------------------------------


def test_the_talent_pool_lists_the_offices_pool_and_specialists_only(client, cast, other_cast):
    pooled = pool_person(cast)
    specialist = factories.ProfileFactory(office=cast.office, is_specialist=True)
    not_pooled = factories.ProfileFactory(office=cast.office)
    elsewhere = factories.InspectorFactory(office=other_cast.office)
    client.force_login(cast.office_staff)
    response = client.get(pool_url(cast.team))
    people = set(listed(response))
    assert {pooled, specialist} <= people
    assert not_pooled not in people
    assert elsewhere not in people


def on_a_team_of(round_, profile):
    factories.TeamMembershipFactory(team=factories.TeamFactory(round=round_), user=profile.user)


def test_someone_on_an_overlapping_round_is_marked_unavailable_and_listed_after(client, cast):
    busy = pool_person(cast, name="甲忙碌", in_leader_pool=True)
    free = pool_person(cast, name="乙空闲")
    overlapping = factories.RoundFactory(
        term=factories.TermFactory(office=cast.office),
        planned_start=ROUND_END - datetime.timedelta(days=10),
        planned_end=ROUND_END + datetime.timedelta(days=60),
    )
    on_a_team_of(overlapping, busy)
    client.force_login(cast.office_staff)
    response = client.get(pool_url(cast.team))
    people = listed(response)
    assert people.index(free) < people.index(busy)
    row = people[people.index(busy)]
    assert row.busy is True
    assert row.busy_ordinal == overlapping.ordinal
    assert not people[people.index(free)].busy
    assert "unavailable" in response.text


def test_a_round_that_does_not_overlap_leaves_the_person_available(client, cast):
    person = pool_person(cast)
    earlier = factories.RoundFactory(
        term=cast.round.term,
        planned_start=ROUND_START - datetime.timedelta(days=120),
        planned_end=ROUND_START - datetime.timedelta(days=1),
    )
    on_a_team_of(earlier, person)
    client.force_login(cast.office_staff)
    row = next(p for p in listed(client.get(pool_url(cast.team))) if p == person)
    assert row.busy is False


def test_a_cancelled_round_takes_nobody(client, cast):
    person = pool_person(cast)
    cancelled = factories.RoundFactory(term=cast.round.term, status=Round.Status.CANCELLED)
    on_a_team_of(cancelled, person)
    client.force_login(cast.office_staff)
    row = next(p for p in listed(client.get(pool_url(cast.team))) if p == person)
    assert row.busy is False


def test_the_pool_filters_by_expertise_and_the_leader_pool(client, cast):
    auditor_leader = pool_person(cast, expertise="经济责任审计", in_leader_pool=True)
    pool_person(cast, expertise="经济责任审计")
    pool_person(cast, expertise="信访", in_leader_pool=True)
    client.force_login(cast.office_staff)
    response = client.get(pool_url(cast.team), {"expertise": "审计", "leader_pool": "on"})
    assert listed(response) == [auditor_leader]


def test_the_member_form_offers_only_the_persons_own_declarations(client, cast):
    person = pool_person(cast)
    older = factories.RecusalDeclarationFactory(profile=person, signed_on=datetime.date(2023, 1, 5))
    latest = factories.RecusalDeclarationFactory(profile=person)
    factories.RecusalDeclarationFactory(profile=cast.member.profile)
    client.force_login(cast.office_staff)
    response = client.get(member_url(cast.team, person.user))
    assert response.status_code == 200
    field = response.context["form"].fields["recusal_declaration"]
    assert list(field.queryset) == [latest, older]
    assert response.context["form"]["recusal_declaration"].value() == latest.pk


def test_office_staff_add_a_leader_with_authorisation_pledge_and_declaration(client, cast):
    team = factories.TeamFactory(round=cast.round)
    person = pool_person(cast, in_leader_pool=True)
    declaration = factories.RecusalDeclarationFactory(profile=person)
    client.force_login(cast.office_staff)
    data = member_data(role=Role.LEADER, recusal_declaration=declaration.pk)
    response = client.post(member_url(team, person.user), data)
    assertRedirects(
        response, f"{round_url(cast.round)}#team-{team.pk}", fetch_redirect_response=False
    )
    membership = TeamMembership.objects.get(team=team, user=person.user)
    assert (
        membership.role,
        membership.authorised_on,
        membership.authorisation_reference,
        membership.pledge_signed_on,
        membership.recusal_declaration,
    ) == (
        Role.LEADER,
        datetime.date(2024, 2, 20),
        "县巡字〔2024〕3号",
        datetime.date(2024, 2, 21),
        declaration,
    )


def test_the_member_form_suggests_leader_for_a_leaderless_team_and_the_leader_pool(client, cast):
    team = factories.TeamFactory(round=cast.round)
    person = pool_person(cast, in_leader_pool=True)
    client.force_login(cast.office_staff)
    response = client.get(member_url(team, person.user))
    assert response.context["form"]["role"].value() == Role.LEADER


def test_a_second_leader_is_refused_and_the_input_kept(client_in_english, cast):
    person = pool_person(cast, in_leader_pool=True)
    client_in_english.force_login(cast.office_staff)
    response = client_in_english.post(
        member_url(cast.team, person.user), member_data(role=Role.LEADER)
    )
    assert response.status_code == 400
    message = f"{cast.team} already has a leader."
    assert response.context["form"].non_field_errors() == [message]
    assert message in text_of(response)
    assert 'value="县巡字〔2024〕3号"' in response.text
    assert not TeamMembership.objects.filter(user=person.user).exists()


def test_a_conflict_with_a_target_of_the_team_blocks_the_member_and_a_reason_overrides_it(
    client_in_english, cast
):
    person = pool_person(cast, work_unit=cast.assignment.target)
    client_in_english.force_login(cast.office_staff)
    token = uuid.uuid4()
    url = member_url(cast.team, person.user)
    blocked = client_in_english.post(url, member_data(token=token))
    assert blocked.status_code == 400
    [(target, who, reasons)] = blocked.context["conflicts"]
    assert (target, who) == (cast.assignment.target, person.user)
    assert [str(reason) for reason in reasons] == [f"works in {target.name}"]
    assert f"works in {target.name}" in text_of(blocked)
    assert not TeamMembership.objects.filter(user=person.user).exists()

    allowed = client_in_english.post(url, member_data(token=token, override_reason=REASON))
    assert allowed.status_code == 302
    assert TeamMembership.objects.filter(team=cast.team, user=person.user).exists()
    override = RecusalOverride.objects.get(assignment=cast.assignment, user=person.user)
    assert (override.reason, override.by) == (REASON, cast.office_staff)


def test_someone_outside_the_talent_pool_cannot_be_chosen(client, cast):
    outsider = factories.ProfileFactory(office=cast.office)
    client.force_login(cast.office_staff)
    response = client.post(member_url(cast.team, outsider.user), member_data())
    assert response.status_code == 404
    assert not TeamMembership.objects.filter(user=outsider.user).exists()


def test_posting_the_member_form_twice_adds_the_person_once(client, cast):
    person = pool_person(cast)
    client.force_login(cast.office_staff)
    data = member_data()
    client.post(member_url(cast.team, person.user), data)
    again = client.post(member_url(cast.team, person.user), data)
    assert again.status_code == 302
    assert TeamMembership.objects.filter(user=person.user).count() == 1


# Who may see and change the plan ---------------------------------------------------------


def reading_pages(cast):
    return {
        "rounds": rounds_url(),
        "round": round_url(cast.round),
        "picker": assign_url(cast.round),
        "pool": pool_url(cast.team),
    }


@pytest.mark.parametrize("page", ["rounds", "round", "picker", "pool"])
def test_the_leadership_group_reads_the_plan_without_forms(client, cast, page):
    client.force_login(leadership_of(cast.office))
    response = client.get(reading_pages(cast)[page])
    assert response.status_code == 200
    assert 'name="submission"' not in response.text
    assert response.context["may_plan"] is False


def changes(cast):
    """Every planning POST, with what it would create."""
    person = pool_person(cast)
    target = new_target(cast)
    return {
        "term": (
            reverse("rounds:term_create"),
            term_data(),
            Term.objects.filter(name="第十三届县委"),
        ),
        "round": (plan_url(cast.round.term), round_data(), Round.objects.filter(ordinal=7)),
        "team": (
            team_create_url(cast.round),
            {"submission": str(uuid.uuid4()), "name": "第九巡察组"},
            Team.objects.filter(name="第九巡察组"),
        ),
        "assignment": (
            assign_url(cast.round),
            assign_data(cast.team, [target]),
            Assignment.objects.filter(target=target),
        ),
        "member": (
            member_url(cast.team, person.user),
            member_data(),
            TeamMembership.objects.filter(user=person.user),
        ),
    }


@pytest.mark.parametrize("change", ["term", "round", "team", "assignment", "member"])
def test_the_leadership_group_cannot_change_the_plan(client, cast, change):
    url, data, created = changes(cast)[change]
    client.force_login(leadership_of(cast.office))
    response = client.post(url, data)
    assert response.status_code == 403
    assert not created.exists()


@pytest.mark.parametrize("form", ["round", "member"])
def test_the_leadership_group_is_not_offered_the_form_pages(client, cast, form):
    url, _data, _created = changes(cast)[form]
    client.force_login(leadership_of(cast.office))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("role", ["leader", "member", "liaison", "receiving_officer", "outsider"])
@pytest.mark.parametrize("page", ["rounds", "round", "picker", "pool", "round form", "member form"])
def test_people_outside_the_office_do_not_find_the_planning_pages(client, cast, role, page):
    urls = reading_pages(cast) | {
        "round form": plan_url(cast.round.term),
        "member form": member_url(cast.team, pool_person(cast).user),
    }
    client.force_login(getattr(cast, role))
    assert client.get(urls[page]).status_code == 404


@pytest.mark.parametrize("change", ["round", "team", "assignment", "member"])
def test_a_team_member_cannot_post_to_the_plan(client, cast, change):
    url, data, created = changes(cast)[change]
    client.force_login(cast.leader)
    assert client.post(url, data).status_code == 404
    assert not created.exists()


@pytest.mark.parametrize("page", ["round", "picker", "pool", "round form", "member form"])
def test_another_offices_round_is_not_found(client, cast, other_cast, page):
    urls = reading_pages(other_cast) | {
        "round form": plan_url(other_cast.round.term),
        "member form": member_url(other_cast.team, pool_person(other_cast).user),
    }
    client.force_login(cast.office_staff)
    assert client.get(urls[page]).status_code == 404


@pytest.mark.parametrize("change", ["round", "team", "assignment", "member"])
def test_another_offices_staff_cannot_change_the_plan(client, cast, other_cast, change):
    url, data, created = changes(cast)[change]
    client.force_login(other_cast.office_staff)
    assert client.post(url, data).status_code == 404
    assert not created.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, cast):
    response = client.get(round_url(cast.round))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def menu_labels(client):
    return [str(entry["label"]) for entry in client.get(reverse("home")).context["menu"]]


@pytest.mark.parametrize("person", ["office_staff", "leadership"])
def test_the_office_finds_rounds_in_the_menu_before_assignments(client_in_english, cast, person):
    user = cast.office_staff if person == "office_staff" else leadership_of(cast.office)
    client_in_english.force_login(user)
    labels = menu_labels(client_in_english)
    assert labels.index("Rounds") == labels.index("Assignments") - 1


def test_a_team_member_has_no_rounds_menu_entry(client_in_english, cast):
    client_in_english.force_login(cast.leader)
    assert "Rounds" not in menu_labels(client_in_english)


# Query counts ----------------------------------------------------------------------------

FEW, MANY = 5, 50


def queries_of(client, url):
    client.get(url)  # warm the session, the user and the content types
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_rounds(cast, count):
    for _ in range(count):
        round_ = factories.RoundFactory(term=cast.round.term)
        factories.AssignmentFactory(round=round_)


def add_assignments(cast, count):
    for _ in range(count):
        team = factories.TeamFactory(round=cast.round)
        factories.TeamMembershipFactory(team=team, user=pool_person(cast).user, role=Role.LEADER)
        factories.AssignmentFactory(round=cast.round, team=team, phase=Phase.ON_SITE)


def add_targets(cast, count):
    for number in range(count):
        target = new_target(cast, region=factories.RegionFactory())
        if number % 2:
            inspected_in_an_earlier_term(cast, target, datetime.date(2019, 3, 1))


def add_people(cast, count):
    for number in range(count):
        person = pool_person(cast, work_unit=new_target(cast))
        factories.RecusalDeclarationFactory(profile=person)
        if number % 2:
            on_a_team_of(factories.RoundFactory(term=cast.round.term), person)


LISTS = {
    "rounds": (lambda cast: rounds_url(), add_rounds),
    "round board": (lambda cast: round_url(cast.round), add_assignments),
    "picker": (lambda cast: assign_url(cast.round), add_targets),
    "pool": (lambda cast: pool_url(cast.team), add_people),
}


@pytest.mark.parametrize("name", list(LISTS))
def test_a_planning_list_costs_the_same_with_5_and_50_rows(
    client, cast, name, django_assert_num_queries
):
    url_of, add = LISTS[name]
    client.force_login(cast.office_staff)
    add(cast, FEW)
    few = queries_of(client, url_of(cast))
    add(cast, MANY - FEW)
    client.get(url_of(cast))
    with django_assert_num_queries(few):
        client.get(url_of(cast))
