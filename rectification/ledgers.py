"""The four ledgers (台账) an office keeps: rectification items, problems, leads, suggestions.

Each ledger is a scoped queryset (through the selectors that take the person) and a FilterSet;
the page and the Excel export share both, so an export holds exactly the rows the page lists.
"""

import django_filters
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.forms.utils import pretty_name
from django.utils.functional import lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.choices import NameChoiceFilter
from core.widgets import InlineSelect
from organisations.models import ReceivingBody, Target
from organisations.selectors import viewer_of
from rectification import progress
from rectification.models import RectificationItem
from rectification.progress import overdue_item
from rectification.selectors import items_visible_to
from rounds.models import Finding, FindingCategory, Lead, Round, Suggestion
from rounds.selectors import (
    among_assignments_visible_to,
    categories_visible_to,
    findings_visible_to,
    leads_visible_to,
    suggestions_visible_to,
)
from rounds.services import lead_views_record

ItemStatus = RectificationItem.Status
Kind = RectificationItem.Kind


def _descending(label):
    return gettext("%s (descending)") % label


class NullsAsZeroOrdering(django_filters.OrderingFilter):
    """Ordering where an empty value (an item not overdue) sorts as the smallest, and the
    primary key breaks ties so that pages and the export never disagree on the order."""

    def build_choices(self, fields, labels):
        # django-filter words "(descending)" once, when the filter is declared, in whatever
        # language is active then; a lazy label follows the language of each request.
        descending = {
            f"-{param}": lazy(_descending, str)(labels.get(field, pretty_name(param)))
            for field, param in fields.items()
        }
        return super().build_choices(fields, descending | labels)

    def get_ordering_value(self, param):
        value = super().get_ordering_value(param)
        if value.startswith("-"):
            return F(value[1:]).desc(nulls_last=True)
        return F(value).asc(nulls_first=True)

    def filter(self, qs, value):
        params = [param for param in value or [] if param]
        if not params:
            return qs
        return qs.order_by(*(self.get_ordering_value(param) for param in params), "pk")


def _rounds_among(condition):
    return Round.objects.filter(condition).select_related("term")


def _rounds_of(queryset, path):
    return _rounds_among(Q(pk__in=queryset.values(path)))


def _targets_of(queryset, path):
    return Target.objects.filter(pk__in=queryset.values(path))


class LedgerFilter(django_filters.FilterSet):
    """Rounds and targets are offered from what the person reaches, so a liaison is never
    offered the names of other targets; categories from the taxonomy they may name."""

    # Condition on the assignments the person reaches whose rounds and targets are offered:
    # those at the stage where the ledger's rows begin. Reading the rows for their few rounds
    # took 90 ms a choice at a province's problems ledger, the assignments 10.
    offered_from = None
    # Or, where what the person sees of the rows is narrower than the assignments they reach,
    # the paths from the rows to each choice.
    choice_paths = {}

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        if self.offered_from is not None:
            rounds = among_assignments_visible_to(user, self.offered_from, "round_id")
            self.filters["round"].queryset = _rounds_among(rounds)
            targets = among_assignments_visible_to(user, self.offered_from, "target_id")
            self.filters["target"].queryset = Target.objects.filter(targets)
        for name, (choices_of, path) in self.choice_paths.items():
            self.filters[name].queryset = choices_of(self.queryset, path)
        if "category" in self.filters:
            # The taxonomy the person may name (rounds.selectors), not a secret of the rows.
            self.filters["category"].queryset = categories_visible_to(user)


# Rectification items ----------------------------------------------------------------------


def item_ledger(user, today, *, counting=False):
    """Every live item the person may see, with `days_overdue` (a duration, empty unless the
    item is overdue on `today`) and the alias `is_overdue`; `counting`, the same rows asked as
    the page's count asks them fastest."""
    return (
        items_visible_to(user, counting=counting)
        .exclude(status=ItemStatus.WITHDRAWN)
        .select_related(
            "finding__category", "plan__assignment__target", "plan__assignment__round__term"
        )
        # Filtered as the condition itself, which the partial index of open items by deadline
        # answers; a test of `days_overdue` read every item of the province.
        .alias(is_overdue=ExpressionWrapper(overdue_item(today), output_field=BooleanField()))
        .annotate(
            days_overdue=Case(
                When(is_overdue=True, then=Value(today) - F("deadline")),
                default=None,
                output_field=DurationField(),
            )
        )
        .order_by("deadline", "pk")
    )


