"""The four ledgers (台账): who sees which rows, how filters, search and sorting narrow them,
and what a page costs in queries."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rectification import services as rectification
from rectification.models import RectificationItem
from rectification.selectors import items_visible_to
from rounds import services as rounds
from rounds.models import Finding, Lead, LeadView
from tests import factories, flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

Status = RectificationItem.Status
Kind = RectificationItem.Kind
DEADLINE = datetime.date(2024, 10, 15)  # the deadline flows.added_item gives
BEFORE_DEADLINE = datetime.datetime(2024, 9, 1, 10, tzinfo=datetime.UTC)
AFTER_DEADLINE = datetime.datetime(2024, 11, 1, 10, tzinfo=datetime.UTC)  # 17 days past it


def rows(client, name, query=None):
    response = client.get(reverse(f"rectification:{name}"), query or {})
    assert response.status_code == 200
    return list(response.context["page_obj"])


def neighbour(cast):
    """Another target of the same office, with its own team, liaison and round."""
    return flows.build_cast(office=cast.office)


def item(cast, *, plan, measure, deadline=DEADLINE, person="王主任", finding=None):
    return rectification.item_add(
        plan=plan,
        by=cast.liaison,
        finding=finding or flows.fed_back_findings(cast)[0],
        measure=measure,
        responsible_unit="镇党政办",
        responsible_person=person,
        deadline=deadline,
        kind=Kind.IN_PERIOD,
    )


# Rectification items ----------------------------------------------------------------------


def test_office_staff_see_the_items_of_every_target_of_their_office(client, cast, other_cast):
    mine = flows.accepted_plan(cast).items.get()
    theirs = flows.accepted_plan(neighbour(cast)).items.get()
    flows.accepted_plan(other_cast)
    client.force_login(cast.office_staff)
    assert {row.pk for row in rows(client, "ledger_items")} == {mine.pk, theirs.pk}


def test_a_liaison_sees_only_the_items_of_its_own_target(client, cast):
    mine = flows.accepted_plan(cast).items.get()
    flows.accepted_plan(neighbour(cast))
    client.force_login(cast.liaison)
    assert [row.pk for row in rows(client, "ledger_items")] == [mine.pk]


def test_withdrawn_items_are_left_out_of_the_ledger(client, cast):
    plan = flows.opened_plan(cast)
    kept = item(cast, plan=plan, measure="修订制度")
    withdrawn = item(cast, plan=plan, measure="重复的措施")
    rectification.item_withdraw(item=withdrawn, by=cast.liaison, reason="重复")
    client.force_login(cast.office_staff)
    assert [row.pk for row in rows(client, "ledger_items")] == [kept.pk]


def test_an_open_item_past_its_deadline_shows_its_days_overdue(client, cast):
    flows.started_item(cast)
    client.force_login(cast.office_staff)
    with time_machine.travel(AFTER_DEADLINE):
        [row] = rows(client, "ledger_items")
    assert row.days_overdue.days == 17


def test_an_item_before_its_deadline_is_not_overdue(client, cast):
    flows.started_item(cast)
    client.force_login(cast.office_staff)
    with time_machine.travel(BEFORE_DEADLINE):
        [row] = rows(client, "ledger_items")
    assert row.days_overdue is None


def test_overdue_only_leaves_out_closed_and_long_term_items(client, cast):
    open_item = flows.started_item(cast)
    other = neighbour(cast)
    flows.closed_item(other)
    client.force_login(cast.office_staff)
    with time_machine.travel(AFTER_DEADLINE):
        overdue = rows(client, "ledger_items", {"overdue": "true"})
    assert [row.pk for row in overdue] == [open_item.pk]


def test_a_long_term_item_past_its_deadline_is_never_overdue(client, cast):
    flows.started_item(cast, kind=Kind.LONG_TERM)
    client.force_login(cast.office_staff)
    with time_machine.travel(AFTER_DEADLINE):
        assert rows(client, "ledger_items", {"overdue": "true"}) == []


def test_search_finds_items_by_measure_and_by_responsible_person(client, cast):
    plan = flows.opened_plan(cast)
    budget = item(cast, plan=plan, measure="规范公务接待经费管理", person="李会计")
    item(cast, plan=plan, measure="完善党委会议事规则", person="王主任")
    client.force_login(cast.office_staff)
    assert [row.pk for row in rows(client, "ledger_items", {"q": "接待"})] == [budget.pk]
    assert [row.pk for row in rows(client, "ledger_items", {"q": "李会计"})] == [budget.pk]


def test_the_target_filter_narrows_to_one_target(client, cast):
    mine = flows.accepted_plan(cast).items.get()
    flows.accepted_plan(neighbour(cast))
    client.force_login(cast.office_staff)
    query = {"target": cast.assignment.target_id}
    assert [row.pk for row in rows(client, "ledger_items", query)] == [mine.pk]


def test_the_status_filter_narrows_to_closed_items(client, cast):
    closed = flows.closed_item(cast)
    flows.started_item(neighbour(cast))
    client.force_login(cast.office_staff)
    assert [row.pk for row in rows(client, "ledger_items", {"status": "closed"})] == [closed.pk]


def test_a_liaison_is_offered_only_its_own_target_to_filter_by(client, cast):
    flows.accepted_plan(cast)
    flows.accepted_plan(neighbour(cast))
    client.force_login(cast.liaison)
    response = client.get(reverse("rectification:ledger_items"))
    offered = response.context["filter"].filters["target"].queryset
    assert list(offered) == [cast.assignment.target]


def offered(client, name, choice):
    response = client.get(reverse(f"rectification:{name}"))
    return set(response.context["filter"].filters[choice].queryset)


def test_the_items_ledger_offers_the_targets_with_a_plan_only(client, cast):
    flows.accepted_plan(cast)
    flows.fed_back(neighbour(cast))
    client.force_login(cast.office_staff)
    assert offered(client, "ledger_items", "target") == {cast.assignment.target}


def test_the_items_ledger_offers_a_team_member_only_the_rounds_of_their_teams(client, cast):
    flows.accepted_plan(cast)
    flows.accepted_plan(neighbour(cast))
    client.force_login(cast.member)
    assert offered(client, "ledger_items", "round") == {cast.round}


def test_office_staff_on_another_office_team_are_offered_its_round_too(client, cast, other_cast):
    flows.accepted_plan(cast)
    flows.accepted_plan(other_cast)
    factories.TeamMembershipFactory(team=other_cast.team, user=cast.office_staff)
    client.force_login(cast.office_staff)
    assert offered(client, "ledger_items", "round") == {cast.round, other_cast.round}
    assert offered(client, "ledger_items", "target") == {
        cast.assignment.target,
        other_cast.assignment.target,
    }


def counted(client, name, query=None):
    response = client.get(reverse(f"rectification:{name}"), query or {})
    return response.context["page_obj"].paginator.count


def test_the_items_ledger_counts_the_offices_items_and_those_reached_on_another_team(
    client, cast, other_cast
):
    flows.accepted_plan(cast)
    flows.accepted_plan(neighbour(cast))
    flows.accepted_plan(other_cast)
    flows.accepted_plan(flows.build_cast())
    factories.TeamMembershipFactory(team=other_cast.team, user=cast.office_staff)
    client.force_login(cast.office_staff)
    assert counted(client, "ledger_items") == 3


def test_the_items_ledger_page_lists_the_items_reached_on_another_office_team(
    client, cast, other_cast
):
    flows.accepted_plan(cast)
    flows.accepted_plan(neighbour(cast))
    flows.accepted_plan(other_cast)
    flows.accepted_plan(flows.build_cast())
    factories.TeamMembershipFactory(team=other_cast.team, user=cast.office_staff)
    client.force_login(cast.office_staff)
    response = client.get(reverse("rectification:ledger_items"))
    offices = {item.plan.assignment.round.office_id for item in response.context["page_obj"]}
    assert offices == {cast.office.pk, other_cast.office.pk}
    assert len(response.context["page_obj"]) == 3


def test_an_office_reader_reaching_nothing_else_is_asked_for_the_office_alone(cast):
    """No test of each row against the person's teams, grants and liaisons, and the office
    the measures carry: PostgreSQL reads a page of them from their own index by office and
    deadline rather than walking every office's rows in order."""
    flows.accepted_plan(cast)
    sql = str(items_visible_to(cast.office_staff).query)
    assert "teammembership" not in sql
    assert " OR " not in sql
    assert f'"rectification_rectificationitem"."office_id" = {cast.office.pk}' in sql


