"""Reads of the filings with the office above, always scoped to the person.

Readers of an office (its staff and its leadership group) see the filings their office made
(`filings_filed_by`) and those filed with it by the offices directly below (`filings_inbox`).
Nobody sees a sibling's filings, and an office does not see what its grandchildren file with
its children.
"""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, DurationField, ExpressionWrapper, F, IntegerField, Q, Value, When
from django.db.models.functions import ExtractDay

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
    """Annotate `days_overdue`: the days past the due date of a filing not yet acknowledged,
    else 0."""
    late = Q(due_on__lt=today) & ~Q(status=Status.ACKNOWLEDGED)
    return queryset.annotate(
        days_overdue=Case(
            When(
                late,
                then=ExtractDay(
                    ExpressionWrapper(Value(today) - F("due_on"), output_field=DurationField())
                ),
            ),
            default=Value(0),
            output_field=IntegerField(),
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
_MISSING_SQL = """
WITH offices AS (SELECT unnest(%(offices)s::bigint[]) AS id),
expected AS (
    SELECT 'term_plan' AS kind, t.office_id, t.id AS term_id, NULL::bigint AS round_id,
           NULL::integer AS year, t.starts_on + %(term_days)s AS due_on
    FROM rounds_term t JOIN offices o ON o.id = t.office_id
    WHERE NOT EXISTS (
        SELECT 1 FROM linkage_upwardfiling f
        WHERE f.office_id = t.office_id AND f.kind = 'term_plan' AND f.term_id = t.id)
  UNION ALL
    SELECT DISTINCT ON (t.office_id, y.year) 'annual_plan', t.office_id, t.id, NULL, y.year,
           GREATEST(make_date(y.year, %(month)s, %(day)s), t.starts_on + %(term_days)s)
    FROM rounds_term t JOIN offices o ON o.id = t.office_id
    CROSS JOIN LATERAL generate_series(
        EXTRACT(YEAR FROM t.starts_on)::integer,
        LEAST(EXTRACT(YEAR FROM t.ends_on)::integer, %(this_year)s)) AS y(year)
    WHERE NOT EXISTS (
        SELECT 1 FROM linkage_upwardfiling f
        WHERE f.office_id = t.office_id AND f.kind = 'annual_plan' AND f.year = y.year)
  UNION ALL
    SELECT 'round_summary', r.office_id, r.term_id, r.id, NULL,
           r.planned_end + %(round_days)s
    FROM rounds_round r JOIN offices o ON o.id = r.office_id
    WHERE r.status <> 'cancelled' AND NOT EXISTS (
        SELECT 1 FROM linkage_upwardfiling f
        WHERE f.office_id = r.office_id AND f.kind = 'round_summary' AND f.round_id = r.id)
)
SELECT kind, office_id, term_id, round_id, year, due_on FROM expected
WHERE due_on < %(today)s AND (%(kind)s = '' OR kind = %(kind)s)
ORDER BY due_on, office_id,
    CASE kind WHEN 'term_plan' THEN 0 WHEN 'annual_plan' THEN 1 ELSE 2 END, year
"""


def missing_filings(office_ids, today, *, kind=None):
    """The filings the offices should have made by `today` and have not, most overdue first.

    Plain SQL for the expected rows (one query), then the offices, terms and rounds named in
    them read in bulk (at most three more), whatever the number of rows.
    """
    office_ids = list(office_ids)
    if not office_ids:
        return []
    month, day = policy.ANNUAL_PLAN_DUE
    params = {
        "offices": office_ids,
        "term_days": policy.TERM_PLAN_DAYS,
        "round_days": policy.ROUND_SUMMARY_DAYS,
        "month": month,
        "day": day,
        "this_year": today.year,
        "today": today,
        "kind": kind or "",
    }
    with connection.cursor() as cursor:
        cursor.execute(_MISSING_SQL, params)
        rows = cursor.fetchall()
    if not rows:
        return []
    offices = Office.objects.in_bulk({row[1] for row in rows})
    terms = Term.objects.in_bulk({row[2] for row in rows})
    round_ids = {row[3] for row in rows if row[3] is not None}
    rounds = Round.objects.select_related("term").in_bulk(round_ids) if round_ids else {}
    return [
        MissingFiling(
            kind=row_kind,
            office=offices[office_id],
            term=terms[term_id],
            round=rounds.get(round_id),
            year=year,
            due_on=due_on,
            days_overdue=policy.days_overdue(due_on, today),
        )
        for row_kind, office_id, term_id, round_id, year, due_on in rows
    ]
