"""When a filing is due with the office above (报备时限), by that office's FilingPolicy.

- A term plan (届内规划) within `term_plan_days` of the term's start.
- An annual plan (年度计划) by (`annual_plan_month`, `annual_plan_day`) of its year; in the year a
  term starts, no earlier than the term plan is due, since the annual plan follows the term plan.
- A round summary (轮次工作总结) within `round_summary_days` after the round's planned end.

A filing is overdue once its due date has passed while it is not acknowledged; an expected
filing that was never submitted is overdue too (see selectors.missing_filings). Days overdue are
counted from the day after the due date.
"""

import datetime

from linkage.models import FilingPolicy


def policy_for(office_id):
    """The deadlines an office sets for the offices filing with it, or the defaults."""
    return FilingPolicy.objects.filter(office_id=office_id).first() or FilingPolicy(
        office_id=office_id
    )


def policy_of_filer(office):
    """The deadlines an office files under: those of the office directly above it."""
    if office.parent_id is None:
        return FilingPolicy()
    return policy_for(office.parent_id)


def term_plan_due(term, policy):
    return term.starts_on + datetime.timedelta(days=policy.term_plan_days)


def annual_plan_due(term, year, policy):
    fixed = datetime.date(year, policy.annual_plan_month, policy.annual_plan_day)
    return max(fixed, term_plan_due(term, policy))


def round_summary_due(round_, policy):
    return round_.planned_end + datetime.timedelta(days=policy.round_summary_days)


def days_overdue(due_on, today):
    return max((today - due_on).days, 0)
