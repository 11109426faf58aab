"""Rectification rates as offices report them: "N of M fed-back problems rectified, X%".

Every figure is counted by the database (one grouped query per table) over the one definition
of a rectified, late or overdue problem in rectification.progress. A higher office sees the
offices below it as roll-up figures only, never their rows.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import BigIntegerField, Case, Count, Q, Value, When
from django.utils.translation import gettext as _

from organisations.models import Office
from organisations.selectors import viewer_of
from rectification.progress import rectification_state
from rounds.models import Finding

GROUPINGS = ("target", "round", "category", "office")

COUNTS = {
    "fed_back": Count("pk"),
    "rectified": Count("pk", filter=Q(is_rectified=True)),
    "late": Count("pk", filter=Q(is_rectified_late=True)),
    "overdue": Count("pk", filter=Q(is_overdue=True)),
}


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


def _fed_back(office_ids, today):
    return Finding.objects.filter(
        status=Finding.Status.FED_BACK, assignment__round__office_id__in=office_ids
    ).alias(**rectification_state(today))


def _by_target(findings):
    rows = (
        findings.values("assignment__target_id", "assignment__target__name")
        .annotate(**COUNTS)
        .order_by("assignment__target__code", "assignment__target_id")
    )
    return [_figure(row["assignment__target__name"], row) for row in rows]


def _by_round(findings):
    rows = (
        findings.values(
            "assignment__round_id", "assignment__round__term__name", "assignment__round__ordinal"
        )
        .annotate(**COUNTS)
        .order_by("assignment__round__term__starts_on", "assignment__round__ordinal")
    )
    return [
        _figure(
            # The same words as Round.__str__, from the grouped columns.
            _("%(term)s round %(ordinal)s")
            % {
                "term": row["assignment__round__term__name"],
                "ordinal": row["assignment__round__ordinal"],
            },
            row,
        )
        for row in rows
    ]


def figures_by_category(findings):
    rows = (
        findings.values("category_id", "category__name")
        .annotate(**COUNTS)
        .order_by("category__position", "category__code")
    )
    return [_figure(row["category__name"], row) for row in rows]


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
    findings = _fed_back(office_ids, today)
    counted = {
        row["bucket"]: row
        for row in findings.annotate(bucket=bucket).values("bucket").annotate(**COUNTS)
    }
    names = dict(Office.objects.filter(pk__in=subtrees).order_by("code").values_list("pk", "name"))
    empty = dict.fromkeys(COUNTS, 0)
    rows = [_figure(office.name, counted.get(office.pk, empty))]
    rows += [_figure(name, counted.get(pk, empty)) for pk, name in names.items()]
    return rows, findings


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
        rows, findings = _by_office(office, today)
    else:
        findings = _fed_back([office.pk], today)
        grouping = {"target": _by_target, "round": _by_round, "category": figures_by_category}
        rows = grouping[by](findings)
    total = _figure(_("Total"), findings.aggregate(**COUNTS))
    return Figures(office=office, by=by, rows=rows, total=total)
