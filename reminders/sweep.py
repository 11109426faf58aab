"""The sweep: every rule, every office, in batches; each reminder inserted once.

Every batch is its own transaction, and every insert skips rows that already exist (the unique
constraint on recipient, subject, kind and threshold), so a sweep may run twice, in two workers
at once, or again after dying half way: it creates what is missing and nothing twice.

Item rules run inside the database, one INSERT … SELECT per window (a batch of an office's plans
and their open items), each compiled once per day and policy (reminders.slots), and so do the
reports those plans owe, one per office; the rules of the small tables bring their rows to
Python in batches of primary keys, for the offices that have any of a rule's subjects (asked once
for all the sweep's offices). The hourly task shares the offices out, a batch a task, among the
worker pool (reminders.tasks).
"""

import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import DateTimeField, Max, Min, Value
from django.utils import timezone

from organisations.models import Liaison, Office, Profile
from rectification.models import RectificationItem
from reminders.filing_rules import FILING_RULES
from reminders.item_rules import (
    ASSIGNMENT_RULES,
    ITEM_RULES,
    LIAISONS,
    ItemPolicy,
    Window,
    open_items_of,
    plans_of,
)
from reminders.models import MutedKind, Reminder, ReminderPolicy
from reminders.rules import RULES
from reminders.slots import Compiled, Slot
from reminders.supervision_rules import SUPERVISION_RULES

logger = logging.getLogger(__name__)
BATCH = 2000
# Plans per window of items: some 20,000 item ids at twenty items a plan.
PLAN_WINDOW = 1000
# Offices per task of an hourly sweep: a nation's 3,000 offices are thirty tasks, shared by the
# worker pool, each under a minute even on a day that reminds of every item.
OFFICES_PER_TASK = 100


@dataclass
class SweepResult:
    batches: int = 0  # item windows and row batches, each its own transaction
    created: int = 0


def policy_of(office):
    try:
        return office.reminder_policy
    except ReminderPolicy.DoesNotExist:
        return ReminderPolicy(office=office)


def in_batches(query, fields, size=BATCH):
    """Rows as dicts, `size` at a time, walking the primary key so nothing is held in memory.
    A short batch is the last: asking again for an empty one cost every rule of every office
    a query."""
    last = 0
    ordered = query.order_by("pk")
    while True:
        rows = list(ordered.filter(pk__gt=last).values(*fields)[:size])
        if rows:
            yield rows
        if len(rows) < size:
            return
        last = rows[-1]["pk"]


def windows(office, size=PLAN_WINDOW):
    """The office's plans in force, `size` at a time, each batch with the range of its open
    items' ids. Walking the office's own plans keeps a window to its items however the ids of
    all offices interleave: a range of ids from the office's first open item to its last spans
    most of the table once offices work side by side."""
    plans = plans_of(office).order_by("pk").values_list("pk", "assignment_id")
    last = 0
    while batch := list(plans.filter(pk__gt=last)[:size]):
        assignments = [assignment for _plan, assignment in batch]
        bounds = open_items_of(assignments).aggregate(low=Min("pk"), high=Max("pk"))
        if bounds["low"] is not None:
            yield Window(assignments, bounds["low"] - 1, bounds["high"])
        if len(batch) < size:
            return
        last = batch[-1][0]


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


class Statements:
    """Each rule's candidate queries, compiled once per rule, item policy and day; the slots
    of a window (and the moment its reminders are made) are filled in for each run."""

    def __init__(self):
        self._compiled = {}

    def of(self, rule, policy, today, subject_type):
        key = (rule, policy, today)
        if key not in self._compiled:
            self._compiled[key] = [
                Compiled.of(
                    candidates.annotate(
                        reminder_subject_type=Value(subject_type.pk),
                        reminder_made_at=Slot("made_at", DateTimeField()),
                    )
                )
                for candidates in rule.candidates(policy, today)
            ]
        return self._compiled[key]


