"""Chart series for the leadership dashboard and the coverage page, counted by the database.

Every chart is one query for an office and a term (the three of the problems share two), and
is empty for anyone who does not read that office (its staff and its leadership group). The
definitions are those of the pages the figures also appear on:

- covered (有形覆盖) and effectively covered (有效覆盖): `coverage.selectors`;
- rectified, rectified late and overdue problems: `rectification.progress` through the counts
  of `rectification.figures`;
- an overdue rectification item: `rectification.progress.overdue_item`, read at past dates as
  described in `overdue_trend`.

A chart is drawn by static/js/charts.js from `Chart.data()`; the same figures are in its
`rows`, which the page prints as a table beneath the chart.
"""

import calendar
import datetime
from bisect import bisect_right
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import accumulate

from django.db.models import Case, Count, IntegerField, Min, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from core.grouping import rows_by
from coverage.selectors import COUNTS as COVERAGE_COUNTS
from coverage.selectors import TermCoverage, scope_of
from organisations.selectors import viewer_of
from rectification.figures import COUNTS, Figure, standing_counts, total_of
from rectification.models import ProblemState, RectificationItem
from rectification.progress import state_standing
from rounds.coverage import VISIBLE_COVERAGE_PHASES, assignments_counting_for, in_phases
from rounds.models import Finding, FindingCategory

ItemStatus = RectificationItem.Status
# Problems the office has confirmed: accepted from the team, or already fed back to the unit.
FOUND = (Finding.Status.ACCEPTED, Finding.Status.FED_BACK)
TREND_MONTHS = 12


@dataclass(frozen=True)
class Series:
    name: str
    values: list
    # A reference line (the even pace) rather than a measured figure.
    dashed: bool = False


@dataclass(frozen=True)
class Chart:
    """One chart: what charts.js draws, and the same figures as a table (`columns`, `rows`)."""

    key: str
    kind: str  # "line" or "bar"
    title: str
    x_label: str
    y_label: str
    categories: list
    series: list
    columns: list
    rows: list
    unit: str = ""  # "%" for rates
    stacked: bool = False
    # The rows split into several short tables, as (caption, rows): a term's months by year.
    row_groups: list | None = None
    note: str = ""
    # What the chart adds up to, for the figure cards: the headline coverage, the total rate,
    # the problems found, today's overdue items.
    total: object = None

    @property
    def empty(self):
        return not self.categories

    @property
    def tables(self):
        return self.row_groups or [("", self.rows)]

    @property
    def data_id(self):
        return f"{self.key}-data"

    def data(self):
        """What static/js/charts.js reads, every word already translated; the title is the
        figure's caption in the page."""
        return {
            "kind": self.kind,
            "xLabel": self.x_label,
            "yLabel": self.y_label,
            "unit": self.unit,
            "stacked": self.stacked,
            "categories": self.categories,
            "series": [
                {"name": series.name, "values": series.values, "dashed": series.dashed}
                for series in self.series
            ],
        }


def _reads(user, term):
    """The person reads the term's office."""
    viewer = viewer_of(user)
    return viewer.reads_office and viewer.office_id == term.office_id


def _month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _next_month(day):
    return _month_end(day) + datetime.timedelta(days=1)


def _label(day):
    return f"{day:%Y-%m}"


