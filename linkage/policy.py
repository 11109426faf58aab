"""When a filing is due with the office above (报备时限).

- A term plan (届内规划) within TERM_PLAN_DAYS days of the term's start.
- An annual plan (年度计划) by ANNUAL_PLAN_DUE (month, day) of its year; in the year a term starts,
  no earlier than the term plan is due, since the annual plan follows the term plan.
- A round summary (轮次工作总结) within ROUND_SUMMARY_DAYS days after the round's planned end.

A filing is overdue once its due date has passed while it is not acknowledged; an expected
filing that was never submitted is overdue too (see selectors.missing_filings). Days overdue are
counted from the day after the due date.
"""

import datetime

TERM_PLAN_DAYS = 90
ANNUAL_PLAN_DUE = (1, 31)  # 31 January
ROUND_SUMMARY_DAYS = 30


def term_plan_due(term):
    return term.starts_on + datetime.timedelta(days=TERM_PLAN_DAYS)


def annual_plan_due(term, year):
    month, day = ANNUAL_PLAN_DUE
    return max(datetime.date(year, month, day), term_plan_due(term))


def round_summary_due(round_):
    return round_.planned_end + datetime.timedelta(days=ROUND_SUMMARY_DAYS)


def days_overdue(due_on, today):
    return max((today - due_on).days, 0)
