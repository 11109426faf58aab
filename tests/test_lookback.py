"""Look-back candidates (回头看): the office's targets whose rectification was weak, by the rate
after the concentrated period or by items returned again and again; on their own page and in a
panel of the round's planning page."""

import datetime
from html import unescape

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rectification import services
from rectification.lookback import lookback_candidates
from tests import factories, flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

LOOKBACK = reverse("rectification:lookback")
PANEL = reverse("rectification:lookback_panel")
# The default clocks end the concentrated period three months after feedback, on 2024-10-15.
IN_THE_PERIOD = datetime.datetime(2024, 9, 20, 10, tzinfo=datetime.UTC)


def candidates(cast, today=None):
    office = cast.office
    return list(lookback_candidates(cast.office_staff, office, today or timezone.localdate()))


def rectify(cast, item):
    """Report on, claim and close one item."""
    services.progress_report(item=item, by=cast.liaison, text="已召开专题会议。")
    services.item_claim_done(
        item=item, by=cast.liaison, text="已完成。", attachments=[flows.pdf("完成.pdf")]
    )
    return services.item_close(item=item, by=cast.office_staff)


def returned_twice_then_closed(cast):
    item = flows.claimed_item(cast)
    for _time in range(2):
        services.item_return(item=item, by=cast.office_staff, reason="佐证材料不足")
        services.item_claim_done(
            item=item, by=cast.liaison, text="已补充。", attachments=[flows.pdf("补充.pdf")]
        )
    return services.item_close(item=item, by=cast.office_staff)


def one_of_three_rectified(cast):
    plan = flows.submitted_plan(cast, findings=3)
    rectify(cast, plan.items.order_by("pk").first())
    return plan


@pytest.fixture
def leadership(cast):
    return factories.ProfileFactory(office=cast.office, is_leadership=True).user


# Which targets are candidates ------------------------------------------------------------


def test_a_target_below_the_rate_after_the_concentrated_period_is_a_candidate(cast):
    one_of_three_rectified(cast)
    [candidate] = candidates(cast)
    assert candidate.pk == cast.assignment.pk
    assert (candidate.rectified, candidate.fed_back) == (1, 3)
    assert (candidate.weak_rate, candidate.weak_returns) == (True, False)


def test_a_target_in_its_concentrated_period_is_not_yet_judged_by_its_rate(cast):
    with time_machine.travel(IN_THE_PERIOD):
        flows.submitted_plan(cast)
        assert candidates(cast) == []


def test_an_item_returned_often_makes_a_candidate_even_when_all_is_rectified(cast):
    returned_twice_then_closed(cast)
    [candidate] = candidates(cast)
    assert (candidate.rectified, candidate.fed_back, candidate.often_returned) == (1, 1, 1)
    assert (candidate.weak_rate, candidate.weak_returns) == (False, True)


def test_a_target_rectified_in_full_is_not_a_candidate(cast):
    flows.closed_item(cast)
    assert candidates(cast) == []


def test_an_item_returned_once_is_not_yet_weak(cast):
    item = flows.claimed_item(cast)
    services.item_return(item=item, by=cast.office_staff, reason="佐证材料不足")
    services.item_claim_done(
        item=item, by=cast.liaison, text="已补充。", attachments=[flows.pdf("补充.pdf")]
    )
    services.item_close(item=item, by=cast.office_staff)
    assert candidates(cast) == []


def test_the_thresholds_follow_the_office_policy(cast):
    factories.RectificationPolicyFactory(office=cast.office, weak_rate_below=30, weak_returns=3)
    one_of_three_rectified(cast)
    assert candidates(cast) == []


def test_a_rate_exactly_at_the_threshold_is_not_weak(cast):
    factories.RectificationPolicyFactory(office=cast.office, weak_rate_below=50)
    plan = flows.submitted_plan(cast, findings=2)
    rectify(cast, plan.items.order_by("pk").first())
    assert candidates(cast) == []


def test_targets_of_another_office_are_not_listed(cast, other_cast):
    flows.submitted_plan(other_cast)
    assert candidates(cast) == []


# The page --------------------------------------------------------------------------------


def test_the_page_gives_each_reason_the_rate_and_a_link(client_in_english, cast, other_cast):
    one_of_three_rectified(cast)
    returned_twice_then_closed(other_cast)
    client_in_english.force_login(cast.office_staff)
    text = unescape(client_in_english.get(LOOKBACK).text)
    assert "1 of 3, 33.33%" in text
    assert "Below 80% rectified after the concentrated period ended on 2024-10-15." in text
    assert reverse("rectification:assignment", args=[cast.assignment.pk]) in text
    assert other_cast.assignment.target.name not in text


def test_the_page_says_how_often_an_item_was_returned(client_in_english, cast):
    returned_twice_then_closed(cast)
    client_in_english.force_login(cast.office_staff)
    text = unescape(client_in_english.get(LOOKBACK).text)
    assert "1 item returned for rework at least 2 times." in text
    assert "1 of 1, 100%" in text


def test_the_leadership_group_reads_the_candidates(client, cast, leadership):
    flows.submitted_plan(cast)
    client.force_login(leadership)
    response = client.get(LOOKBACK)
    assert response.status_code == 200
    assert [c.pk for c in response.context["candidates"]] == [cast.assignment.pk]


@pytest.mark.parametrize("role", ["leader", "member", "liaison", "receiving_officer", "outsider"])
def test_no_one_but_the_office_and_its_leadership_finds_the_candidates(client, cast, role):
    client.force_login(getattr(cast, role))
    assert client.get(LOOKBACK).status_code == 404
    assert client.get(PANEL).status_code == 404


def test_the_page_costs_the_same_queries_whatever_the_number_of_candidates(client, cast):
    flows.submitted_plan(cast)
    client.force_login(cast.office_staff)
    with CaptureQueriesContext(connection) as one:
        client.get(LOOKBACK)
    second = flows.build_cast(office=cast.office)
    returned_twice_then_closed(second)
    with CaptureQueriesContext(connection) as two:
        response = client.get(LOOKBACK)
    assert len(response.context["candidates"]) == 2
    assert len(two) == len(one)


# On the planning page --------------------------------------------------------------------


def test_the_round_planning_page_loads_the_candidates_panel(client_in_english, cast):
    flows.submitted_plan(cast)
    client_in_english.force_login(cast.office_staff)
    page = client_in_english.get(reverse("rounds:round", args=[cast.round.pk]))
    assert f'hx-get="{PANEL}"' in page.text
    panel = client_in_english.get(PANEL, headers={"HX-Request": "true"})
    assert panel.status_code == 200
    assert "<html" not in panel.text
    assert cast.assignment.target.name in panel.text
    assert f'href="{LOOKBACK}"' in panel.text


def test_the_panel_says_when_no_target_is_weak(client_in_english, cast):
    flows.closed_item(cast)
    client_in_english.force_login(cast.office_staff)
    assert "No target's rectification is weak." in unescape(client_in_english.get(PANEL).text)
