"""Rectification rates as offices report them: "N of M fed-back problems rectified, X%".

Every figure is counted by the database, in one query grouped by where each problem stands
(rectification.progress.problem_state) as well as by the grouping asked for; the total adds
the groups up. A higher office sees the offices below it as roll-up figures only, never their
rows.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import BigIntegerField, Case, Count, Value, When
from django.utils.translation import gettext as _

from organisations.models import Office
from organisations.selectors import viewer_of
from rectification.progress import LATE, OVERDUE, RECTIFIED, problem_state
from rounds.models import Finding, round_label

GROUPINGS = ("target", "round", "category", "office")
COUNTS = ("fed_back", "rectified", "late", "overdue")
# The counts a problem adds to, by where it stands.
COUNTED_AS = {
    RECTIFIED: ("fed_back", "rectified"),
    LATE: ("fed_back", "rectified", "late"),
    OVERDUE: ("fed_back", "overdue"),
}


def standing_counts(problem):
    """The counts a fed-back problem standing at `problem` adds to besides `fed_back`."""
    return tuple(name for name in COUNTED_AS.get(problem, ()) if name != "fed_back")


def percent(part, whole):
    """A rate the way offices publish it: 98.71%, 75.5%, 75%; None when nothing was fed back."""
    if not whole:
        return None
    rate = (Decimal(100) * part / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{rate.normalize():f}%"


@dataclass(frozen=True)
class Figure:
    label: str
    fed_back: int
    rectified: int
    late: int
    overdue: int

    @property
    def on_time(self):
        return self.rectified - self.late

    @property
    def in_progress(self):
        # An overdue problem has an open item, so it is never also rectified.
        return self.fed_back - self.rectified - self.overdue

    @property
    def rate(self):
        return percent(self.rectified, self.fed_back)


@dataclass(frozen=True)
class Figures:
    office: Office
    by: str
    rows: list
    total: Figure


def _figure(label, counts):
    return Figure(label=label, **{name: counts[name] for name in COUNTS})


def total_of(figures):
    """The figures of a partition of the problems (by round, by category...) added up."""
    return Figure(
        label=_("Total"),
        **{name: sum(getattr(figure, name) for figure in figures) for name in COUNTS},
    )


def counted_by(findings, fields, *, today, order=()):
    """{the values of `fields`: {count: n}} for the fed-back `findings`, in `order`.

    One row per group and problem state: each problem's items are read once, however many
    counts there are."""
    rows = (
        findings.annotate(problem=problem_state(today))
        .values(*fields, "problem")
        .annotate(n=Count("pk"))
        .order_by(*order)
    )
    groups = {}
    for row in rows:
        counts = groups.setdefault(tuple(row[field] for field in fields), dict.fromkeys(COUNTS, 0))
        for name in ("fed_back", *standing_counts(row["problem"])):
            counts[name] += row["n"]
    return groups


def _fed_back(office_ids):
    return Finding.objects.filter(
        status=Finding.Status.FED_BACK, assignment__round__office_id__in=office_ids
    )


def _by_named(findings, today, key, name, order):
    """Figures for each `key` (a primary key), labelled by `name`, in `order`."""
    groups = counted_by(findings, (key, name), today=today, order=order)
    return [_figure(label, counts) for (_pk, label), counts in groups.items()]


def _by_target(findings, today):
    order = ("assignment__target__code", "assignment__target_id")
    return _by_named(findings, today, "assignment__target_id", "assignment__target__name", order)


def _by_round(findings, today):
    groups = counted_by(
        findings,
        ("assignment__round_id", "assignment__round__term__name", "assignment__round__ordinal"),
        today=today,
        order=("assignment__round__term__starts_on", "assignment__round__ordinal"),
    )
    return [
        _figure(round_label(term, ordinal), counts)
        for (_pk, term, ordinal), counts in groups.items()
    ]


def _by_category(findings, today):
    order = ("category__position", "category__code")
    return _by_named(findings, today, "category_id", "category__name", order)


def offices_below(office):
    """{each office directly below `office`: the ids of it and every office under it}.

    One query per level of the hierarchy (central, provincial, municipal, county)."""
    rolls_into = {}
    frontier = [office.pk]
    while frontier:
        children = Office.objects.filter(parent_id__in=frontier).values_list("pk", "parent_id")
        frontier = []
        for pk, parent_id in children:
            if pk in rolls_into or pk == office.pk:
                continue  # a cycle in bad data must not loop forever
            rolls_into[pk] = pk if parent_id == office.pk else rolls_into[parent_id]
            frontier.append(pk)
    subtrees = {}
    for pk, top in rolls_into.items():
        subtrees.setdefault(top, []).append(pk)
    return subtrees


def _by_office(office, today):
    """The office's own rounds, then each office below it with everything under that office."""
    subtrees = offices_below(office)
    office_ids = [office.pk, *(pk for ids in subtrees.values() for pk in ids)]
    bucket = Case(
        When(assignment__round__office_id=office.pk, then=Value(office.pk)),
        *(
            When(assignment__round__office_id__in=ids, then=Value(top))
            for top, ids in subtrees.items()
        ),
        output_field=BigIntegerField(),
    )
    findings = _fed_back(office_ids).annotate(bucket=bucket)
    counted = counted_by(findings, ("bucket",), today=today)
    names = dict(Office.objects.filter(pk__in=subtrees).order_by("code").values_list("pk", "name"))
    empty = dict.fromkeys(COUNTS, 0)
    rows = [_figure(office.name, counted.get((office.pk,), empty))]
    rows += [_figure(name, counted.get((pk,), empty)) for pk, name in names.items()]
    return rows


def figures_office(user):
    """The office whose figures this person reads (its staff or leadership group), or None."""
    viewer = viewer_of(user)
    if not viewer.reads_office:
        return None
    return Office.objects.filter(pk=viewer.office_id).first()


def rectification_figures(user, *, by, today):
    """The rates grouped `by` one of GROUPINGS, with their total; None for anyone who does not
    read an office's work."""
    office = figures_office(user)
    if office is None:
        return None
    if by == "office":
        rows = _by_office(office, today)
    else:
        grouping = {"target": _by_target, "round": _by_round, "category": _by_category}
        rows = grouping[by](_fed_back([office.pk]), today)
    # Each grouping is a partition of the office's fed-back problems.
    return Figures(office=office, by=by, rows=rows, total=total_of(rows))