class ItemLedgerFilter(LedgerFilter):
    q = django_filters.CharFilter(method="search", label=_("Measure, finding or responsible"))
    round = django_filters.ModelChoiceFilter(
        field_name="plan__assignment__round",
        queryset=Round.objects.none(),
        label=_("Round"),
        widget=InlineSelect,
    )
    target = NameChoiceFilter(
        field_name="plan__assignment__target", queryset=Target.objects.none(), label=_("Target")
    )
    category = django_filters.ModelChoiceFilter(
        field_name="finding__category",
        queryset=FindingCategory.objects.none(),
        label=_("category"),
        widget=InlineSelect,
    )
    status = django_filters.ChoiceFilter(
        choices=[(v, label) for v, label in ItemStatus.choices if v != ItemStatus.WITHDRAWN],
        label=_("status"),
    )
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label=_("kind"))
    overdue = django_filters.BooleanFilter(method="overdue_only", label=_("Overdue only"))
    ordering = NullsAsZeroOrdering(
        fields=[
            ("deadline", "deadline"),
            ("days_overdue", "days_overdue"),
            ("plan__assignment__target__name", "target"),
            ("status", "status"),
        ],
        field_labels={
            "deadline": _("deadline"),
            "days_overdue": _("days overdue"),
            "plan__assignment__target__name": _("target"),
            "status": _("status"),
        },
        label=_("Sort by"),
    )

    offered_from = Q(rectification_plan__isnull=False)

    class Meta:
        model = RectificationItem
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(measure__icontains=value)
            | Q(finding__title__icontains=value)
            | Q(finding__number__icontains=value)
            | Q(responsible_unit__icontains=value)
            | Q(responsible_person__icontains=value)
        )

    def overdue_only(self, queryset, name, value):
        return queryset.filter(is_overdue=True) if value else queryset


# Problems (fed-back findings) -------------------------------------------------------------


class State:
    """Where a fed-back problem stands, from rectification.progress.problem_state."""

    RECTIFIED = progress.RECTIFIED
    LATE = progress.LATE
    OVERDUE = progress.OVERDUE
    IN_PROGRESS = progress.IN_PROGRESS

    choices = [
        (RECTIFIED, _("rectified on time")),
        (LATE, _("rectified late")),
        (OVERDUE, _("overdue")),
        (IN_PROGRESS, pgettext_lazy("rectification state", "in progress")),
    ]
    labels = dict(choices)


def _item_count(*, closed):
    items = RectificationItem.objects.filter(finding=OuterRef("pk")).exclude(
        status=ItemStatus.WITHDRAWN
    )
    if closed:
        items = items.filter(status=ItemStatus.CLOSED)
    # A correlated count keeps the state's EXISTS out of a GROUP BY.
    counted = items.order_by().values("finding").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def finding_ledger(user, today):
    """Fed-back findings the person may see, with `state` and the number of live and closed
    items."""
    return (
        findings_visible_to(user)
        .filter(status=Finding.Status.FED_BACK)
        .select_related("assignment__target", "assignment__round__term", "category")
        .annotate(
            state=progress.problem_state(today),
            item_count=_item_count(closed=False),
            closed_count=_item_count(closed=True),
        )
        .order_by("assignment__round_id", "assignment__target__name", "number", "pk")
    )