def test_a_measure_carries_the_office_of_its_round(cast):
    item = flows.added_item(cast)
    assert item.office == cast.round.office


def test_the_items_ledger_counts_through_the_pages_filters(client, cast):
    flows.started_item(cast)
    flows.closed_item(neighbour(cast))
    client.force_login(cast.office_staff)
    with time_machine.travel(AFTER_DEADLINE):
        assert counted(client, "ledger_items", {"overdue": "true"}) == 1
        assert counted(client, "ledger_items", {"status": "closed"}) == 1
        assert counted(client, "ledger_items") == 2


@pytest.mark.parametrize(
    "role", ["office_staff", "leadership", "leader", "member", "liaison", "outsider"]
)
def test_items_asked_for_a_count_are_the_items_the_person_sees(cast, other_cast, role):
    flows.accepted_plan(cast)
    flows.accepted_plan(neighbour(cast))
    flows.accepted_plan(other_cast)
    if role == "leadership":
        person = factories.ProfileFactory(office=cast.office, is_leadership=True).user
    else:
        person = getattr(cast, role)
    factories.TeamMembershipFactory(team=other_cast.team, user=person)
    listed = set(items_visible_to(person))
    assert set(items_visible_to(person, counting=True)) == listed
    assert listed


def test_sorting_by_days_overdue_puts_the_most_overdue_first(client, cast):
    plan = flows.opened_plan(cast)
    later = item(cast, plan=plan, measure="后到期", deadline=datetime.date(2024, 10, 25))
    earlier = item(cast, plan=plan, measure="先到期", deadline=datetime.date(2024, 10, 5))
    not_due = item(cast, plan=plan, measure="未到期", deadline=datetime.date(2024, 12, 31))
    client.force_login(cast.office_staff)
    with time_machine.travel(AFTER_DEADLINE):
        ordered = rows(client, "ledger_items", {"ordering": "-days_overdue"})
    assert [row.pk for row in ordered] == [earlier.pk, later.pk, not_due.pk]


