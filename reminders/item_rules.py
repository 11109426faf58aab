"""Reminders about rectification items and reports, made inside the database.

Items are the one large table (a province holds hundreds of thousands of them), and a nation has
a million assignments in rectification, each owing a report; so these rules never bring rows
into Python. Each yields querysets of candidate rows, one per subject: the subject, its target,
the kind, the threshold, the due date, a summary and a link. The sweep turns them into one
reminder per recipient with an INSERT … SELECT … ON CONFLICT DO NOTHING per window (see
sweep.py): the open items of a batch of an office's plans, or all of an office's reports. A rule
asks all its kinds in one statement (the unit's reminders ahead of a deadline and after it; its
quiet measures with and without an end): each statement reads its subjects once. The rules
build their queries once per day and policy, with slots (reminders.slots) where each window's
values go: WINDOW and OFFICE.
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
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

from core.expressions import AnyOf
from rectification.clocks import add_months, policy_for
from rectification.models import (
    PLAN_IN_FORCE,
    RectificationItem,
    RectificationPlan,
    RectificationReport,
)
from reminders import bands
from reminders.models import Kind, Reminder
from reminders.slots import IdsSlot, Slot
from rounds.models import Assignment

ItemStatus = RectificationItem.Status
OPEN_ITEM = [ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS, ItemStatus.RETURNED]
LIAISONS, OFFICE_STAFF = "liaisons", "office staff"
COLUMNS = (
    "subject_id",
    "reminder_target",
    "reminder_kind",
    "reminder_threshold",
    "reminder_due_on",
    "summary",
    "link",
)
_SENTINEL = "987654321"


@dataclass(frozen=True)
class ItemPolicy:
    """What these rules read of an office's reminder policy and its rectification clocks: the
    offices whose item policies are equal share their compiled queries."""

    before: tuple
    after: tuple
    escalate_after_days: int
    stale_progress_days: int
    long_term_report_months: int

    @classmethod
    def of(cls, office, policy):
        """The item policy of `office`, whose reminder policy is `policy`."""
        clocks = policy_for(office)
        return cls(
            before=tuple(policy.before),
            after=tuple(policy.after),
            escalate_after_days=policy.escalate_after_days,
            stale_progress_days=clocks.stale_progress_days,
            long_term_report_months=clocks.long_term_report_months,
        )


def plans_of(office):
    """The office's plans in force, whose open items are all that any item rule looks at."""
    return RectificationPlan.objects.filter(
        assignment__round__office=office, status__in=PLAN_IN_FORCE
    ).order_by()


