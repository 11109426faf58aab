"""The reminder sweep: each kind at each threshold, to the right people, exactly once.

The walks date items to 2024-10-15, the plan to 2024-08-15 and the report to 2024-09-15 (the
feedback is on 2024-07-15); `sweep(day)` is the sweep as it would run on that day.
"""

import datetime
import functools

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rectification import services as rectification
from rectification.models import RectificationItem, RectificationReport
from reminders import sweep as sweep_module
from reminders import tasks
from reminders.item_rules import ASSIGNMENT_RULES, ITEM_RULES
from reminders.models import Kind, MutedKind, Reminder, ReminderPolicy
from reminders.slots import Compiled
from reminders.sweep import PlannerStatistics, in_batches, office_batches, sweep, windows
from rounds.models import Assignment, Round
from tests import factories, flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "media_root")]

ITEM_DEADLINE = datetime.date(2024, 10, 15)


def d(text):
    return datetime.date.fromisoformat(text)


def days_from_deadline(days):
    return ITEM_DEADLINE + datetime.timedelta(days=days)


def reminded(kind=None, **filters):
    rows = Reminder.objects.filter(**filters)
    if kind:
        rows = rows.filter(kind=kind)
    return sorted((row.recipient.username, row.kind, row.threshold) for row in rows)


def at(day):
    """Run the walks on `day` (their timestamps are real moments, unlike their dates)."""
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(10)), tick=False)


def run(day):
    """The sweep as it runs on `day`, early in the morning."""
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(6)), tick=False):
        return sweep(day)


@pytest.fixture
def item(cast):
    with at(d("2024-08-20")):
        return flows.started_item(cast)


def claim(cast, item):
    return rectification.item_claim_done(
        item=item, by=cast.liaison, text="已完成。", attachments=[flows.pdf()]
    )


# items due ------------------------------------------------------------------------------


@pytest.mark.parametrize(("days_left", "threshold"), [(7, 7), (3, 3), (1, 1), (0, 0)])
def test_the_liaison_is_reminded_of_an_item_at_each_threshold(cast, item, days_left, threshold):
    run(days_from_deadline(-days_left))
    assert reminded(Kind.ITEM_DUE) == [(cast.liaison.username, Kind.ITEM_DUE, threshold)]


def test_nothing_is_reminded_more_than_a_week_ahead(cast, item):
    run(days_from_deadline(-8))
    assert reminded(Kind.ITEM_DUE) == []


def test_a_day_between_thresholds_reminds_at_the_nearest_one_above(cast, item):
    run(days_from_deadline(-5))
    assert reminded(Kind.ITEM_DUE) == [(cast.liaison.username, Kind.ITEM_DUE, 7)]


def test_a_sweep_run_twice_on_a_day_reminds_once(cast, item):
    run(days_from_deadline(-7))
    first = reminded()
    run(days_from_deadline(-7))
    assert reminded() == first


def test_each_threshold_is_reminded_once_over_the_days(cast, item):
    for days_left in range(10, -1, -1):
        run(days_from_deadline(-days_left))
    assert [threshold for *_, threshold in reminded(Kind.ITEM_DUE)] == [0, 1, 3, 7]


def test_a_missed_day_is_caught_up_with_one_reminder_not_several(cast, item):
    run(days_from_deadline(-2))
    assert reminded(Kind.ITEM_DUE) == [(cast.liaison.username, Kind.ITEM_DUE, 3)]


def test_the_office_sets_its_own_thresholds(cast, item):
    ReminderPolicy.objects.create(office=cast.office, due_soon_days="14,2")
    run(days_from_deadline(-10))
    assert reminded(Kind.ITEM_DUE) == [(cast.liaison.username, Kind.ITEM_DUE, 14)]


