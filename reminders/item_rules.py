"""Reminders about rectification items, made inside the database.

Items are the one large table (a province holds hundreds of thousands of them), so these rules
never bring rows into Python. Each yields querysets of candidate rows, one per item: the
subject, its target, the threshold, the due date, a summary and a link. The sweep turns them
into one reminder per recipient with an INSERT … SELECT … ON CONFLICT DO NOTHING per window
(see sweep.py): the open items of a batch of an office's plans.
"""

import datetime
from dataclasses import dataclass

from django.db.models import CharField, DateField, Exists, F, IntegerField, OuterRef, Value
from django.db.models.functions import (
    Cast,
    Coalesce,
    Concat,
    ExtractDay,
    ExtractMonth,
    ExtractYear,
    Substr,
    TruncDate,
)
from django.urls import reverse
from django.utils import timezone

from rectification.clocks import add_months, policy_for
from rectification.models import PLAN_IN_FORCE, RectificationItem, RectificationPlan
from reminders import bands
from reminders.models import Kind, Reminder

ItemStatus = RectificationItem.Status
OPEN_ITEM = [ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS, ItemStatus.RETURNED]
LIAISONS, OFFICE_STAFF = "liaisons", "office staff"
COLUMNS = ("subject_id", "target", "reminder_threshold", "reminder_due_on", "summary", "link")
_SENTINEL = "987654321"


def plans_of(office):
    """The office's plans in force, whose open items are all that any item rule looks at."""
    return RectificationPlan.objects.filter(
        assignment__round__office=office, status__in=PLAN_IN_FORCE
    ).order_by()


def open_items_of(assignment_ids):
    """The open items of the plans of these assignments (each has one plan). Named by their
    assignments, the plans are picked from the plans' table: the rules join it for a date, and
    PostgreSQL, given the items' plan ids alone, read every plan of the nation to join them."""
    return RectificationItem.objects.filter(
        plan__assignment_id__in=assignment_ids, status__in=OPEN_ITEM
    ).order_by()


@dataclass(frozen=True)
class Window:
    """Some of an office's plans in force (by their assignments' ids), and the ids of their
    open items from `low` (exclusive) to `high`. The plans pick the items wherever their ids
    fall among the other offices'; the ids bound the reminders each rule asks about."""

    assignments: list
    low: int
    high: int

    def items(self):
        return _ids_within(open_items_of(self.assignments), self)


def _ids_within(query, window, field="pk"):
    return query.filter(**{f"{field}__gt": window.low, f"{field}__lte": window.high})


def _link():
    prefix, suffix = reverse("rectification:item", args=[_SENTINEL]).split(_SENTINEL)
    return Concat(Value(prefix), Cast("pk", CharField()), Value(suffix), output_field=CharField())


def _as_candidates(query, threshold, due_on):
    summary = Concat(
        "plan__assignment__target__name", Value("："), "measure", output_field=CharField()
    )
    return query.annotate(
        subject_id=F("pk"),
        target=F("plan__assignment__target_id"),
        reminder_threshold=threshold,
        reminder_due_on=due_on,
        summary=Substr(summary, 1, 200),
        link=_link(),
    ).values(*COLUMNS)


def _not_yet(kind, threshold, window):
    """No reminder yet for the item at this threshold (an expression over the item). The
    subquery keeps to the window's ids: while a sweep fills the table, the planner's statistics
    lag behind, and a subquery over all of a kind's reminders would be scanned once per item."""
    reminded = Reminder.objects.filter(subject_id=OuterRef("pk"), kind=kind, threshold=threshold)
    return ~Exists(_ids_within(reminded, window, "subject_id"))


class ItemRule:
    kind: str
    recipients = LIAISONS

    def band_list(self, policy, today):
        raise NotImplementedError

    def candidates(self, office, policy, today, window):
        """Every band in one query: the items are read once for all of the rule's thresholds
        (a query per band read them three or four times)."""
        band_list = self.band_list(policy, today)
        if not band_list:
            return
        in_a_band, band_threshold = bands.in_bands(band_list, "deadline")
        query = (
            window.items()
            .exclude(kind=RectificationItem.Kind.LONG_TERM)
            .filter(in_a_band)
            .alias(band_threshold=band_threshold)
            .filter(_not_yet(self.kind, OuterRef("band_threshold"), window))
        )
        yield _as_candidates(query, F("band_threshold"), F("deadline"))


class ItemDue(ItemRule):
    kind = Kind.ITEM_DUE

    def band_list(self, policy, today):
        return bands.before(today, policy.before)


class ItemOverdue(ItemRule):
    kind = Kind.ITEM_OVERDUE

    def band_list(self, policy, today):
        return bands.after(today, policy.after)


class ItemEscalated(ItemRule):
    """Long overdue: the office hears of it, once."""

    kind = Kind.ITEM_ESCALATED
    recipients = OFFICE_STAFF

    def band_list(self, policy, today):
        return bands.after(today, [policy.escalate_after_days])


class QuietRule:
    """Items quiet since a moment (the last report, or the plan's submission): one reminder per
    quiet spell. The threshold names the day the spell began, as yyyymmdd, so that a new report
    starts a new spell with a reminder of its own."""

    kind: str
    recipients = LIAISONS

    def quiet_since(self, before, window):
        since = Coalesce("last_progress_at", "plan__submitted_at")
        reminded_since = Reminder.objects.filter(
            subject_id=OuterRef("pk"), kind=self.kind, created_at__gte=OuterRef("since")
        )
        return (
            window.items()
            .annotate(since=since, since_day=TruncDate(since))
            .filter(since__lt=before)
            .exclude(Exists(_ids_within(reminded_since, window, "subject_id")))
        )

    @staticmethod
    def spell():
        return (
            ExtractYear("since_day") * 10000
            + ExtractMonth("since_day") * 100
            + ExtractDay("since_day")
        )

    @staticmethod
    def start_of(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


class ItemStale(QuietRule):
    kind = Kind.ITEM_STALE

    def candidates(self, office, policy, today, window):
        days = policy_for(office).stale_progress_days
        moment = self.start_of(today - datetime.timedelta(days=days))
        quiet = self.quiet_since(moment, window)
        query = quiet.exclude(kind=RectificationItem.Kind.LONG_TERM)
        yield _as_candidates(
            query,
            Cast(self.spell(), IntegerField()),
            Cast("since_day", DateField()),
        )


class PeriodicReportDue(QuietRule):
    kind = Kind.PERIODIC_REPORT_DUE

    def candidates(self, office, policy, today, window):
        months = policy_for(office).long_term_report_months
        last_possible = add_months(today, -months) + datetime.timedelta(days=1)
        query = self.quiet_since(self.start_of(last_possible), window).filter(
            kind=RectificationItem.Kind.LONG_TERM
        )
        yield _as_candidates(
            query, Cast(self.spell(), IntegerField()), Value(today, output_field=DateField())
        )


ITEM_RULES = (ItemDue(), ItemOverdue(), ItemEscalated(), ItemStale(), PeriodicReportDue())