def open_items_of(assignment_ids):
    """The open items of the plans of these assignments (each has one plan; a list of ids or
    WINDOW's slot). Named by their assignments, the plans are picked from the plans' table: the
    rules join it for a date, and PostgreSQL, given the items' plan ids alone, read every plan of
    the nation to join them."""
    return RectificationItem.objects.filter(
        AnyOf("plan__assignment_id", assignment_ids), status__in=OPEN_ITEM
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

    def values(self):
        """The values of WINDOW's slots."""
        return {"assignments": self.assignments, "low": self.low, "high": self.high}


# Where the rules' queries take each window's values, and the office's.
WINDOW = Window(
    IdsSlot("assignments", BigIntegerField()),
    Slot("low", BigIntegerField()),
    Slot("high", BigIntegerField()),
)
OFFICE = Slot("office", BigIntegerField())


def _ids_within(query, window, field="pk"):
    return query.filter(**{f"{field}__gt": window.low, f"{field}__lte": window.high})


def _link(viewname):
    prefix, suffix = reverse(viewname, args=[_SENTINEL]).split(_SENTINEL)
    return Concat(Value(prefix), Cast("pk", CharField()), Value(suffix), output_field=CharField())


def _as_candidates(query, kind, threshold, due_on):
    summary = Concat(
        "plan__assignment__target__name", Value("："), "measure", output_field=CharField()
    )
    return query.annotate(
        subject_id=F("pk"),
        reminder_target=F("plan__assignment__target_id"),
        reminder_kind=kind,
        reminder_threshold=threshold,
        reminder_due_on=due_on,
        summary=Substr(summary, 1, 200),
        link=_link("rectification:item"),
    ).values(*COLUMNS)


def _not_yet():
    """No reminder yet for the item of its kind at its threshold (the row's `reminder_kind`
    and `reminder_threshold`). The subquery keeps to the window's ids: while a sweep fills the
    table, the planner's statistics lag behind, and a subquery over all of a kind's reminders
    would be scanned once per item."""
    reminded = Reminder.objects.filter(
        subject_id=OuterRef("pk"),
        kind=OuterRef("reminder_kind"),
        threshold=OuterRef("reminder_threshold"),
    )
    return ~Exists(_ids_within(reminded, WINDOW, "subject_id"))


def _banded(banded_kinds, field):
    """(Q: the date at `field` is in a band of one of the kinds, its threshold, its kind), or
    None when no kind has a band; `banded_kinds` is [(kind, its bands)], all bands apart."""
    kinds = [(kind, band) for kind, band_list in banded_kinds for band in band_list]
    if not kinds:
        return None
    band_list = [band for _kind, band in kinds]
    in_a_band, band_threshold = bands.in_bands(band_list, field)
    band_kind = bands.by_band(band_list, field, [kind for kind, _band in kinds], CharField())
    return in_a_band, band_threshold, band_kind


class DeadlineRule:
    """Reminders at thresholds of an item's deadline. Every band of every kind of the rule is
    asked in one query, so the window's items are read once for all of them: a query per kind
    read them once for each."""

    recipients = LIAISONS

    def banded_kinds(self, policy, today):
        """[(kind, its bands)]; the bands of all kinds are apart."""
        raise NotImplementedError

    def candidates(self, policy, today):
        banded = _banded(self.banded_kinds(policy, today), "deadline")
        if banded is None:
            return
        in_a_band, band_threshold, band_kind = banded
        query = (
            WINDOW.items()
            .exclude(kind=RectificationItem.Kind.LONG_TERM)
            .filter(in_a_band)
            .alias(reminder_kind=band_kind, reminder_threshold=band_threshold)
            .filter(_not_yet())
        )
        yield _as_candidates(query, F("reminder_kind"), F("reminder_threshold"), F("deadline"))


class ItemDeadline(DeadlineRule):
    """The unit, ahead of each measure's deadline and after it."""

    def banded_kinds(self, policy, today):
        return [
            (Kind.ITEM_DUE, bands.before(today, policy.before)),
            (Kind.ITEM_OVERDUE, bands.after(today, policy.after)),
        ]


class ItemEscalated(DeadlineRule):
    """Long overdue: the office hears of it, once."""

    recipients = OFFICE_STAFF

    def banded_kinds(self, policy, today):
        return [(Kind.ITEM_ESCALATED, bands.after(today, [policy.escalate_after_days]))]


class ItemQuiet:
    """The unit, when a measure has been quiet since a moment (its last report, or the plan's
    submission): an item with an end after `stale_progress_days` (ITEM_STALE), a long-term one
    when its periodic report is due (PERIODIC_REPORT_DUE). One reminder per quiet spell: the
    threshold names the day the spell began, as yyyymmdd, so that a new report starts a new
    spell with a reminder of its own. Both kinds are asked in one query."""

    recipients = LIAISONS

    def candidates(self, policy, today):
        stale_since = self.start_of(today - datetime.timedelta(days=policy.stale_progress_days))
        last_report_due = add_months(today, -policy.long_term_report_months)
        report_since = self.start_of(last_report_due + datetime.timedelta(days=1))
        long_term = Q(kind=RectificationItem.Kind.LONG_TERM)
        since = Coalesce("last_progress_at", "plan__submitted_at")
        reminded_since = Reminder.objects.filter(
            subject_id=OuterRef("pk"),
            kind=OuterRef("reminder_kind"),
            created_at__gte=OuterRef("since"),
        )
        query = (
            WINDOW.items()
            .annotate(since=since, since_day=TruncDate(since))
            .filter(
                (~long_term & Q(since__lt=stale_since)) | (long_term & Q(since__lt=report_since))
            )
            .alias(
                reminder_kind=Case(
                    When(long_term, then=Value(Kind.PERIODIC_REPORT_DUE)),
                    default=Value(Kind.ITEM_STALE),
                    output_field=CharField(),
                )
            )
            .exclude(Exists(_ids_within(reminded_since, WINDOW, "subject_id")))
        )
        due_on = Case(
            When(long_term, then=Value(today)), default=F("since_day"), output_field=DateField()
        )
        yield _as_candidates(
            query, F("reminder_kind"), Cast(self.spell(), IntegerField()), Cast(due_on, DateField())
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


class ReportDue:
    """The unit's rectification report, due on its plan's date: ahead of it and after it, until
    the report is filed. The assignment is the subject."""

    recipients = LIAISONS
    model = Assignment

    def candidates(self, policy, today):
        due = "rectification_plan__report_due_on"
        in_a_band, band_threshold, band_kind = _banded(
            [
                (Kind.REPORT_DUE, bands.before(today, policy.before)),
                (Kind.REPORT_OVERDUE, bands.after(today, policy.after)),
            ],
            due,
        )
        reminded = Reminder.objects.filter(
            subject_id=OuterRef("pk"),
            kind=OuterRef("reminder_kind"),
            threshold=OuterRef("reminder_threshold"),
        )
        unit_report = RectificationReport.objects.filter(
            assignment=OuterRef("pk"), kind=RectificationReport.Kind.UNIT
        )
        query = (
            Assignment.objects.filter(
                round__office=OFFICE,
                phase__in=[Assignment.Phase.FEEDBACK, Assignment.Phase.RECTIFICATION],
                rectification_plan__status__in=PLAN_IN_FORCE,
            )
            .exclude(Exists(unit_report))
            .filter(in_a_band)
            .annotate(reminder_kind=band_kind, reminder_threshold=band_threshold)
            .exclude(Exists(reminded))
            .order_by()
        )
        yield query.annotate(
            subject_id=F("pk"),
            reminder_target=F("target_id"),
            reminder_due_on=F(due),
            summary=Substr("target__name", 1, 200),
            link=_link("rectification:assignment"),
        ).values(*COLUMNS)


ITEM_RULES = (ItemDeadline(), ItemEscalated(), ItemQuiet())
# Asked once per office, not per window of items: a plan's report is owed whether or not any
# of its measures is still open.
ASSIGNMENT_RULES = (ReportDue(),)
