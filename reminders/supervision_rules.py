"""Reminders of 指导督导: the follow-up a visited office owes on the findings of a supervision
visit, before its due date and after it, at the thresholds of the office's reminder policy.

Only findings awaiting the visited office's report are reminded (open, or returned for more);
once late, the visiting office's staff hear too.
"""

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from reminders.models import Kind
from reminders.rules import Rule, dated_threshold, office_staff_of
from supervision import policy as steps
from supervision.models import SupervisionFinding


class FollowUpDue(Rule):
    kind = Kind.FOLLOW_UP_DUE
    model = SupervisionFinding
    fields = ("pk", "visit_id", "number", "due_on", "upper_office_id", "subject")
    office_field = "visit__lower_office"

    def subjects(self, today):
        return SupervisionFinding.objects.filter(status__in=steps.REPORT.allowed_from)

    def batches(self, office, policy, today):
        self._today = today
        query = self.subjects_of(office, today).annotate(
            upper_office_id=F("visit__upper_office_id"), subject=F("visit__subject")
        )
        yield query, lambda row: dated_threshold(row["due_on"], today, policy)

    def kind_for(self, threshold):
        return Kind.FOLLOW_UP_DUE if threshold >= 0 else Kind.FOLLOW_UP_OVERDUE

    def recipients(self, rows, office):
        staff = office_staff_of(office)
        above = {}
        found = {}
        for row in rows:
            late = row["due_on"] < self._today
            if late and row["upper_office_id"] not in above:
                above[row["upper_office_id"]] = office_staff_of(row["upper_office_id"])
            found[row["pk"]] = staff + (above[row["upper_office_id"]] if late else [])
        return found

    def describe(self, row):
        summary = _("Finding %(number)s of the visit: %(subject)s") % {
            "number": row["number"],
            "subject": row["subject"],
        }
        return summary, reverse("supervision:detail", args=[row["visit_id"]]), row["due_on"]


SUPERVISION_RULES = (FollowUpDue(),)
