"""Reminders of the follow-up a visited office owes on a supervision finding: before the due
date to its staff, after it to the visiting office's staff too; none once reported."""

import datetime

import pytest
import time_machine

from reminders.models import Kind, Reminder
from reminders.sweep import sweep
from supervision import services
from tests.supervision_scene import DUE_ON, add_finding, build_scene, record_visit, report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root", "english")]


def run(day):
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(6)), tick=False):
        return sweep(day)


def days(count):
    return DUE_ON + datetime.timedelta(days=count)


@pytest.fixture
def scene(db):
    return build_scene()


@pytest.fixture
def finding(scene):
    return add_finding(scene, record_visit(scene))


def reminded(scene):
    names = {user.pk: key for key, user in scene.staff.items()}
    rows = Reminder.objects.filter(kind__in=[Kind.FOLLOW_UP_DUE, Kind.FOLLOW_UP_OVERDUE])
    return sorted((names.get(row.recipient_id), row.kind, row.threshold) for row in rows)


def test_the_visited_office_hears_a_follow_up_is_due_in_a_week(scene, finding):
    run(days(-7))
    assert reminded(scene) == [("city", Kind.FOLLOW_UP_DUE, 7)]


def test_a_late_follow_up_is_reminded_to_both_offices(scene, finding):
    run(days(1))
    assert reminded(scene) == [
        ("city", Kind.FOLLOW_UP_OVERDUE, -1),
        ("province", Kind.FOLLOW_UP_OVERDUE, -1),
    ]


def test_the_reminder_links_to_the_visit_and_names_the_finding(scene, finding):
    run(days(-1))
    reminder = Reminder.objects.get(kind=Kind.FOLLOW_UP_DUE)
    assert reminder.link == f"/supervision/visits/{finding.visit_id}/"
    assert reminder.summary.startswith("Finding 1 of the visit")
    assert reminder.due_on == DUE_ON


def test_a_reported_follow_up_is_not_reminded(scene, finding):
    report(scene, finding)
    run(days(1))
    assert reminded(scene) == []


def test_a_returned_finding_is_reminded_again(scene, finding):
    report(scene, finding)
    services.finding_return(finding=finding, by=scene.staff["province"], comment="谈话提纲未附。")
    run(days(7))
    assert ("city", Kind.FOLLOW_UP_OVERDUE, -7) in reminded(scene)


def test_a_finding_of_another_office_is_not_reminded_to_this_one(scene):
    add_finding(scene, record_visit(scene, upper="city", lower="county"))
    run(days(1))
    assert {key for key, _kind, _threshold in reminded(scene)} == {"county", "city"}


def test_a_sweep_run_twice_reminds_a_follow_up_once(scene, finding):
    run(days(-3))
    run(days(-3))
    assert reminded(scene) == [("city", Kind.FOLLOW_UP_DUE, 3)]
