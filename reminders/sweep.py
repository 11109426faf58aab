"""The sweep: every rule, every office, in batches; each reminder inserted once.

Every batch is its own transaction, and every insert skips rows that already exist (the unique
constraint on recipient, subject, kind and threshold), so a sweep may run twice, in two workers
at once, or again after dying half way: it creates what is missing and nothing twice.

Item rules run inside the database, one INSERT … SELECT per window of item ids; the rules of the
small tables bring their rows to Python in batches of primary keys.
"""

import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from organisations.models import Liaison, Office, Profile
from rectification.models import RectificationItem
from reminders.filing_rules import FILING_RULES
from reminders.item_rules import ITEM_RULES, LIAISONS, items_of
from reminders.models import MutedKind, Reminder, ReminderPolicy
from reminders.rules import RULES
from reminders.supervision_rules import SUPERVISION_RULES

logger = logging.getLogger(__name__)
BATCH = 2000
ITEM_WINDOW = 20000


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


def windows(low, high, size=ITEM_WINDOW):
    """Ranges of ids (low exclusive, high inclusive) covering low..high."""
    if low is None:
        return
    start = low - 1
    while start < high:
        yield start, min(start + size, high)
        start += size


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _insert_for_recipients(rule, candidates, office, subject_type):
    """One reminder per candidate row and recipient, made by the database; returns how many."""
    select, params = candidates.query.sql_with_params()
    if rule.recipients == LIAISONS:
        recipients = f"JOIN {_table(Liaison)} r ON r.target_id = c.target AND r.active = %s"
        recipient_params = [True]
    else:
        recipients = f"JOIN {_table(Profile)} r ON r.office_id = %s AND r.is_office_staff = %s"
        recipient_params = [office.pk, True]
    statement = f"""
        INSERT INTO {_table(Reminder)}
            (recipient_id, kind, subject_type_id, subject_id, threshold, due_on, summary, link,
             created_at)
        SELECT r.user_id, %s, %s, c.subject_id, c.reminder_threshold, c.reminder_due_on,
               c.summary, c.link, %s
        FROM ({select}) c
        {recipients}
        JOIN {_table(get_user_model())} u ON u.id = r.user_id AND u.is_active = %s
        WHERE NOT EXISTS (
            SELECT 1 FROM {_table(MutedKind)} m WHERE m.user_id = r.user_id AND m.kind = %s
        )
        ON CONFLICT DO NOTHING
    """
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    arguments = [rule.kind, subject_type.pk, now, *params, *recipient_params, True, rule.kind]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, arguments)
        return max(cursor.rowcount, 0)


def _sweep_items(office, policy, today, result):
    subject_type = ContentType.objects.get_for_model(RectificationItem)
    bounds = items_of(office).aggregate(low=Min("pk"), high=Max("pk"))
    for window in windows(bounds["low"], bounds["high"]):
        for rule in ITEM_RULES:
            for candidates in rule.candidates(office, policy, today, window):
                result.created += _insert_for_recipients(rule, candidates, office, subject_type)
                result.batches += 1


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


def _sweep_rows(office, policy, today, result):
    for rule in (*RULES, *FILING_RULES, *SUPERVISION_RULES):
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


def _refresh_statistics():
    """The hourly sweep asks "reminded yet?" of a table that the sweep itself grows faster than
    autovacuum notices; fresh statistics keep PostgreSQL's plans for those questions sound."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {_table(Reminder)}")


def sweep(today):
    """Create every reminder due on `today`; return how many batches ran and reminders were
    made."""
    _refresh_statistics()
    result = SweepResult()
    for office in Office.objects.order_by("pk").iterator():
        policy = policy_of(office)
        _sweep_items(office, policy, today, result)
        _sweep_rows(office, policy, today, result)
    logger.info("Reminder sweep for %s: %s batches, %s made", today, *vars(result).values())
    return result