class FindingLedgerFilter(LedgerFilter):
    q = django_filters.CharFilter(method="search", label=_("Number or title"))
    round = django_filters.ModelChoiceFilter(
        field_name="assignment__round",
        queryset=Round.objects.none(),
        label=_("Round"),
        widget=InlineSelect,
    )
    target = NameChoiceFilter(
        field_name="assignment__target", queryset=Target.objects.none(), label=_("Target")
    )
    category = django_filters.ModelChoiceFilter(
        queryset=FindingCategory.objects.none(), label=_("category"), widget=InlineSelect
    )
    state = django_filters.ChoiceFilter(choices=State.choices, label=_("Rectification"))
    ordering = NullsAsZeroOrdering(
        fields=[("number", "number"), ("assignment__target__name", "target"), ("state", "state")],
        field_labels={
            "number": _("number"),
            "assignment__target__name": _("target"),
            "state": _("rectification"),
        },
        label=_("Sort by"),
    )

    offered_from = Q(feedback__isnull=False)

    class Meta:
        model = Finding
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(number__icontains=value) | Q(title__icontains=value))


# Leads ------------------------------------------------------------------------------------


def lead_ledger(user):
    """The office's leads, for its staff only (not its leadership group, not the team leader,
    not the receiving body); None for anyone else."""
    viewer = viewer_of(user)
    if not (viewer.is_office_staff and viewer.office_id):
        return None
    return (
        leads_visible_to(user)
        .filter(assignment__round__office_id=viewer.office_id)
        .select_related("assignment__target", "assignment__round__term", "receiving_body")
        .order_by("assignment__round_id", "number", "pk")
    )


def recorded_as_opened(user, leads, purpose, batch_size=500):
    """The leads one by one, each recorded as opened by the person, a batch at a time."""
    batch = []
    for lead in leads:
        yield lead
        batch.append(lead)
        if len(batch) == batch_size:
            lead_views_record(leads=batch, by=user, purpose=purpose)
            batch = []
    lead_views_record(leads=batch, by=user, purpose=purpose)


def _receiving_bodies_of(queryset, path):
    return ReceivingBody.objects.filter(pk__in=queryset.values(path))


class LeadLedgerFilter(LedgerFilter):
    q = django_filters.CharFilter(method="search", label=_("Number or person concerned"))
    round = django_filters.ModelChoiceFilter(
        field_name="assignment__round", queryset=Round.objects.none(), label=_("Round")
    )
    target = NameChoiceFilter(
        field_name="assignment__target", queryset=Target.objects.none(), label=_("Target")
    )
    status = django_filters.ChoiceFilter(choices=Lead.Status.choices, label=_("status"))
    receiving_body = django_filters.ModelChoiceFilter(
        queryset=ReceivingBody.objects.none(), label=_("receiving body")
    )
    ordering = NullsAsZeroOrdering(
        fields=[("number", "number"), ("status", "status"), ("transferred_on", "transferred_on")],
        field_labels={
            "number": _("number"),
            "status": _("status"),
            "transferred_on": _("transferred on"),
        },
        label=_("Sort by"),
    )

    choice_paths = {
        "round": (_rounds_of, "assignment__round_id"),
        "target": (_targets_of, "assignment__target_id"),
        "receiving_body": (_receiving_bodies_of, "receiving_body_id"),
    }

    class Meta:
        model = Lead
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(number__icontains=value) | Q(subject_name__icontains=value))


# Suggestions ------------------------------------------------------------------------------


def suggestion_ledger(user):
    """Suggestions given with a feedback; drafts are the inspection side's working material."""
    return (
        suggestions_visible_to(user)
        .filter(feedback__isnull=False)
        .select_related("assignment__target", "assignment__round__term", "feedback")
        .order_by("assignment__round_id", "assignment__target__name", "pk")
    )


class SuggestionLedgerFilter(LedgerFilter):
    q = django_filters.CharFilter(field_name="text", lookup_expr="icontains", label=_("Text"))
    round = django_filters.ModelChoiceFilter(
        field_name="assignment__round", queryset=Round.objects.none(), label=_("Round")
    )
    target = NameChoiceFilter(
        field_name="assignment__target", queryset=Target.objects.none(), label=_("Target")
    )
    ordering = NullsAsZeroOrdering(
        fields=[("assignment__target__name", "target"), ("feedback__delivered_on", "fed_back")],
        field_labels={
            "assignment__target__name": _("target"),
            "feedback__delivered_on": _("delivered on"),
        },
        label=_("Sort by"),
    )

    offered_from = Q(feedback__isnull=False)

    class Meta:
        model = Suggestion
        fields = []