def test_an_unknown_sort_key_is_ignored(client, cast):
    flows.accepted_plan(cast)
    client.force_login(cast.office_staff)
    assert len(rows(client, "ledger_items", {"ordering": "plan__assignment__team__name"})) == 1


# Problems ---------------------------------------------------------------------------------


def test_the_problems_ledger_lists_fed_back_findings_only(client, cast):
    flows.drafted_finding(cast)
    flows.fed_back(cast, findings=2)
    client.force_login(cast.office_staff)
    listed = rows(client, "ledger_findings")
    assert [row.status for row in listed] == [Finding.Status.FED_BACK] * 2


def test_a_liaison_sees_only_its_own_targets_problems(client, cast):
    flows.fed_back(cast)
    flows.fed_back(neighbour(cast))
    client.force_login(cast.liaison)
    listed = rows(client, "ledger_findings")
    assert [row.assignment_id for row in listed] == [cast.assignment.pk]


def test_the_problems_ledger_offers_the_rounds_fed_back_only(client, cast):
    flows.fed_back(cast)
    flows.on_site(neighbour(cast))
    client.force_login(cast.office_staff)
    assert offered(client, "ledger_findings", "round") == {cast.round}


def test_a_liaison_is_offered_only_the_round_that_inspected_its_target(client, cast):
    flows.fed_back(cast)
    flows.fed_back(neighbour(cast))
    client.force_login(cast.liaison)
    assert offered(client, "ledger_findings", "round") == {cast.round}


