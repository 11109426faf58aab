"""The leadership dashboard: an office's key figures for one term, and the charts behind them.

For the readers of the office only (its staff and its leadership group); `coverage.charts`
holds the definitions of the charted figures. Each figure is counted by the database, and the
page costs the same number of queries whatever the amount of data: the coverage headline, one
for the coverage chart, two for the three charts of the problems, one for the overdue trend,
one for the rounds, one for the leads, and five for the filings (those overdue, the office's
deadlines, the offices below and the two kinds of filing never made).
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from coverage import charts
from coverage.selectors import TermCoverage
from linkage.policy import policy_for
from linkage.selectors import (
    filings_inbox,
    lower_offices_of,
    missing_filings_count,
    overdue_condition,
)
from organisations.selectors import viewer_of
from rectification.figures import Figure
from rounds.models import Lead, Round

LeadStatus = Lead.Status
# What became of a lead once transferred (移交), in the order a case goes.
OUTCOMES = (
    LeadStatus.TRANSFERRED,
    LeadStatus.CASE_OPENED,
    LeadStatus.HANDLED,
    LeadStatus.NO_CASE,
    LeadStatus.CLOSED,
)


@dataclass(frozen=True)
class Outcome:
    status: str
    count: int

    @property
    def label(self):
        if self.status == LeadStatus.TRANSFERRED:
            return _("awaiting an outcome")
        return LeadStatus(self.status).label


@dataclass(frozen=True)
class Dashboard:
    term: object
    coverage: TermCoverage
    rounds_run: int
    rounds_planned: int
    problems_found: int
    rectification: Figure
    items_overdue: int
    leads_transferred: int
    # The outcomes some lead has reached, in OUTCOMES order.
    lead_outcomes: list
    filings_overdue: int
    # Owed by the offices below by now and never filed.
    filings_missing: int
    # Office staff may open the leads; the leadership group sees their counts only.
    sees_leads: bool
    charts: list


def _rounds(term):
    """Rounds of the term under way or completed, and those still planned (one query)."""
    return Round.objects.filter(term=term, office_id=term.office_id).aggregate(
        run=Count("pk", filter=Q(status__in=[Round.Status.IN_PROGRESS, Round.Status.COMPLETED])),
        planned=Count("pk", filter=Q(status=Round.Status.PLANNED)),
    )


def _leads(term):
    """Leads from the term's rounds transferred to a receiving body, by what became of them
    (one query). Counts only: no lead is opened, so none is logged as viewed."""
    transferred = Lead.objects.filter(
        assignment__round__term=term, assignment__round__office_id=term.office_id
    ).exclude(status=LeadStatus.REGISTERED)
    return transferred.aggregate(
        total=Count("pk"),
        **{status: Count("pk", filter=Q(status=status)) for status in OUTCOMES},
    )


def office_dashboard(user, term, *, today):
    """The key figures and charts of the term for a reader of its office; None for anyone
    else. Figures are those of the office's own rounds in the term (coverage: its own active
    targets), except the filings, which are those the offices directly below filed with it."""
    viewer = viewer_of(user)
    if not viewer.reads_office or viewer.office_id != term.office_id:
        return None
    progress = charts.coverage_progress(user, term, today=today)
    by_round, by_category, found = charts.problem_charts(user, term, today=today)
    overdue = charts.overdue_trend(user, term, today=today)
    rounds = _rounds(term)
    leads = _leads(term)
    return Dashboard(
        term=term,
        coverage=progress.total,
        rounds_run=rounds["run"],
        rounds_planned=rounds["planned"],
        problems_found=found.total,
        rectification=by_round.total,
        items_overdue=overdue.total,
        leads_transferred=leads["total"],
        lead_outcomes=[Outcome(status, leads[status]) for status in OUTCOMES if leads[status]],
        filings_overdue=filings_inbox(user).filter(overdue_condition(today)).count(),
        filings_missing=missing_filings_count(
            lower_offices_of(user).values_list("pk", flat=True),
            today,
            deadlines=policy_for(term.office_id),
        ),
        sees_leads=viewer.is_office_staff,
        charts=[progress, by_round, by_category, found, overdue],
    )