def test_an_office_with_its_own_thresholds_leaves_the_others_on_the_defaults(
    cast, other_cast, item
):
    ReminderPolicy.objects.create(office=cast.office, due_soon_days="14,2")
    with at(d("2024-08-20")):
        flows.started_item(other_cast)
    run(days_from_deadline(-10))
    assert reminded(Kind.ITEM_DUE) == [(cast.liaison.username, Kind.ITEM_DUE, 14)]
    run(days_from_deadline(-7))
    assert reminded(Kind.ITEM_DUE, recipient=other_cast.liaison) == [
        (other_cast.liaison.username, Kind.ITEM_DUE, 7)
    ]


def test_an_item_due_is_not_reminded_to_another_units_liaison(cast, other_cast, item):
    run(days_from_deadline(-7))
    assert not Reminder.objects.filter(recipient=other_cast.liaison).exists()


def test_a_reminder_says_what_is_due_when_and_links_to_it(cast, item):
    run(days_from_deadline(-3))
    reminder = Reminder.objects.get(kind=Kind.ITEM_DUE)
    assert (reminder.due_on, reminder.link) == (ITEM_DEADLINE, f"/rectification/items/{item.pk}/")
    assert cast.assignment.target.name in reminder.summary
    assert item.measure[:20] in reminder.summary


def test_a_claimed_item_is_no_longer_reminded(cast, item):
    with at(d("2024-10-01")):
        claim(cast, item)
    run(days_from_deadline(-3))
    assert reminded(Kind.ITEM_DUE) == []


def test_a_closed_item_is_never_reminded_again(cast, item):
    with at(d("2024-10-01")):
        rectification.item_close(item=claim(cast, item), by=cast.office_staff)
    for days in (-1, 0, 1, 7, 30):
        run(days_from_deadline(days))
    assert reminded(subject_id=item.pk, kind__startswith="item") == []


def test_a_long_term_item_has_no_deadline_reminders(cast):
    with at(d("2024-08-20")):
        flows.item_under_plan(cast, kind=RectificationItem.Kind.LONG_TERM)
    run(days_from_deadline(-1))
    assert reminded(Kind.ITEM_DUE) == []


def test_an_item_of_a_draft_plan_is_not_yet_reminded(cast):
    flows.added_item(cast)
    run(days_from_deadline(-1))
    assert reminded(Kind.ITEM_DUE) == []


def test_a_muted_kind_is_not_made_for_that_person(cast, item):
    MutedKind.objects.create(user=cast.liaison, kind=Kind.ITEM_DUE)
    run(days_from_deadline(-1))
    assert reminded(Kind.ITEM_DUE) == []


def plan_of_items(cast, *items):
    """A submitted plan of items, each given as (kind, deadline)."""
    plan = flows.opened_plan(cast)
    made = [
        flows.added_item(cast, plan=plan, kind=kind, deadline=deadline) for kind, deadline in items
    ]
    flows.submit(cast, plan)
    return made


def test_items_due_and_overdue_in_one_plan_are_each_reminded_as_their_own_kind(cast):
    with at(d("2024-08-20")):
        due, overdue = plan_of_items(
            cast,
            (RectificationItem.Kind.IN_PERIOD, days_from_deadline(3)),
            (RectificationItem.Kind.IN_PERIOD, days_from_deadline(-7)),
        )
    run(ITEM_DEADLINE)
    made = Reminder.objects.filter(kind__in=[Kind.ITEM_DUE, Kind.ITEM_OVERDUE])
    assert sorted(made.values_list("subject_id", "kind", "threshold")) == sorted(
        [(due.pk, Kind.ITEM_DUE, 3), (overdue.pk, Kind.ITEM_OVERDUE, -7)]
    )


def test_muting_overdue_reminders_leaves_the_reminders_ahead_of_a_deadline(cast):
    MutedKind.objects.create(user=cast.liaison, kind=Kind.ITEM_OVERDUE)
    with at(d("2024-08-20")):
        due, _overdue = plan_of_items(
            cast,
            (RectificationItem.Kind.IN_PERIOD, days_from_deadline(1)),
            (RectificationItem.Kind.IN_PERIOD, days_from_deadline(-1)),
        )
    run(ITEM_DEADLINE)
    made = Reminder.objects.filter(kind__in=[Kind.ITEM_DUE, Kind.ITEM_OVERDUE])
    assert list(made.values_list("recipient", "subject_id", "kind")) == [
        (cast.liaison.pk, due.pk, Kind.ITEM_DUE)
    ]


