"""Day arithmetic for the rectification clocks. Deadlines are dates in the office's time zone."""

import calendar
import datetime
from dataclasses import dataclass

from rectification.models import RectificationPolicy, RoundClocks


def add_months(day, months):
    """The same day `months` later, or the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def policy_for(office):
    """The office's policy, or the defaults when the office has not set one."""
    try:
        return office.rectification_policy
    except RectificationPolicy.DoesNotExist:
        return RectificationPolicy(office=office)


def deadline(policy, start, months):
    day = add_months(start, months)
    if policy.move_weekend_deadlines and day.weekday() >= 5:
        day += datetime.timedelta(days=7 - day.weekday())
    return day


@dataclass(frozen=True)
class PlanClocks:
    due_on: datetime.date
    report_due_on: datetime.date
    concentrated_until: datetime.date


def plan_clocks(round, fed_back_on):
    """The plan's dates from the day of feedback: the round's own clocks where its office lets
    rounds set them, otherwise the office's."""
    policy = policy_for(round.office)
    months = policy
    if policy.rounds_may_override:
        months = RoundClocks.objects.filter(round=round).first() or policy
    return PlanClocks(
        due_on=deadline(policy, fed_back_on, months.plan_due_months),
        report_due_on=deadline(policy, fed_back_on, months.report_due_months),
        concentrated_until=deadline(policy, fed_back_on, months.concentrated_months),
    )