def test_a_problem_shows_its_state_and_its_live_and_closed_items(client, cast):
    with time_machine.travel(BEFORE_DEADLINE):
        closed = flows.closed_item(cast)
    client.force_login(cast.office_staff)
    [row] = rows(client, "ledger_findings")
    assert (row.pk, row.state, row.item_count, row.closed_count) == (
        closed.finding_id,
        "rectified",
        1,
        1,
    )


def test_the_state_filter_finds_overdue_problems(client, cast):
    open_item = flows.started_item(cast)
    flows.closed_item(neighbour(cast))
    client.force_login(cast.office_staff)
    with time_machine.travel(AFTER_DEADLINE):
        overdue = rows(client, "ledger_findings", {"state": "overdue"})
    assert [row.pk for row in overdue] == [open_item.finding_id]


# Leads ------------------------------------------------------------------------------------


def test_office_staff_see_their_offices_leads(client, cast, other_cast):
    lead = flows.transferred_lead(cast)
    flows.transferred_lead(other_cast)
    client.force_login(cast.office_staff)
    assert [row.pk for row in rows(client, "ledger_leads")] == [lead.pk]


@pytest.mark.parametrize("role", ["leader", "deputy", "liaison", "receiving_officer", "outsider"])
def test_the_leads_ledger_is_not_found_for_anyone_but_office_staff(client, cast, role):
    flows.transferred_lead(cast)
    client.force_login(getattr(cast, role))
    assert client.get(reverse("rectification:ledger_leads")).status_code == 404


def test_the_leads_ledger_is_not_found_for_the_leadership_group(client, cast):
    flows.transferred_lead(cast)
    leadership = factories.ProfileFactory(office=cast.office, is_leadership=True).user
    client.force_login(leadership)
    assert client.get(reverse("rectification:ledger_leads")).status_code == 404


def test_each_lead_listed_is_recorded_as_opened(client, cast):
    lead = flows.transferred_lead(cast)
    client.force_login(cast.office_staff)
    rows(client, "ledger_leads")
    assert list(LeadView.objects.values_list("lead", "user", "purpose")) == [
        (lead.pk, cast.office_staff.pk, "ledger")
    ]


def test_the_status_filter_narrows_the_leads(client, cast):
    transferred = flows.transferred_lead(cast)
    flows.registered_lead(cast)
    client.force_login(cast.office_staff)
    query = {"status": Lead.Status.TRANSFERRED}
    assert [row.pk for row in rows(client, "ledger_leads", query)] == [transferred.pk]


# Suggestions ------------------------------------------------------------------------------


def suggested(cast, text):
    flows.on_site(cast)
    return rounds.suggestion_add(assignment=cast.assignment, by=cast.leader, text=text)


def test_the_suggestions_ledger_lists_only_suggestions_given_with_feedback(client, cast):
    given = suggested(cast, "健全党委议事规则。")
    suggested(cast, "未采纳的草稿。")
    flows.fed_back(cast, suggestions=[given])
    client.force_login(cast.office_staff)
    assert [row.pk for row in rows(client, "ledger_suggestions")] == [given.pk]


def test_a_liaison_sees_only_the_suggestions_to_its_own_target(client, cast):
    given = suggested(cast, "健全党委议事规则。")
    flows.fed_back(cast, suggestions=[given])
    other = neighbour(cast)
    flows.fed_back(other, suggestions=[suggested(other, "加强干部监督。")])
    client.force_login(cast.liaison)
    assert [row.pk for row in rows(client, "ledger_suggestions")] == [given.pk]