# items overdue and escalated ------------------------------------------------------------


@pytest.mark.parametrize(("days_over", "threshold"), [(1, -1), (6, -1), (7, -7), (30, -30)])
def test_the_liaison_is_reminded_of_an_overdue_item_by_how_late_it_is(
    cast, item, days_over, threshold
):
    run(days_from_deadline(days_over))
    assert reminded(Kind.ITEM_OVERDUE) == [(cast.liaison.username, Kind.ITEM_OVERDUE, threshold)]


def test_an_overdue_item_is_reminded_once_per_threshold_over_a_month(cast, item):
    for days in range(0, 40):
        run(days_from_deadline(days))
    assert [threshold for *_, threshold in reminded(Kind.ITEM_OVERDUE)] == [-30, -7, -1]


def test_a_long_overdue_item_is_escalated_to_the_office(cast, item):
    run(days_from_deadline(14))
    assert reminded(Kind.ITEM_ESCALATED) == [(cast.office_staff.username, Kind.ITEM_ESCALATED, -14)]


def test_each_office_hears_of_its_own_escalated_items_only(cast, other_cast, item):
    with at(d("2024-08-20")):
        other_item = flows.started_item(other_cast)
    run(days_from_deadline(14))
    escalated = Reminder.objects.filter(kind=Kind.ITEM_ESCALATED)
    assert sorted(escalated.values_list("recipient", "subject_id")) == sorted(
        [(cast.office_staff.pk, item.pk), (other_cast.office_staff.pk, other_item.pk)]
    )


def test_an_item_overdue_less_than_the_escalation_stays_with_the_unit(cast, item):
    run(days_from_deadline(13))
    assert reminded(Kind.ITEM_ESCALATED) == []


def test_the_office_chooses_when_to_escalate(cast, item):
    ReminderPolicy.objects.create(office=cast.office, escalate_after_days=5)
    run(days_from_deadline(5))
    assert reminded(Kind.ITEM_ESCALATED) == [(cast.office_staff.username, Kind.ITEM_ESCALATED, -5)]


def test_an_item_closed_late_stops_its_overdue_reminders(cast, item):
    run(days_from_deadline(1))
    with at(days_from_deadline(3)):
        claim(cast, item)
    run(days_from_deadline(7))
    run(days_from_deadline(14))
    assert reminded(Kind.ITEM_OVERDUE) == [(cast.liaison.username, Kind.ITEM_OVERDUE, -1)]


# quiet items and periodic reports -------------------------------------------------------


def test_an_item_with_no_progress_for_thirty_days_is_reminded(cast, item):
    run(d("2024-09-20"))
    assert reminded(Kind.ITEM_STALE) == [(cast.liaison.username, Kind.ITEM_STALE, 20240820)]


def test_a_quiet_item_is_reminded_once_per_quiet_spell(cast, item):
    run(d("2024-09-20"))
    run(d("2024-09-27"))
    with at(d("2024-09-28")):
        rectification.progress_report(item=item, by=cast.liaison, text="继续推进。")
    run(d("2024-10-05"))
    run(d("2024-10-29"))
    assert [threshold for *_, threshold in reminded(Kind.ITEM_STALE)] == [20240820, 20240928]


def test_a_recent_progress_report_means_no_quiet_reminder(cast, item):
    run(d("2024-09-18"))
    assert reminded(Kind.ITEM_STALE) == []


def test_a_long_term_item_is_reminded_of_its_quarterly_report(cast):
    with at(d("2024-08-20")):
        flows.item_under_plan(cast, kind=RectificationItem.Kind.LONG_TERM)
    run(d("2024-11-19"))
    assert reminded(Kind.PERIODIC_REPORT_DUE) == []
    run(d("2024-11-20"))
    reminder = Reminder.objects.get(kind=Kind.PERIODIC_REPORT_DUE)
    assert (reminder.recipient, reminder.due_on) == (cast.liaison, d("2024-11-20"))