def _rate(part, whole):
    """A rate in percent for the chart's scale (one decimal), None when there is no whole."""
    if not whole:
        return None
    # Rounded as rectification.figures.percent rounds the rate printed in the table.
    return float((Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


# Coverage progress over the term ------------------------------------------------------------


def _term_months(term):
    """The last day of each month of the term (the term's own last day for its last month)."""
    months = []
    month = term.starts_on.replace(day=1)
    while month <= term.ends_on:
        months.append(min(_month_end(month), term.ends_on))
        month = _next_month(month)
    return months


def _pace(term, months, targets):
    days = (term.ends_on - term.starts_on).days + 1
    return [round(targets * ((day - term.starts_on).days + 1) / days, 1) for day in months]


def coverage_progress(user, term, *, today, below=False, total=None):
    """Targets covered (有形覆盖) by the end of each month of the term, and the even pace that
    covers every target by the term's end.

    A target counts from the month a team first went on site there in an assignment that
    covers it in the term (rounds.coverage): the assignment's recorded on-site date, or its
    round's planned start where none was recorded. Months after today have no figure. The
    figure of the current month (or of the term's last month, once it is over) is the headline
    figure: a target covered now counts there even if its recorded on-site date lies ahead. The
    pace at the end of a month is the targets in scope times the share of the term's days gone
    by.

    One query over the covering assignments, grouped by target and counted again by the day of
    each target's first visit (a row per day on which some team first went somewhere); `total`,
    the term's headline (a TermCoverage), is counted in one more unless the caller passes the
    one it counted.
    """
    scope = scope_of(user, term, below=below)
    if total is None:
        total = TermCoverage(**scope.targets().aggregate(**COVERAGE_COUNTS))
    months = _term_months(term)
    measured = [day for day in months if day.replace(day=1) <= today]
    first_days, covered_by_then = [], []
    if measured:
        first_visits = (
            assignments_counting_for(term, scope.offices_below)
            .filter(scope.condition("target__"), in_phases(VISIBLE_COVERAGE_PHASES))
            .values("target_id")
            .annotate(first_on_site=Min(Coalesce("on_site_from", "round__planned_start")))
        )
        # Counted again outside the ORM, which hands back a date (PostgreSQL) or its text.
        by_first_visit = sorted(
            (datetime.date.fromisoformat(str(day)), targets)
            for day, targets in rows_by(first_visits, "first_on_site").items()
        )
        first_days = [day for day, _targets in by_first_visit]
        covered_by_then = [0, *accumulate(targets for _day, targets in by_first_visit)]
    covered = [covered_by_then[bisect_right(first_days, end)] for end in measured[:-1]]
    covered += [covered_by_then[-1]] if measured else []
    covered += [None] * (len(months) - len(measured))
    pace = _pace(term, months, total.targets)
    labels = [_label(day) for day in months]
    rows = [
        [label, "—" if value is None else value, f"{target:.1f}"]
        for label, value, target in zip(labels, covered, pace, strict=True)
    ]
    years = {}
    for day, row in zip(months, rows, strict=True):
        years.setdefault(str(day.year), []).append(row)
    return Chart(
        key="chart-coverage-progress",
        kind="line",
        title=_("Coverage progress over the term"),
        x_label=_("month"),
        y_label=_("targets covered"),
        categories=labels,
        series=[
            Series(_("covered (有形覆盖)"), covered),
            Series(_("even pace to cover every target by the term's end"), pace, dashed=True),
        ],
        columns=[_("month"), _("covered (有形覆盖)"), _("even pace")],
        rows=rows,
        row_groups=list(years.items()),
        note=_(
            "A target counts from the month its team first went on site in this term; the "
            "dashed line is the pace that covers every active target by the term's end."
        ),
        total=total,
    )


# Rectification rates and problems found ------------------------------------------------------


def _term_findings(user, term):
    """The findings of the office's own rounds in the term; none for anyone else."""
    if not _reads(user, term):
        return Finding.objects.none()
    return Finding.objects.filter(
        assignment__round__term=term, assignment__round__office_id=term.office_id
    )


def _term_problem_states(user, term):
    """Where the problems of the office's own rounds in the term stand (their ProblemState
    rows); none for anyone else."""
    if not _reads(user, term):
        return ProblemState.objects.none()
    return ProblemState.objects.filter(round__term=term, round__office_id=term.office_id)


def _problem_groups(user, term, today):
    """{(status, round ordinal, category id): counts} of the problems found in the term, as
    rectification.figures.counted_by counts them, in two queries: the problems by status,
    round and category, then the fed-back ones by where they stand, read from the index of
    their ProblemState rows alone (a fed-back problem with no row is in progress). Looking up
    the row of each of a province's 20,000 problems took twice as long."""
    found = (
        _term_findings(user, term)
        .filter(status__in=FOUND)
        .values_list("status", "assignment__round__ordinal", "category_id")
        .annotate(problems=Count("pk"))
        .order_by()
    )
    groups = {
        (status, ordinal, category): {**dict.fromkeys(COUNTS, 0), "fed_back": problems}
        for status, ordinal, category, problems in found
    }
    standing = (
        _term_problem_states(user, term)
        .annotate(problem=state_standing(today))
        .values_list("round__ordinal", "category_id", "problem")
        .annotate(problems=Count("pk"))
        .order_by()
    )
    for ordinal, category, problem, problems in standing:
        counts = groups.setdefault(
            (Finding.Status.FED_BACK, ordinal, category), dict.fromkeys(COUNTS, 0)
        )
        for name in standing_counts(problem):
            counts[name] += problems
    return groups


def _rate_chart(key, title, x_label, figures):
    return Chart(
        key=key,
        kind="bar",
        title=title,
        x_label=x_label,
        y_label=_("rectification rate"),
        unit="%",
        categories=[figure.label for figure in figures],
        series=[
            Series(
                _("rectification rate"),
                [_rate(figure.rectified, figure.fed_back) for figure in figures],
            )
        ],
        columns=[
            x_label,
            _("fed-back problems"),
            _("rectified"),
            _("overdue"),
            _("rectification rate"),
        ],
        rows=[
            [figure.label, figure.fed_back, figure.rectified, figure.overdue, figure.rate or "—"]
            for figure in figures
        ],
        note=_(
            "Rectified: every measure with an end is closed and every long-term measure has "
            "been reported on."
        ),
        total=total_of(figures),
    )


def _figures_by(groups, part, label):
    """Figures of `groups` (`_problem_groups`') added up by the `part` of their keys (a
    slice), in the order of those parts; `label` names a part."""
    added = {}
    for key, counts in sorted(groups.items(), key=lambda group: group[0][part]):
        into = added.setdefault(key[part], dict.fromkeys(counts, 0))
        for name, count in counts.items():
            into[name] += count
    return [Figure(label=label(*key), **counts) for key, counts in added.items()]


def _found_chart(groups):
    """Problems found by category from the groups of `problem_charts`, in category order."""
    by_category = {}
    for (status, _ordinal, *category), counts in sorted(groups.items(), key=lambda g: g[0][2:]):
        found = by_category.setdefault(tuple(category), {"found": 0, "fed_back": 0})
        # The groups' "fed_back" counts every problem of the group, whatever its status.
        found["found"] += counts["fed_back"]
        if status == Finding.Status.FED_BACK:
            found["fed_back"] += counts["fed_back"]
    names = [name for _position, _code, name in by_category]
    rows = list(by_category.values())
    waiting = [row["found"] - row["fed_back"] for row in rows]
    return Chart(
        key="chart-findings-category",
        kind="bar",
        stacked=True,
        title=_("Problems found by category"),
        x_label=_("category"),
        y_label=_("problems found"),
        categories=names,
        series=[
            Series(_("fed back"), [row["fed_back"] for row in rows]),
            Series(_("awaiting feedback"), waiting),
        ],
        columns=[_("category"), _("problems found"), _("fed back"), _("awaiting feedback")],
        rows=[
            [name, row["found"], row["fed_back"], left]
            for name, row, left in zip(names, rows, waiting, strict=True)
        ],
        note=_("Problems the office accepted from the teams, fed back or awaiting feedback."),
        total=sum(row["found"] for row in rows),
    )


def _named_categories(groups):
    """`groups` keyed by (status, round, category id) keyed instead by (status, round,
    category position, code and name), in one query of the categories: grouped by the
    category's id alone, the database counted the problems faster than by its three columns."""
    ids = {category for _status, _ordinal, category in groups}
    named = {
        pk: (position, code, name)
        for pk, position, code, name in FindingCategory.objects.filter(pk__in=ids).values_list(
            "pk", "position", "code", "name"
        )
    }
    return {
        (status, ordinal, *named[category]): counts
        for (status, ordinal, category), counts in groups.items()
    }


def problem_charts(user, term, *, today):
    """The charts of the problems of the term's rounds, all from the counts by status, round,
    category and where each problem stands (`_problem_groups`, two queries) and one more query
    for the categories' names:

    - the rectification rates of the fed-back problems ("N of M fed-back problems rectified")
      by round and by category; rounds and categories with no fed-back problem are left out,
      and each chart's `total` is the rate of the term's rounds together;
    - the problems found by category: accepted by the office from the teams, fed back or
      awaiting feedback; `total` is the problems found.
    """
    groups = _named_categories(_problem_groups(user, term, today))
    fed = Finding.Status.FED_BACK
    fed_back = {key[1:]: counts for key, counts in groups.items() if key[0] == fed}
    by_round = _figures_by(
        fed_back, slice(0, 1), lambda ordinal: _("Round %(ordinal)s") % {"ordinal": ordinal}
    )
    by_category = _figures_by(fed_back, slice(1, 4), lambda _position, _code, name: name)
    return (
        _rate_chart(
            "chart-rectification-round", _("Rectification rate by round"), _("round"), by_round
        ),
        _rate_chart(
            "chart-rectification-category",
            _("Rectification rate by category"),
            _("category"),
            by_category,
        ),
        _found_chart(groups),
    )


# Overdue trend ----------------------------------------------------------------------------


def _trend_days(today):
    """The last day of each of the eleven months before today's, then today."""
    days = [today]
    for _month in range(TREND_MONTHS - 1):
        days.append(days[-1].replace(day=1) - datetime.timedelta(days=1))
    return days[::-1]


def _next_day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min)) + (
        datetime.timedelta(days=1)
    )


