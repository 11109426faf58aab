"""Day arithmetic for the rectification clocks. Deadlines are dates in the office's time zone."""

import calendar
import datetime

from rectification.models import RectificationPolicy


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