def test_a_periodic_report_starts_the_next_quarter(cast):
    with at(d("2024-08-20")):
        item = flows.item_under_plan(cast, kind=RectificationItem.Kind.LONG_TERM)
    with at(d("2024-11-10")):
        rectification.progress_report(item=item, by=cast.liaison, text="第一季度报告。")
    run(d("2024-11-20"))
    assert reminded(Kind.PERIODIC_REPORT_DUE) == []


def test_quiet_items_with_and_without_an_end_are_each_reminded_as_their_own_kind(cast):
    with at(d("2024-08-20")):
        quiet, long_term = plan_of_items(
            cast,
            (RectificationItem.Kind.IN_PERIOD, d("2025-03-31")),
            (RectificationItem.Kind.LONG_TERM, d("2025-03-31")),
        )
    run(d("2024-11-20"))
    made = Reminder.objects.filter(kind__in=[Kind.ITEM_STALE, Kind.PERIODIC_REPORT_DUE])
    assert sorted(made.values_list("subject_id", "kind", "threshold", "due_on")) == sorted(
        [
            (quiet.pk, Kind.ITEM_STALE, 20240820, d("2024-08-20")),
            (long_term.pk, Kind.PERIODIC_REPORT_DUE, 20240820, d("2024-11-20")),
        ]
    )


# the plan and the report ----------------------------------------------------------------


def test_the_liaison_is_reminded_of_the_plan_before_opening_it(cast):
    flows.fed_back(cast)
    run(d("2024-08-08"))
    assert reminded(Kind.PLAN_DUE) == [(cast.liaison.username, Kind.PLAN_DUE, 7)]


def test_a_repeat_sweep_sends_no_row_reminder_made_already(cast):
    flows.fed_back(cast)
    run(d("2024-08-08"))
    with CaptureQueriesContext(connection) as captured:
        run(d("2024-08-08"))
    # The row rules' reminders go in by bulk insert; the measures' by INSERT … SELECT.
    bulk = [q for q in captured if q["sql"].startswith('INSERT INTO "reminders_reminder" (')]
    assert bulk == []
    assert reminded(Kind.PLAN_DUE) == [(cast.liaison.username, Kind.PLAN_DUE, 7)]


def test_a_plan_not_submitted_in_time_is_overdue(cast):
    flows.covered_plan(cast)
    run(d("2024-08-16"))
    assert reminded(Kind.PLAN_OVERDUE) == [(cast.liaison.username, Kind.PLAN_OVERDUE, -1)]


def test_a_submitted_plan_is_not_reminded(cast):
    flows.submitted_plan(cast)
    run(d("2024-08-16"))
    assert reminded(Kind.PLAN_OVERDUE) == []


def test_the_rectification_report_is_reminded_when_due(cast):
    flows.submitted_plan(cast)
    run(d("2024-09-14"))
    assert reminded(Kind.REPORT_DUE) == [(cast.liaison.username, Kind.REPORT_DUE, 1)]


def test_the_report_is_reminded_at_each_threshold_ahead_of_its_date_once(cast):
    flows.submitted_plan(cast)
    for day in ("2024-09-08", "2024-09-09", "2024-09-12", "2024-09-14", "2024-09-15", "2024-09-15"):
        run(d(day))
    assert reminded(Kind.REPORT_DUE) == [
        (cast.liaison.username, Kind.REPORT_DUE, threshold) for threshold in (0, 1, 3, 7)
    ]


def test_an_overdue_report_is_reminded_once_at_each_threshold_it_passes(cast):
    flows.submitted_plan(cast)
    for day in ("2024-09-16", "2024-09-17", "2024-09-22", "2024-09-23", "2024-10-15"):
        run(d(day))
    assert reminded(Kind.REPORT_OVERDUE) == [
        (cast.liaison.username, Kind.REPORT_OVERDUE, threshold) for threshold in (-30, -7, -1)
    ]