def test_the_suggestions_ledger_offers_a_liaison_only_its_own_target(client, cast):
    flows.fed_back(cast, suggestions=[suggested(cast, "健全党委议事规则。")])
    other = neighbour(cast)
    flows.fed_back(other, suggestions=[suggested(other, "加强干部监督。")])
    client.force_login(cast.liaison)
    assert offered(client, "ledger_suggestions", "target") == {cast.assignment.target}


def test_search_narrows_the_suggestions(client, cast):
    wanted = suggested(cast, "加强财务管理。")
    flows.fed_back(cast, suggestions=[wanted, suggested(cast, "健全议事规则。")])
    client.force_login(cast.office_staff)
    assert [row.pk for row in rows(client, "ledger_suggestions", {"q": "财务"})] == [wanted.pk]


# Queries ----------------------------------------------------------------------------------

FEW, MANY = 5, 50


def _assignment(cast):
    target = factories.TargetFactory(office=cast.office)
    return factories.AssignmentFactory(round=cast.round, team=cast.team, target=target)


def _fed_back_finding(assignment, feedback):
    user = factories.UserFactory()
    return factories.FindingFactory(
        assignment=assignment,
        category=factories.FindingCategoryFactory(office=assignment.round.office),
        status=Finding.Status.FED_BACK,
        signed_by=user,
        accepted_by=user,
        feedback=feedback,
    )


def add_items(cast, count):
    for _ in range(count):
        assignment = _assignment(cast)
        finding = _fed_back_finding(assignment, factories.FeedbackFactory(assignment=assignment))
        factories.RectificationItemFactory(
            plan=factories.RectificationPlanFactory(assignment=assignment), finding=finding
        )


def add_findings(cast, count):
    for _ in range(count):
        assignment = _assignment(cast)
        _fed_back_finding(assignment, factories.FeedbackFactory(assignment=assignment))


def add_leads(cast, count):
    for _ in range(count):
        factories.LeadFactory(
            assignment=_assignment(cast),
            registered_by=cast.leader,
            status=Lead.Status.TRANSFERRED,
            receiving_body=factories.ReceivingBodyFactory(office=cast.office),
            transferred_on=datetime.date(2024, 7, 20),
        )


def add_suggestions(cast, count):
    for _ in range(count):
        assignment = _assignment(cast)
        factories.SuggestionFactory(
            assignment=assignment, feedback=factories.FeedbackFactory(assignment=assignment)
        )


LEDGERS = {
    "ledger_items": add_items,
    "ledger_findings": add_findings,
    "ledger_leads": add_leads,
    "ledger_suggestions": add_suggestions,
}


def queries_of(client, url):
    client.get(url)  # warm the session, the user and the content types
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", LEDGERS)
def test_a_ledger_of_fifty_rows_costs_what_a_ledger_of_five_costs(
    client, cast, django_assert_num_queries, name
):
    url = reverse(f"rectification:{name}")
    LEDGERS[name](cast, FEW)
    client.force_login(cast.office_staff)
    few = queries_of(client, url)
    LEDGERS[name](cast, MANY - FEW)
    client.get(url)
    with django_assert_num_queries(few):
        response = client.get(url)
    assert len(response.context["page_obj"]) == MANY


def test_the_items_ledger_costs_a_fixed_number_of_queries(client, cast, django_assert_num_queries):
    add_items(cast, FEW)
    url = reverse("rectification:ledger_items")
    client.force_login(cast.office_staff)
    client.get(url)
    # 1 session, 2 user, 3 profile (who the viewer is), 4 the count, 5 the menu's team roles,
    # 6 the header's profile name, 7-9 the round, target and category choices, 10 the
    # assignments reached other than through the office (rounds.selectors._access), 11 the
    # page of rows, 12-14 the session's renewed expiry (savepoint, update, release).
    with django_assert_num_queries(14):
        client.get(url)
