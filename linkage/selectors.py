"""Reads of the filings with the office above, always scoped to the person.

Readers of an office (its staff and its leadership group) see the filings their office made
(`filings_filed_by`) and those filed with it by the offices directly below (`filings_inbox`).
Nobody sees a sibling's filings, and an office does not see what its grandchildren file with
its children.
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    DurationField,
    Exists,
    F,
    OuterRef,
    Q,
    Value,
    When,
)

from linkage import policy
from linkage.models import UpwardFiling
from organisations.models import Office
from organisations.selectors import viewer_of
from rounds.models import Round, Term

Kind = UpwardFiling.Kind
Status = UpwardFiling.Status


def _base():
    return UpwardFiling.objects.select_related(
        "office", "filed_with", "term", "round__term", "submitted_by__profile"
    )


def with_overdue(queryset, today):
    """Annotate `overdue_by`: how long past its due date a filing not yet acknowledged is (a
    duration; None when it is not overdue). Date arithmetic that runs on SQLite too."""
    return queryset.annotate(
        overdue_by=Case(
            When(overdue_condition(today), then=Value(today) - F("due_on")),
            default=None,
            output_field=DurationField(),
        )
    )


def overdue_condition(today):
    return Q(due_on__lt=today) & ~Q(status=Status.ACKNOWLEDGED)


def filings_filed_by(user):
    """The filings the person's office made with the office above."""
    viewer = viewer_of(user)
    if not viewer.reads_office:
        return UpwardFiling.objects.none()
    return _base().filter(office_id=viewer.office_id)


def filings_inbox(user):
    """The filings made with the person's office by the offices directly below it."""
    viewer = viewer_of(user)
    if not viewer.reads_office:
        return UpwardFiling.objects.none()
    return _base().filter(filed_with_id=viewer.office_id)


def filings_visible_to(user):
    viewer = viewer_of(user)
    if not viewer.reads_office:
        return UpwardFiling.objects.none()
    return _base().filter(Q(office_id=viewer.office_id) | Q(filed_with_id=viewer.office_id))


def lower_offices_of(user):
    """The offices directly below the person's office, whose filings it receives."""
    viewer = viewer_of(user)
    if not viewer.reads_office:
        return Office.objects.none()
    return Office.objects.filter(parent_id=viewer.office_id)


def terms_to_file(office):
    return Term.objects.filter(office=office).order_by("-starts_on")


def rounds_to_file(office):
    return (
        Round.objects.filter(office=office)
        .exclude(status=Round.Status.CANCELLED)
        .select_related("term")
        .order_by("-planned_end")
    )


# Expected but missing ---------------------------------------------------------------------


@dataclass(frozen=True)
class MissingFiling:
    """A filing an office should have made and has not, past its due date."""

    kind: str
    office: Office
    term: Term
    round: Round | None
    year: int | None
    due_on: datetime.date
    days_overdue: int

    @property
    def kind_label(self):
        return Kind(self.kind).label

    @property
    def period_label(self):
        if self.kind == Kind.ROUND_SUMMARY:
            return str(self.round)
        if self.kind == Kind.ANNUAL_PLAN:
            return f"{self.term} · {self.year}"
        return str(self.term)


# One query for the three kinds. Annual plans are expected for each year of a term up to the
# current one (generate_series); where two terms share a year, the later one's plan is expected.
KIND_ORDER = {Kind.TERM_PLAN: 0, Kind.ANNUAL_PLAN: 1, Kind.ROUND_SUMMARY: 2}


def missing_filings(office_ids, today, *, deadlines, kind=None):
    """The filings the offices should have made by `today` and have not, most overdue first.
    The offices all file with one office, whose `deadlines` (a FilingPolicy) apply.

    Three queries whatever the number of offices: the terms without a term plan, the rounds
    without a summary (each with its office), and the terms with the annual plans already
    filed. Only what is owed is built in Python: a term's years, at most one row per year.
    """
    office_ids = list(office_ids)
    if not office_ids:
        return []
    rows = []
    if not kind or kind == Kind.TERM_PLAN:
        rows += _missing_term_plans(office_ids, today, deadlines)
    if not kind or kind == Kind.ANNUAL_PLAN:
        rows += _missing_annual_plans(office_ids, today, deadlines)
    if not kind or kind == Kind.ROUND_SUMMARY:
        rows += _missing_round_summaries(office_ids, today, deadlines)
    rows.sort(key=lambda row: (row.due_on, row.office.pk, KIND_ORDER[row.kind], row.year or 0))
    return rows