def test_a_filed_report_ends_its_reminders(cast):
    flows.submitted_plan(cast)
    rectification.report_file(
        assignment=cast.assignment,
        by=cast.liaison,
        kind=RectificationReport.Kind.UNIT,
        text="整改报告。",
        author_name="张书记",
    )
    run(d("2024-09-16"))
    assert reminded(Kind.REPORT_OVERDUE) == []


def test_a_report_reminder_names_the_unit_links_to_its_rectification_and_gives_its_date(cast):
    plan = flows.submitted_plan(cast)
    run(d("2024-09-14"))
    reminder = Reminder.objects.get(kind=Kind.REPORT_DUE)
    assert (reminder.summary, reminder.link, reminder.due_on) == (
        cast.assignment.target.name,
        reverse("rectification:assignment", args=[cast.assignment.pk]),
        plan.report_due_on,
    )


def test_the_report_is_owed_when_every_measure_of_its_plan_is_closed(cast):
    plan = flows.submitted_plan(cast)
    plan.items.update(
        status=RectificationItem.Status.CLOSED,
        closed_by=cast.office_staff,
        closed_at=timezone.now(),
    )
    run(d("2024-09-16"))
    assert reminded(Kind.REPORT_OVERDUE) == [(cast.liaison.username, Kind.REPORT_OVERDUE, -1)]


# rounds, coverage and leads -------------------------------------------------------------


def test_the_leader_and_office_hear_the_on_site_period_is_ending(cast):
    flows.on_site(cast)
    Assignment.objects.filter(pk=cast.assignment.pk).update(
        on_site_from=d("2024-03-05"), on_site_until=d("2024-05-31")
    )
    run(d("2024-05-24"))
    assert reminded(Kind.ON_SITE_ENDS) == sorted(
        [
            (cast.leader.username, Kind.ON_SITE_ENDS, 7),
            (cast.office_staff.username, Kind.ON_SITE_ENDS, 7),
        ]
    )


def test_a_rule_is_asked_only_of_the_offices_with_any_of_its_subjects(
    cast, other_cast, monkeypatch
):
    flows.on_site(cast)
    rule = next(rule for rule in sweep_module.ROW_RULES if rule.kind == Kind.ON_SITE_ENDS)
    asked = []
    ask = rule.batches
    monkeypatch.setattr(
        rule,
        "batches",
        lambda office, policy, today: asked.append(office) or ask(office, policy, today),
    )
    run(d("2024-05-24"))
    assert asked == [cast.office]


def test_the_office_hears_a_round_is_ending(cast):
    run(d("2024-06-16"))
    assert reminded(Kind.ROUND_ENDS) == [(cast.office_staff.username, Kind.ROUND_ENDS, 14)]


def test_the_office_gets_the_uncovered_targets_each_quarter_of_the_final_year(cast):
    run(d("2026-01-10"))
    run(d("2026-02-10"))
    run(d("2026-04-10"))
    rows = Reminder.objects.filter(kind=Kind.COVERAGE_GAP).order_by("threshold")
    assert [row.threshold for row in rows] == [2, 3]
    assert rows[0].summary.endswith("1 targets not covered")


def test_a_target_inspected_only_in_a_cancelled_round_is_still_uncovered(cast):
    flows.on_site(cast)
    run(d("2026-01-10"))
    assert reminded(Kind.COVERAGE_GAP) == []  # the office's one target is covered
    Round.objects.filter(pk=cast.assignment.round_id).update(status=Round.Status.CANCELLED)
    run(d("2026-04-10"))
    [reminder] = Reminder.objects.filter(kind=Kind.COVERAGE_GAP)
    assert reminder.summary.endswith("1 targets not covered")


def test_uncovered_targets_are_not_listed_before_the_final_year(cast):
    run(d("2025-11-30"))
    assert reminded(Kind.COVERAGE_GAP) == []


