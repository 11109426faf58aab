"""Every question asked of the reminders table has an index that answers it.

A nation's first sweep adds fourteen million reminders at once, and each day adds more, so a
question that reads the table whole makes a page or a sweep slower with every day of use. Each
test asks PostgreSQL how it would answer with sequential scans priced out: a question that no
index serves still reads the whole table, or walks a whole index with a filter.
"""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from rectification.models import RectificationItem
from reminders import selectors
from reminders.models import Kind, Reminder
from tests import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="asks PostgreSQL's planner for its plan"
    ),
]

MOMENT = timezone.make_aware(datetime.datetime(2024, 10, 14, 9))


def lookups(queryset):
    """The first column of each index of the reminders table that the plan reads: an index
    walked whole for a column further along it looks reminders up by nothing. A sequential
    scan of the table fails the test outright."""
    table = Reminder._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        indexes = connection.introspection.get_constraints(cursor, table)
    plan = queryset.explain()
    assert f"Seq Scan on {table}" not in plan, plan
    used = re.findall(r"(?:using|Bitmap Index Scan on) (\w+)", plan)
    return {indexes[name]["columns"][0] for name in used if name in indexes}


@pytest.fixture
def person():
    """One of fifty people with 4,000 reminders between them, most read and mailed, and the
    table analysed: the planner prices its choices by the table's statistics, and those of a
    nearly empty table (or whatever an earlier test left) make every index look alike."""
    people = [factories.UserFactory() for _ in range(50)]
    item_type = ContentType.objects.get_for_model(RectificationItem)
    Reminder.objects.bulk_create(
        Reminder(
            recipient=people[number % len(people)],
            kind=Kind.ITEM_DUE,
            subject_type=item_type,
            subject_id=number,
            threshold=number % 7,
            due_on=MOMENT.date(),
            summary="城关镇：整改措施",
            link="/rectification/items/1/",
            read_at=MOMENT if number % 10 else None,
            emailed_at=MOMENT if number % 10 else None,
        )
        for number in range(4000)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Reminder._meta.db_table}")
    return people[0]


def test_a_persons_newest_reminders_are_looked_up_by_recipient(person):
    page = selectors.reminders_of(person)[:25]
    assert "recipient_id" in lookups(page)


def test_a_persons_unread_reminders_are_looked_up_by_recipient(person):
    unread = selectors.reminders_of(person).filter(read_at__isnull=True)
    assert "recipient_id" in lookups(unread)


def test_a_persons_reminders_made_since_a_moment_are_looked_up_by_recipient(person):
    since = selectors.reminders_of(person).filter(created_at__gte=MOMENT)
    assert "recipient_id" in lookups(since)


def test_the_reminders_a_digest_claims_are_looked_up_by_recipient(person):
    unsent = Reminder.objects.filter(recipient=person, emailed_at__isnull=True)
    assert "recipient_id" in lookups(unsent.order_by("due_on", "id"))


def test_whether_a_subject_was_reminded_at_a_threshold_is_looked_up_by_subject(person):
    reminded = Reminder.objects.filter(subject_id=7, kind=Kind.ITEM_DUE, threshold=3)
    assert "subject_id" in lookups(reminded)


def test_whether_a_subject_was_reminded_since_a_moment_is_looked_up_by_subject(person):
    reminded = Reminder.objects.filter(subject_id=7, kind=Kind.ITEM_STALE, created_at__gte=MOMENT)
    assert "subject_id" in lookups(reminded)


def test_the_reminders_a_batch_of_subjects_made_are_looked_up_by_subject(person):
    made = Reminder.objects.filter(
        subject_type=ContentType.objects.get_for_model(RectificationItem),
        subject_id__in=[7, 8, 9],
        created_at__gte=MOMENT,
    )
    assert "subject_id" in lookups(made)
