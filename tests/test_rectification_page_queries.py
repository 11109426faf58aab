"""The rectification pages cost the same number of queries whatever their number of rows.

Each page is counted with a few rows and must cost exactly the same with many: reading a plan,
a feedback or the office's policy row by row (an N+1) would add a query per row. Every count is
taken on a second request, after the session and the content types are warm.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rectification.models import RectificationItem, RectificationPlan
from tests import factories, flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

ItemStatus = RectificationItem.Status
FEW, MANY = 4, 24


def queries_of(client, url):
    client.get(url)  # warm the session, the user and the content types
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def fed_back_assignment(cast, *, target=None, round=None):
    """An assignment with feedback; every other one has a plan with items in several states."""
    round = round or cast.round
    assignment = factories.AssignmentFactory(
        round=round,
        team=cast.team if round == cast.round else factories.TeamFactory(round=round),
        target=target or factories.TargetFactory(office=cast.office),
    )
    factories.FeedbackFactory(assignment=assignment)
    if assignment.pk % 2:
        plan = factories.RectificationPlanFactory(
            assignment=assignment, status=RectificationPlan.Status.DRAFT
        )
        for status in (ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS):
            factories.RectificationItemFactory(
                plan=plan,
                status=status,
                finding__category=cast.category,
                deadline=datetime.date(2024, 8, 1),
            )
    return assignment


def add_office_rows(cast, count):
    for _ in range(count):
        fed_back_assignment(cast)


def add_liaison_rows(cast, count):
    """The liaison's own unit, inspected again in later rounds of the same term."""
    for _ in range(count):
        later = factories.RoundFactory(term=cast.round.term)
        fed_back_assignment(cast, target=cast.assignment.target, round=later)


def test_the_office_list_of_many_plans_costs_what_a_few_cost(
    client, cast, django_assert_num_queries
):
    add_office_rows(cast, FEW)
    client.force_login(cast.office_staff)
    url = reverse("rectification:plans")
    few = queries_of(client, url)
    add_office_rows(cast, MANY - FEW)
    client.get(url)
    with django_assert_num_queries(few):
        response = client.get(url)
    assert len(response.context["page_obj"]) == MANY


# Both lists: the session, the user, the person's profile (viewer_of), the count of the page's
# rows, the page with its round, target, feedback, plan, policy and counts in one query, the
# profile again for the page header, the menu's team roles, and the session's new expiry with
# its savepoint (SAVEPOINT, UPDATE, RELEASE).
COMMON = 10


def test_the_office_list_costs_its_pinned_queries(client, cast, django_assert_num_queries):
    add_office_rows(cast, FEW)
    client.force_login(cast.office_staff)
    url = reverse("rectification:plans")
    client.get(url)
    # And the rounds offered by the filter, and the assignments reached other than through the
    # office (rounds.selectors._access).
    with django_assert_num_queries(COMMON + 2):
        client.get(url)


def test_the_liaisons_list_costs_its_pinned_queries(client, cast, django_assert_num_queries):
    add_liaison_rows(cast, FEW)
    client.force_login(cast.liaison)
    url = reverse("rectification:plans")
    client.get(url)
    # And the menu's check for grants to see leads (the liaison is not shown the filter), and
    # the assignments the liaison reaches, read first (rounds.selectors._access).
    with django_assert_num_queries(COMMON + 2):
        client.get(url)


def test_the_liaisons_list_of_many_plans_costs_what_a_few_cost(
    client, cast, django_assert_num_queries
):
    add_liaison_rows(cast, FEW)
    client.force_login(cast.liaison)
    url = reverse("rectification:plans")
    few = queries_of(client, url)
    add_liaison_rows(cast, MANY - FEW)
    client.get(url)
    with django_assert_num_queries(few):
        response = client.get(url)
    assert len(response.context["page_obj"]) == MANY


def test_the_office_list_filtered_to_overdue_costs_the_same_with_many_unopened_plans(
    client, cast, django_assert_num_queries
):
    add_office_rows(cast, FEW)
    client.force_login(cast.office_staff)
    url = reverse("rectification:plans") + "?overdue=on"
    few = queries_of(client, url)
    add_office_rows(cast, MANY - FEW)
    client.get(url)
    with django_assert_num_queries(few):
        response = client.get(url)
    assert len(response.context["page_obj"]) == MANY


def test_the_hub_costs_the_same_with_more_findings_and_measures(
    client, cast, django_assert_num_queries
):
    plan = flows.opened_plan(cast, findings=2)
    for finding in flows.fed_back_findings(cast):
        flows.added_item(cast, plan=plan, finding=finding)
    url = reverse("rectification:assignment", args=[cast.assignment.pk])
    client.force_login(cast.liaison)
    few = queries_of(client, url)
    for _ in range(4):
        factories.RectificationItemFactory(plan=plan, finding=flows.fed_back_findings(cast)[0])
    client.get(url)
    with django_assert_num_queries(few):
        response = client.get(url)
    assert len(response.context["findings"][0].plan_items) == 5