def test_a_lead_without_an_outcome_after_six_months_goes_to_the_office_only(cast):
    lead = flows.transferred_lead(cast)
    run(d("2025-01-20"))
    reminder = Reminder.objects.get(kind=Kind.LEAD_OVERDUE)
    assert (reminder.recipient, reminder.summary) == (cast.office_staff, lead.number)


def test_a_lead_is_not_reminded_before_six_months(cast):
    flows.transferred_lead(cast)
    run(d("2025-01-19"))
    assert reminded(Kind.LEAD_OVERDUE) == []


def test_an_inactive_liaison_gets_no_reminders(cast, item):
    cast.liaison.liaison_roles.update(active=False)
    run(days_from_deadline(-1))
    assert reminded(recipient=cast.liaison) == []


def test_a_second_liaison_of_the_unit_is_reminded_too(cast, item):
    second = factories.ProfileFactory(work_unit=cast.assignment.target).user
    factories.LiaisonFactory(target=cast.assignment.target, user=second)
    run(days_from_deadline(-1))
    assert {row.recipient for row in Reminder.objects.filter(kind=Kind.ITEM_DUE)} == {
        cast.liaison,
        second,
    }


def left_site(cast, walk):
    """`walk` the assignment on, the team having left the site on 2024-05-31."""
    walk(cast)
    Assignment.objects.filter(pk=cast.assignment.pk).update(
        on_site_from=d("2024-03-05"), on_site_until=d("2024-05-31")
    )


def test_the_team_report_is_reminded_ahead_of_its_date_after_the_site_visit(cast):
    left_site(cast, flows.on_site)
    run(d("2024-06-23"))
    assert reminded(Kind.INSPECTION_REPORT_DUE) == sorted(
        [
            (cast.leader.username, Kind.INSPECTION_REPORT_DUE, 7),
            (cast.office_staff.username, Kind.INSPECTION_REPORT_DUE, 7),
        ]
    )


def test_a_late_team_report_is_reminded_as_late(cast):
    left_site(cast, flows.reporting)
    run(d("2024-07-01"))
    reminder = Reminder.objects.filter(kind=Kind.INSPECTION_REPORT_DUE).first()
    assert (reminder.threshold, reminder.is_late, reminder.days_ahead) == (-1, True, None)


def test_the_office_is_reminded_that_feedback_is_due(cast):
    left_site(cast, flows.reporting)
    run(d("2024-07-30"))
    assert reminded(Kind.FEEDBACK_DUE) == [(cast.office_staff.username, Kind.FEEDBACK_DUE, 0)]


def test_feedback_given_ends_the_feedback_reminders(cast):
    left_site(cast, flows.fed_back)
    run(d("2024-08-05"))
    assert reminded(Kind.FEEDBACK_DUE) == []


def test_a_walk_in_batches_stops_at_a_short_batch(django_assert_num_queries):
    plan = factories.RectificationPlanFactory()
    items = [factories.RectificationItemFactory(plan=plan).pk for _ in range(3)]
    with django_assert_num_queries(2):
        batches = list(in_batches(RectificationItem.objects.all(), ["pk"], size=2))
    assert [[row["pk"] for row in rows] for rows in batches] == [items[:2], items[2:]]


# Offices side by side ------------------------------------------------------------------------


@pytest.fixture
def interleaved(cast, other_cast):
    """Items of two offices whose ids interleave: the first office's, the other's, then the
    first office's again under a second plan."""
    second = flows.build_cast(office=cast.office)
    with at(d("2024-08-20")):
        return [flows.started_item(each) for each in (cast, other_cast, second)], second


def test_offices_whose_items_interleave_are_each_reminded_of_their_own(
    cast, other_cast, interleaved
):
    (first, others, third), second = interleaved
    run(days_from_deadline(-7))
    due = Reminder.objects.filter(kind=Kind.ITEM_DUE)
    assert sorted(due.values_list("recipient", "subject_id")) == sorted(
        [
            (cast.liaison.pk, first.pk),
            (other_cast.liaison.pk, others.pk),
            (second.liaison.pk, third.pk),
        ]
    )


