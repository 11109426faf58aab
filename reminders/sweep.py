"""The sweep: every rule, every office, in batches; reminders inserted once.

Each batch is its own transaction, and the insert skips rows that already exist (the unique
constraint on recipient, subject, kind and threshold), so a sweep may run twice, in two workers
at once, or again after dying half way: it creates what is missing and nothing twice.
"""

import logging
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from organisations.models import Office
from reminders.models import Reminder, ReminderPolicy, ReminderPreference
from reminders.rules import RULES

logger = logging.getLogger(__name__)
BATCH = 2000


@dataclass
class SweepResult:
    examined: int = 0
    created: int = 0


def policy_of(office):
    try:
        return office.reminder_policy
    except ReminderPolicy.DoesNotExist:
        return ReminderPolicy(office=office)


def in_batches(query, fields, size=BATCH):
    """Rows as dicts, `size` at a time, walking the primary key so nothing is held in memory."""
    last = 0
    ordered = query.order_by("pk")
    while True:
        rows = list(ordered.filter(pk__gt=last).values(*fields)[:size])
        if not rows:
            return
        yield rows
        last = rows[-1]["pk"]


def _muted(user_ids):
    muted = {}
    preferences = ReminderPreference.objects.filter(user_id__in=user_ids).exclude(muted_kinds=[])
    for user_id, kinds in preferences.values_list("user_id", "muted_kinds"):
        muted[user_id] = set(kinds)
    return muted


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
    made = []
    for row, value in due:
        kind = rule.kind_for(value)
        summary, link, due_on = rule.describe(row)
        for user_id in dict.fromkeys(recipients.get(row["pk"], [])):
            if kind in muted.get(user_id, ()):
                continue
            made.append(
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
            )
    return made


def sweep(today):
    """Create every reminder due on `today`; return how many rows were examined and made."""
    result = SweepResult()
    started = timezone.now()
    for office in Office.objects.order_by("pk").iterator():
        policy = policy_of(office)
        for rule in RULES:
            subject_type = ContentType.objects.get_for_model(rule.model)
            for query, threshold in rule.batches(office, policy, today):
                for rows in in_batches(query, rule.fields):
                    result.examined += len(rows)
                    with transaction.atomic():
                        made = _reminders(rule, subject_type, rows, threshold, office)
                        Reminder.objects.bulk_create(made, ignore_conflicts=True)
    result.created = Reminder.objects.filter(created_at__gte=started).count()
    logger.info("Reminder sweep for %s: %s examined, %s made", today, *vars(result).values())
    return result