def _filed(kind, **match):
    return Exists(UpwardFiling.objects.filter(kind=kind, **match))


def _missing(kind, office, term, due_on, today, *, round_=None, year=None):
    return MissingFiling(
        kind=kind,
        office=office,
        term=term,
        round=round_,
        year=year,
        due_on=due_on,
        days_overdue=policy.days_overdue(due_on, today),
    )


def _terms_without_plan(office_ids, today, deadlines):
    started_before = today - datetime.timedelta(days=deadlines.term_plan_days)
    return Term.objects.filter(office_id__in=office_ids, starts_on__lt=started_before).exclude(
        _filed(Kind.TERM_PLAN, office_id=OuterRef("office_id"), term=OuterRef("pk"))
    )


def _missing_term_plans(office_ids, today, deadlines):
    terms = _terms_without_plan(office_ids, today, deadlines).select_related("office")
    return [
        _missing(Kind.TERM_PLAN, term.office, term, policy.term_plan_due(term, deadlines), today)
        for term in terms
    ]


def _annual_plans_owed(office_ids, today, deadlines, terms):
    """{(office id, year): (term, due date)} of the annual plans owed and not filed: a term's
    years up to today's, the later term's where two share a year."""
    filed = set(
        UpwardFiling.objects.filter(office_id__in=office_ids, kind=Kind.ANNUAL_PLAN).values_list(
            "office_id", "year"
        )
    )
    owed = {}
    terms = terms.filter(office_id__in=office_ids, starts_on__year__lte=today.year)
    for term in terms.order_by("office_id", "starts_on", "pk"):
        for year in range(term.starts_on.year, min(term.ends_on.year, today.year) + 1):
            due_on = policy.annual_plan_due(term, year, deadlines)
            key = (term.office_id, year)
            if key in filed or key in owed or due_on >= today:
                continue
            owed[key] = (term, due_on)
    return owed


def _missing_annual_plans(office_ids, today, deadlines):
    owed = _annual_plans_owed(office_ids, today, deadlines, Term.objects.select_related("office"))
    return [
        _missing(Kind.ANNUAL_PLAN, term.office, term, due_on, today, year=year)
        for (_office_id, year), (term, due_on) in owed.items()
    ]


def _rounds_without_summary(office_ids, today, deadlines):
    ended_before = today - datetime.timedelta(days=deadlines.round_summary_days)
    return (
        Round.objects.filter(office_id__in=office_ids, planned_end__lt=ended_before)
        .exclude(status=Round.Status.CANCELLED)
        .exclude(_filed(Kind.ROUND_SUMMARY, office_id=OuterRef("office_id"), round=OuterRef("pk")))
    )


def _missing_round_summaries(office_ids, today, deadlines):
    rounds = _rounds_without_summary(office_ids, today, deadlines).select_related("office", "term")
    return [
        _missing(
            Kind.ROUND_SUMMARY,
            round_.office,
            round_.term,
            policy.round_summary_due(round_, deadlines),
            today,
            round_=round_,
        )
        for round_ in rounds
    ]


def missing_filings_count(office_ids, today, *, deadlines):
    """How many filings `missing_filings` lists, counted rather than built (the leadership
    dashboard shows the number): the terms without a term plan and the rounds without a
    summary are counted by the database, the annual plans owed worked out as there. Four
    queries."""
    office_ids = list(office_ids)
    if not office_ids:
        return 0
    return (
        _terms_without_plan(office_ids, today, deadlines).count()
        + len(_annual_plans_owed(office_ids, today, deadlines, Term.objects.all()))
        + _rounds_without_summary(office_ids, today, deadlines).count()
    )