def test_the_sweep_walks_an_offices_own_plans_a_batch_at_a_time(cast, interleaved):
    (first, _others, third), _second = interleaved
    found = [(window.assignments, list(window.items())) for window in windows(cast.office, size=1)]
    assert found == [
        ([first.plan.assignment_id], [first]),
        ([third.plan.assignment_id], [third]),
    ]


def test_each_rules_query_is_compiled_once_a_day_however_many_windows(
    cast, other_cast, interleaved, monkeypatch
):
    monkeypatch.setattr(sweep_module, "windows", functools.partial(sweep_module.windows, size=1))
    compiled = []
    compile_query = Compiled.of

    def counted(_cls, query):
        compiled.append(query)
        return compile_query(query)

    monkeypatch.setattr(Compiled, "of", classmethod(counted))
    run(days_from_deadline(-7))
    assert Reminder.objects.filter(kind=Kind.ITEM_DUE).count() == 3
    assert len(compiled) == len(ITEM_RULES) + len(ASSIGNMENT_RULES)


# The sweep shared out among workers ------------------------------------------------------------


def test_a_sweep_of_some_offices_reminds_only_theirs(cast, other_cast, item):
    with at(d("2024-08-20")):
        flows.started_item(other_cast)
    with time_machine.travel(datetime.datetime.combine(ITEM_DEADLINE, datetime.time(6))):
        sweep(ITEM_DEADLINE, office_ids=[cast.office.pk])
    assert set(Reminder.objects.values_list("recipient", flat=True)) == {cast.liaison.pk}


def test_the_offices_are_shared_out_in_batches_each_once():
    offices = sorted(factories.OfficeFactory().pk for _ in range(5))
    assert list(office_batches(size=2)) == [offices[:2], offices[2:4], offices[4:]]


def test_the_hourly_task_queues_one_sweep_per_batch_of_offices(monkeypatch):
    offices = sorted(factories.OfficeFactory().pk for _ in range(3))
    monkeypatch.setattr(tasks, "office_batches", lambda: iter([offices[:2], offices[2:]]))
    queued = []
    monkeypatch.setattr(tasks.sweep_offices, "delay", queued.append)
    tasks.sweep_reminders()
    assert queued == [offices[:2], offices[2:]]


def test_a_queued_sweep_reminds_its_offices_of_what_is_due_today(cast, item):
    with time_machine.travel(datetime.datetime.combine(ITEM_DEADLINE, datetime.time(6))):
        made = tasks.sweep_offices(office_ids=[cast.office.pk])
    assert reminded(Kind.ITEM_DUE) == [(cast.liaison.username, Kind.ITEM_DUE, 0)]
    assert made["created"] == Reminder.objects.count()


# The planner's statistics ----------------------------------------------------------------------


only_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the planner's statistics are PostgreSQL's"
)


def analyses_during(day):
    with CaptureQueriesContext(connection) as queries:
        run(day)
    return [query for query in queries if query["sql"].startswith("ANALYZE")]


@pytest.fixture
def unanalysed_reminders():
    """The reminders table as a first sweep finds it: emptied, its statistics unknown."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Reminder._meta.db_table}")


@only_postgresql
@pytest.mark.usefixtures("unanalysed_reminders")
def test_a_sweep_analyses_the_reminders_table_once_when_it_adds_little(cast, item):
    assert len(analyses_during(days_from_deadline(-7))) == 1


@only_postgresql
@pytest.mark.usefixtures("unanalysed_reminders")
def test_a_sweep_that_grows_the_reminders_table_analyses_it_again(cast, item, monkeypatch):
    monkeypatch.setattr(PlannerStatistics, "MIN_GROWTH", 0)
    assert len(analyses_during(days_from_deadline(-7))) > 1


@only_postgresql
@pytest.mark.usefixtures("unanalysed_reminders")
def test_a_sweep_leaves_the_reminders_tables_fresh_statistics_alone(cast, item):
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Reminder._meta.db_table}")
    assert analyses_during(days_from_deadline(-7)) == []