def _insert_for_recipients(rule, candidates, values, office):
    """One reminder per candidate row (`candidates` compiled, its slots' values in `values`)
    and recipient, made by the database; returns how many."""
    select = candidates.sql
    params = candidates.bind({**values, "made_at": timezone.now()})
    if rule.recipients == LIAISONS:
        recipients = (
            f"JOIN {_table(Liaison)} r ON r.target_id = c.reminder_target AND r.active = %s"
        )
        recipient_params = [True]
    else:
        recipients = f"JOIN {_table(Profile)} r ON r.office_id = %s AND r.is_office_staff = %s"
        recipient_params = [office.pk, True]
    if connection.vendor == "postgresql":
        # The candidates found once, apart from their recipients: planned as one join of all
        # their tables, a statement took longer to plan than to run, and the candidates were
        # found again for each member of the office's staff.
        before, source = f"WITH c AS MATERIALIZED ({select})", "c"
    else:
        # Python's sqlite3 counts the rows of a statement that starts with INSERT only.
        before, source = "", f"({select}) c"
    statement = f"""
        {before}
        INSERT INTO {_table(Reminder)}
            (recipient_id, kind, subject_type_id, subject_id, threshold, due_on, summary, link,
             created_at)
        SELECT r.user_id, c.reminder_kind, c.reminder_subject_type, c.subject_id,
               c.reminder_threshold, c.reminder_due_on, c.summary, c.link, c.reminder_made_at
        FROM {source}
        {recipients}
        JOIN {_table(get_user_model())} u ON u.id = r.user_id AND u.is_active = %s
        WHERE NOT EXISTS (
            SELECT 1 FROM {_table(MutedKind)} m
            WHERE m.user_id = r.user_id AND m.kind = c.reminder_kind
        )
        ON CONFLICT DO NOTHING
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [*params, *recipient_params, True])
        return max(cursor.rowcount, 0)


def _sweep_in_database(office, policy, today, result, statistics, statements):
    item_policy = ItemPolicy.of(office, policy)

    def insert(rule, subject_type, values):
        for candidates in statements.of(rule, item_policy, today, subject_type):
            result.created += _insert_for_recipients(rule, candidates, values, office)
            result.batches += 1
            statistics.keep_up(result.created)

    item_type = ContentType.objects.get_for_model(RectificationItem)
    for window in windows(office):
        for rule in ITEM_RULES:
            insert(rule, item_type, window.values())
    for rule in ASSIGNMENT_RULES:
        insert(rule, ContentType.objects.get_for_model(rule.model), {"office": office.pk})


def _muted(user_ids):
    muted = {}
    for user_id, kind in MutedKind.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "kind"
    ):
        muted.setdefault(user_id, set()).add(kind)
    return muted


def _made_already(subject_type, due, kinds):
    """(recipient, subject, kind, threshold) of the reminders already made for `due`: a repeat
    sweep finds most of its rows there, and neither describes nor sends them again."""
    return set(
        Reminder.objects.filter(
            subject_type=subject_type,
            subject_id__in=[row["pk"] for row, _value in due],
            kind__in=kinds,
        ).values_list("recipient_id", "subject_id", "kind", "threshold")
    )


def _reminders(rule, subject_type, rows, threshold, office):
    due = []
    for row in rows:
        value = threshold(row) if callable(threshold) else threshold
        if value is not None:
            due.append((row, value))
    if not due:
        return []
    recipients = rule.recipients([row for row, _value in due], office)
    muted = _muted({user for users in recipients.values() for user in users})
    made_already = _made_already(subject_type, due, {rule.kind_for(value) for _row, value in due})
    made = []
    for row, value in due:
        kind = rule.kind_for(value)
        owed = [
            user_id
            for user_id in dict.fromkeys(recipients.get(row["pk"], []))
            if kind not in muted.get(user_id, ())
            and (user_id, row["pk"], kind, value) not in made_already
        ]
        if not owed:
            continue
        summary, link, due_on = rule.describe(row)
        made += [
            Reminder(
                recipient_id=user_id,
                kind=kind,
                subject_type=subject_type,
                subject_id=row["pk"],
                threshold=value,
                due_on=due_on,
                summary=summary[:200],
                link=link,
            )
            for user_id in owed
        ]
    return made


ROW_RULES = (*RULES, *FILING_RULES, *SUPERVISION_RULES)


def _offices_with_subjects(today, office_ids):
    """rule → the ids of the offices with any of its subjects today (None: ask each office).
    A nation's offices mostly have none of most kinds; asking each of them cost a query per
    rule and office."""
    return {rule: rule.offices_with_subjects(today, office_ids) for rule in ROW_RULES}


def _sweep_rows(office, policy, today, result, statistics, with_subjects):
    for rule in ROW_RULES:
        if with_subjects[rule] is not None and office.pk not in with_subjects[rule]:
            continue
        subject_type = ContentType.objects.get_for_model(rule.model)
        for query, threshold in rule.batches(office, policy, today):
            for rows in in_batches(query, rule.fields):
                result.batches += 1
                started = timezone.now()
                with transaction.atomic():
                    made = _reminders(rule, subject_type, rows, threshold, office)
                    Reminder.objects.bulk_create(made, ignore_conflicts=True)
                if not made:
                    continue
                # Counted from the table: another worker may have made some of them first.
                result.created += Reminder.objects.filter(
                    subject_type=subject_type,
                    subject_id__in=[row["pk"] for row in rows],
                    created_at__gte=started,
                ).count()
                statistics.keep_up(result.created)


class PlannerStatistics:
    """PostgreSQL's idea of the reminders table, kept near the truth while a sweep grows it.

    Every rule asks "reminded yet?" of that table, and the sweep grows it faster than
    autovacuum notices: planned for the empty table a first sweep starts from, those questions
    read every row of the full one (a first sweep over a province's 400,000 items took four
    minutes instead of twenty seconds). The table is analysed when the sweep starts unless its
    statistics are fresh, and again each time the sweep has grown it by half (by MIN_GROWTH at
    least): a dozen times from empty to millions, never on a day that adds a few thousand. A
    sweep is thirty tasks for a nation, and analysing 14 million reminders takes a second."""

    MIN_GROWTH = 20_000

    def __init__(self):
        self.rows = self._known_rows()
        self.made_before = 0

    def keep_up(self, made):
        """The sweep has made `made` reminders so far."""
        if made - self.made_before > self._stale_after(self.rows):
            self.rows = self._analyse()
            self.made_before = made

    def _stale_after(self, rows):
        return max(self.MIN_GROWTH, rows // 2)

    def _known_rows(self):
        """The table's rows, as of statistics analysed now unless those it has are fresh: not
        unknown, and grown by less than `_stale_after` since (by any sweep, in any worker)."""
        if connection.vendor != "postgresql":
            return 0
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.reltuples, s.n_mod_since_analyze FROM pg_class c "
                "LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.oid = %s::regclass",
                [Reminder._meta.db_table],
            )
            rows, changed = cursor.fetchone()
        if rows < 0 or changed is None or changed > self._stale_after(int(rows)):
            return self._analyse()
        return int(rows)

    @staticmethod
    def _analyse():
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {_table(Reminder)}")
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [Reminder._meta.db_table]
            )
            return max(int(cursor.fetchone()[0]), 0)


def office_batches(size=OFFICES_PER_TASK):
    """The ids of every office, `size` at a time in order: the sweep's share of work for one
    task."""
    ids = Office.objects.order_by("pk").values_list("pk", flat=True)
    last = 0
    while batch := list(ids.filter(pk__gt=last)[:size]):
        yield batch
        if len(batch) < size:
            return
        last = batch[-1]


def sweep(today, office_ids=None):
    """Create every reminder due on `today` (for the offices `office_ids`, else for all);
    return how many batches ran and reminders were made."""
    statistics = PlannerStatistics()
    statements = Statements()
    with_subjects = _offices_with_subjects(today, office_ids)
    result = SweepResult()
    offices = Office.objects.select_related("reminder_policy", "rectification_policy")
    if office_ids is not None:
        offices = offices.filter(pk__in=office_ids)
    for office in offices.order_by("pk").iterator():
        policy = policy_of(office)
        _sweep_in_database(office, policy, today, result, statistics, statements)
        _sweep_rows(office, policy, today, result, statistics, with_subjects)
    logger.info("Reminder sweep for %s: %s batches, %s made", today, *vars(result).values())
    return result
