"""Filters of the rectification resources. Ids are plain numbers: a filter on an id the person
does not see finds nothing, the same as an id that does not exist."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.filters.common import SyncFilterSet, UtcDateTimeFilter
from rectification.models import (
    Evaluation,
    Filing,
    ProgressReport,
    RectificationItem,
    RectificationPlan,
    RectificationReport,
)
from rectification.progress import overdue_item


class ByAssignment(django_filters.FilterSet):
    assignment = django_filters.NumberFilter(label=_("Assignment id"))
    target = django_filters.NumberFilter(
        field_name="assignment__target", label=_("Inspected organisation id")
    )


class PlanFilter(ByAssignment, SyncFilterSet):
    round = django_filters.NumberFilter(field_name="assignment__round", label=_("Round id"))

    class Meta:
        model = RectificationPlan
        fields = ["status"]


class ItemFilter(SyncFilterSet):
    assignment = django_filters.NumberFilter(
        field_name="plan__assignment", label=_("Assignment id")
    )
    target = django_filters.NumberFilter(
        field_name="plan__assignment__target", label=_("Inspected organisation id")
    )
    plan = django_filters.NumberFilter(label=_("Plan id"))
    overdue = django_filters.BooleanFilter(
        method="by_overdue",
        label=_(
            "Past its deadline and neither closed nor withdrawn (long-term items never are); "
            "false: the others. 逾期"
        ),
    )
    due_before = django_filters.DateFilter(
        field_name="deadline", lookup_expr="lte", label=_("Deadline on or before this date")
    )
    due_after = django_filters.DateFilter(
        field_name="deadline", lookup_expr="gte", label=_("Deadline on or after this date")
    )

    class Meta:
        model = RectificationItem
        fields = ["status", "kind"]

    def by_overdue(self, queryset, name, value):
        late = overdue_item(timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)


class ProgressReportFilter(django_filters.FilterSet):
    item = django_filters.NumberFilter(label=_("Item id"))
    # A report is never changed once filed: what changed since a moment is what was filed since.
    updated_since = UtcDateTimeFilter(
        field_name="created_at",
        lookup_expr="gte",
        label=_("Filed at or after (ISO 8601 date-time)"),
    )

    class Meta:
        model = ProgressReport
        fields = ["kind"]


class ReportFilter(ByAssignment, SyncFilterSet):
    class Meta:
        model = RectificationReport
        fields = ["kind"]


class FilingFilter(ByAssignment):
    class Meta:
        model = Filing
        fields = ["document", "party"]


class EvaluationFilter(ByAssignment):
    class Meta:
        model = Evaluation
        fields = ["party"]
