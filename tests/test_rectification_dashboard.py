"""What the home page counts for rectification (rectification.dashboard)."""

import datetime

import pytest

from rectification import services
from rectification.dashboard import Waiting, rectification_waiting_for
from tests import flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "media_root")]

# The walks' items are due on 2024-10-15.
BEFORE_DEADLINE = datetime.date(2024, 10, 10)
AFTER_DEADLINE = datetime.date(2024, 10, 16)


def test_the_liaison_is_asked_to_write_the_plan_after_feedback(cast):
    flows.fed_back(cast)
    assert rectification_waiting_for(cast.liaison, BEFORE_DEADLINE).plans_to_write == 1


def test_a_submitted_plan_is_no_longer_the_liaisons_to_write(cast):
    flows.submitted_plan(cast)
    assert rectification_waiting_for(cast.liaison, BEFORE_DEADLINE).plans_to_write == 0


def test_a_returned_plan_is_the_liaisons_to_write_again(cast):
    plan = flows.submitted_plan(cast)
    services.plan_return(plan=plan, by=cast.office_staff, comment="措施不具体")
    assert rectification_waiting_for(cast.liaison, BEFORE_DEADLINE).plans_to_write == 1


def test_the_liaison_sees_an_item_due_within_a_week(cast):
    flows.started_item(cast)
    waiting = rectification_waiting_for(cast.liaison, BEFORE_DEADLINE)
    assert (waiting.items_due_soon, waiting.items_overdue) == (1, 0)


def test_the_liaison_sees_an_open_item_past_its_deadline_as_overdue(cast):
    flows.started_item(cast)
    waiting = rectification_waiting_for(cast.liaison, AFTER_DEADLINE)
    assert (waiting.items_due_soon, waiting.items_overdue) == (0, 1)


def test_a_claimed_item_past_its_deadline_stays_overdue_until_the_office_closes_it(cast):
    flows.claimed_item(cast)
    assert rectification_waiting_for(cast.liaison, AFTER_DEADLINE).items_overdue == 1
    assert rectification_waiting_for(cast.office_staff, AFTER_DEADLINE).items_to_verify == 1


def test_the_office_is_asked_to_decide_on_a_submitted_plan(cast):
    flows.submitted_plan(cast)
    assert rectification_waiting_for(cast.office_staff, BEFORE_DEADLINE).plans_to_decide == 1


def test_another_units_liaison_has_nothing_waiting(cast, other_cast):
    flows.claimed_item(cast)
    assert not rectification_waiting_for(other_cast.liaison, AFTER_DEADLINE)


def test_the_team_leader_has_no_rectification_work_waiting(cast):
    flows.claimed_item(cast)
    assert rectification_waiting_for(cast.leader, AFTER_DEADLINE) == Waiting()