def _first_day(days, condition):
    """The index of the first of `days` on which `condition(day)` (a Q) holds, else len(days):
    an item's bucket, found with a few comparisons where a count per day repeated them all."""
    return Case(
        *[When(condition(day), then=Value(index)) for index, day in enumerate(days)],
        default=Value(len(days)),
        output_field=IntegerField(),
    )


def _overdue_counts(items, days):
    """Items overdue at the close of each of `days` (ascending): `overdue_item(day)` with the
    item's state then, read from its closing time (later, or not at all).

    Each item falls in one bucket: the first day its deadline had passed and the first day it
    was closed by the day's end (compared with the next day's start rather than turned into a
    local date). It is overdue from the one up to, not on, the other; the database counts the
    items of each pair of days, a few dozen rows added up here."""
    pairs = (
        items.exclude(kind=RectificationItem.Kind.LONG_TERM)
        .filter(deadline__lt=days[-1])
        .values(
            passed=_first_day(days, lambda day: Q(deadline__lt=day)),
            closed=_first_day(days, lambda day: Q(closed_at__lt=_next_day_start(day))),
        )
        .annotate(items=Count("pk"))
        .order_by()
    )
    overdue = [0] * len(days)
    for pair in pairs:
        for index in range(pair["passed"], pair["closed"]):
            overdue[index] += pair["items"]
    return overdue


