"""Reminders of 报备: the filings an office owes the office directly above it.

A filing is owed until one is submitted; a returned one is owed again until it is resubmitted.
The office's staff hear before the due date and after it, at the thresholds of their office's
reminder policy; once a filing is overdue, the staff of the office above hear too. The due dates
are those the office above set (linkage.policy).

Term plans and round summaries are reminded with their term or round as the subject and the
days left as the threshold. An annual plan is due every year of a term, so its subject, the
term, would meet the same thresholds each year; its threshold is the year instead (the year
when due, minus the year when overdue), and it is reminded once ahead and once when late.
"""

import datetime

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from linkage import policy as deadlines_of
from linkage.models import UpwardFiling
from reminders.models import Kind
from reminders.rules import Rule, dated_threshold, office_staff_of
from rounds.models import Round, Term

Filing = UpwardFiling.Kind
# A submitted or acknowledged filing settles the duty; a returned one does not.
SETTLED = [UpwardFiling.Status.SUBMITTED, UpwardFiling.Status.ACKNOWLEDGED]


def _settled(kind, **match):
    return Exists(
        UpwardFiling.objects.filter(
            kind=kind, office_id=OuterRef("office_id"), status__in=SETTLED, **match
        )
    )


class FilingRule(Rule):
    """Shared by the three kinds of filing: who hears, and that only an office with an office
    above owes anything."""

    def batches(self, office, policy, today):
        if office.parent_id is None:
            return
        self._deadlines = deadlines_of.policy_of_filer(office)
        self._today = today
        yield from self.owed(office, policy, today)

    def recipients(self, rows, office):
        staff = office_staff_of(office)
        above = None
        found = {}
        for row in rows:
            late = self.due_of(row) < self._today
            if late and above is None:
                above = office_staff_of(office.parent)
            found[row["pk"]] = staff + (above if late else [])
        return found


class TermPlanDue(FilingRule):
    kind = Kind.FILING_DUE
    model = Term
    fields = ("pk", "name", "starts_on")

    def owed(self, office, policy, today):
        # Past the last reminder after the due date, nothing more is said.
        last = max(policy.after)
        started_after = today - datetime.timedelta(days=self._deadlines.term_plan_days + last)
        query = Term.objects.filter(office=office, starts_on__gte=started_after).exclude(
            _settled(Filing.TERM_PLAN, term=OuterRef("pk"))
        )
        yield query, lambda row: dated_threshold(self.due_of(row), today, policy)

    def kind_for(self, threshold):
        return Kind.FILING_DUE if threshold >= 0 else Kind.FILING_OVERDUE

    def due_of(self, row):
        return row["starts_on"] + datetime.timedelta(days=self._deadlines.term_plan_days)

    def describe(self, row):
        summary = _("Term plan for %(term)s") % {"term": row["name"]}
        link = reverse("linkage:create", args=[Filing.TERM_PLAN])
        return summary, link, self.due_of(row)


class RoundSummaryDue(FilingRule):
    kind = Kind.FILING_DUE
    model = Round
    fields = ("pk", "term__name", "ordinal", "planned_end")

    def owed(self, office, policy, today):
        last = max(policy.after)
        ended_after = today - datetime.timedelta(days=self._deadlines.round_summary_days + last)
        query = (
            Round.objects.filter(office=office, planned_end__gte=ended_after)
            .exclude(status=Round.Status.CANCELLED)
            .exclude(_settled(Filing.ROUND_SUMMARY, round=OuterRef("pk")))
        )
        yield query, lambda row: dated_threshold(self.due_of(row), today, policy)

    def kind_for(self, threshold):
        return Kind.FILING_DUE if threshold >= 0 else Kind.FILING_OVERDUE

    def due_of(self, row):
        return row["planned_end"] + datetime.timedelta(days=self._deadlines.round_summary_days)

    def describe(self, row):
        summary = _("Summary of %(term)s round %(ordinal)s") % {
            "term": row["term__name"],
            "ordinal": row["ordinal"],
        }
        link = reverse("linkage:create", args=[Filing.ROUND_SUMMARY])
        return summary, link, self.due_of(row)


class AnnualPlanDue(FilingRule):
    """This year's annual plan, for the term in force; where two terms share the year, the
    later one's, as linkage.selectors.missing_filings expects it."""

    kind = Kind.ANNUAL_PLAN_DUE
    model = Term
    fields = ("pk", "name", "starts_on")

    def owed(self, office, policy, today):
        year = today.year
        self._year = year
        in_force = (
            Term.objects.filter(office=office, starts_on__year__lte=year, ends_on__year__gte=year)
            .order_by("-starts_on", "-pk")
            .values("pk")[:1]
        )
        query = Term.objects.filter(pk=Subquery(in_force)).exclude(
            _settled(Filing.ANNUAL_PLAN, year=year)
        )
        warn_within = max(policy.before)

        def threshold(row):
            days_left = (self.due_of(row) - today).days
            if days_left < 0:
                return -year
            return year if days_left <= warn_within else None

        yield query, threshold

    def kind_for(self, threshold):
        return Kind.ANNUAL_PLAN_DUE if threshold >= 0 else Kind.ANNUAL_PLAN_LATE

    def due_of(self, row):
        term = Term(starts_on=row["starts_on"])
        return deadlines_of.annual_plan_due(term, self._year, self._deadlines)

    def describe(self, row):
        summary = _("Annual plan %(year)s (%(term)s)") % {"year": self._year, "term": row["name"]}
        link = reverse("linkage:create", args=[Filing.ANNUAL_PLAN])
        return summary, link, self.due_of(row)


FILING_RULES = (TermPlanDue(), AnnualPlanDue(), RoundSummaryDue())
