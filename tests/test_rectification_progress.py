"""When a fed-back problem counts as rectified, late or overdue (rectification.progress)."""

import datetime

import pytest
import time_machine

from rectification import services
from rectification.models import ProblemState, RectificationItem
from rectification.progress import (
    IN_PROGRESS,
    LATE,
    OVERDUE,
    RECTIFIED,
    problem_state,
    rectification_state,
    state_standing,
)
from rounds.models import Finding
from tests import flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "media_root")]

Kind = RectificationItem.Kind
BEFORE_DEADLINE = datetime.date(2024, 9, 1)
AFTER_DEADLINE = datetime.date(2024, 11, 1)
# (is_rectified, is_rectified_late, is_overdue): what problem_state says of them.
SAME_RULE = {
    (True, False, False): RECTIFIED,
    (True, True, False): LATE,
    (False, False, True): OVERDUE,
    (False, False, False): IN_PROGRESS,
}


def state(finding, today=BEFORE_DEADLINE):
    """The three flags of `rectification_state`, checked against `problem_state`, the same rule
    read as one value."""
    annotated = (
        Finding.objects.annotate(**rectification_state(today))
        .annotate(where=problem_state(today))
        .get(pk=finding.pk)
    )
    flags = {
        name: getattr(annotated, name)
        for name in ("is_rectified", "is_rectified_late", "is_overdue")
    }
    assert annotated.where == SAME_RULE[tuple(flags.values())]
    return flags


def test_a_finding_without_items_is_not_rectified(cast):
    flows.opened_plan(cast)
    assert state(flows.fed_back_findings(cast)[0])["is_rectified"] is False


def test_a_finding_whose_item_is_closed_is_rectified_on_time(cast):
    with time_machine.travel(datetime.datetime(2024, 9, 20, 10, tzinfo=datetime.UTC)):
        item = flows.closed_item(cast)
    assert state(item.finding) == {
        "is_rectified": True,
        "is_rectified_late": False,
        "is_overdue": False,
    }


def test_a_claimed_item_does_not_yet_rectify_its_finding(cast):
    item = flows.claimed_item(cast)
    assert state(item.finding)["is_rectified"] is False


def test_an_open_item_past_its_deadline_makes_the_finding_overdue(cast):
    item = flows.started_item(cast)
    assert state(item.finding, today=AFTER_DEADLINE)["is_overdue"] is True


def test_an_item_closed_after_its_deadline_makes_the_rectification_late(cast):
    item = flows.claimed_item(cast)
    with time_machine.travel(datetime.datetime(2024, 10, 20, 10, tzinfo=datetime.UTC)):
        services.item_close(item=item, by=cast.office_staff)
    assert state(item.finding, today=AFTER_DEADLINE)["is_rectified_late"] is True


def test_a_long_term_item_counts_once_it_has_been_reported_on(cast):
    item = flows.item_under_plan(cast, kind=Kind.LONG_TERM)
    assert state(item.finding)["is_rectified"] is False
    services.progress_report(item=item, by=cast.liaison, text="按季度报告。")
    assert state(item.finding)["is_rectified"] is True


def test_a_withdrawn_item_neither_rectifies_nor_holds_up_its_finding(cast):
    plan = flows.opened_plan(cast)
    finding = flows.fed_back_findings(cast)[0]
    withdrawn = flows.added_item(cast, plan=plan, finding=finding)
    services.item_withdraw(item=withdrawn, by=cast.liaison, reason="重复")
    assert state(finding)["is_rectified"] is False


# kept by the services: each change to an item moves its problem ----------------------------


def test_a_reopened_item_takes_its_problem_back_from_rectified(cast):
    with time_machine.travel(datetime.datetime(2024, 9, 20, 10, tzinfo=datetime.UTC)):
        item = flows.closed_item(cast)
    services.item_reopen(item=item, by=cast.office_staff, reason="复查发现问题反弹")
    assert state(item.finding)["is_rectified"] is False
    assert state(item.finding, today=AFTER_DEADLINE)["is_overdue"] is True


def test_a_returned_claim_leaves_its_problem_overdue_past_the_deadline(cast):
    item = flows.claimed_item(cast)
    services.item_return(item=item, by=cast.office_staff, reason="佐证材料不足")
    assert state(item.finding, today=AFTER_DEADLINE)["is_overdue"] is True


def test_a_deadline_moved_earlier_makes_its_problem_overdue_sooner(cast):
    item = flows.added_item(cast)
    services.item_update(
        item=item,
        by=cast.liaison,
        measure=item.measure,
        responsible_unit=item.responsible_unit,
        responsible_person=item.responsible_person,
        deadline=datetime.date(2024, 8, 20),
        kind=item.kind,
    )
    assert state(item.finding)["is_overdue"] is True


def test_a_problem_whose_only_item_was_withdrawn_has_no_state_left(cast):
    item = flows.added_item(cast)
    services.item_withdraw(item=item, by=cast.liaison, reason="重复")
    assert not ProblemState.objects.filter(finding=item.finding).exists()


def test_a_problem_state_carries_the_round_and_category_of_its_finding(cast):
    item = flows.added_item(cast)
    row = ProblemState.objects.get(finding=item.finding)
    assert (row.round_id, row.category_id) == (
        item.finding.assignment.round_id,
        item.finding.category_id,
    )


def _closed_on_time(cast):
    with time_machine.travel(datetime.datetime(2024, 9, 20, 10, tzinfo=datetime.UTC)):
        return flows.closed_item(cast)


def _closed_late(cast):
    with time_machine.travel(datetime.datetime(2024, 10, 20, 10, tzinfo=datetime.UTC)):
        return flows.closed_item(cast)


@pytest.mark.parametrize(
    "make_item",
    [flows.added_item, _closed_on_time, _closed_late],
    ids=["open", "closed on time", "closed late"],
)
@pytest.mark.parametrize("today", [BEFORE_DEADLINE, AFTER_DEADLINE], ids=["before", "after"])
def test_a_problem_state_row_stands_where_problem_state_puts_its_finding(cast, make_item, today):
    finding = make_item(cast).finding
    by_finding = Finding.objects.annotate(where=problem_state(today)).get(pk=finding.pk)
    by_row = ProblemState.objects.annotate(where=state_standing(today)).get(finding=finding)
    assert by_row.where == by_finding.where