def overdue_trend(user, term, *, today):
    """Rectification items of the term's rounds overdue at the end of each of the last twelve
    months, the last figure being today's (`total`), in one query (`_overdue_counts`).

    An item is overdue on a day when it has an end (not long-term), its deadline has passed and
    it was not yet closed (销号); a claimed item stays overdue until the office closes it, and a
    withdrawn item counts nowhere. The record keeps an item's closing date, not its earlier
    states: an item reopened after being closed counts as open all along, and an item entered
    after its deadline counts from that deadline. Today's figure is `overdue_item(today)`, as
    the ledger counts it.
    """
    days = _trend_days(today)
    items = RectificationItem.objects.none()
    if _reads(user, term):
        items = RectificationItem.objects.filter(
            plan__assignment__round__term=term, plan__assignment__round__office_id=term.office_id
        )
    overdue = _overdue_counts(items.exclude(status=ItemStatus.WITHDRAWN), days)
    labels = [_label(day) for day in days[:-1]] + [_("today")]
    return Chart(
        key="chart-overdue-trend",
        kind="line",
        title=_("Overdue rectification items"),
        x_label=_("month"),
        y_label=_("items overdue"),
        categories=labels,
        series=[Series(_("items overdue"), overdue)],
        columns=[_("at the end of"), _("items overdue")],
        rows=[[label, value] for label, value in zip(labels, overdue, strict=True)],
        note=_(
            "Measures with a deadline that had passed it without being closed, at the end of "
            "each month."
        ),
        total=overdue[-1],
    )
