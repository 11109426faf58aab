"""Filters of the supervision resources: a visit's as the visits page offers them. Ids are plain
numbers: one the person does not see finds nothing, the same as one that does not exist."""

import datetime

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.filters.common import SyncFilterSet, UtcDateTimeFilter
from organisations.selectors import viewer_of
from supervision import selectors
from supervision.models import SupervisionFinding, SupervisionFollowUp, SupervisionVisit

MADE, RECEIVED = "made", "received"


class VisitFilter(SyncFilterSet):
    direction = django_filters.ChoiceFilter(
        method="in_direction",
        choices=[(MADE, _("visits we made")), (RECEIVED, _("visits to us"))],
        label=_("Visits your office made, or visits made to it"),
    )
    lower_office = django_filters.NumberFilter(label=_("Office visited (id)"))
    upper_office = django_filters.NumberFilter(label=_("Visiting office (id)"))
    year = django_filters.NumberFilter(
        method="in_year",
        min_value=datetime.MINYEAR,
        max_value=datetime.MAXYEAR - 1,
        label=_("Visits that began in this year"),
    )
    open_findings = django_filters.BooleanFilter(
        method="only_open", label=_("True: only visits with findings not closed")
    )
    overdue = django_filters.BooleanFilter(
        method="only_overdue", label=_("True: only visits with overdue findings")
    )

    class Meta:
        model = SupervisionVisit
        fields = ["kind"]

    def in_direction(self, queryset, name, value):
        office_id = viewer_of(self.request.user).office_id
        if value == MADE:
            return queryset.filter(upper_office_id=office_id)
        return queryset.filter(lower_office_id=office_id)

    def in_year(self, queryset, name, value):
        year = int(value)
        # A range on the date, so the indexes on starts_on serve it.
        return queryset.filter(
            starts_on__gte=datetime.date(year, 1, 1),
            starts_on__lt=datetime.date(year + 1, 1, 1),
        )

    def only_open(self, queryset, name, value):
        return selectors.with_open_findings(queryset) if value else queryset

    def only_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return selectors.with_overdue_findings(queryset, timezone.localdate())


class FindingFilter(SyncFilterSet):
    visit = django_filters.NumberFilter(label=_("Visit id"))
    lower_office = django_filters.NumberFilter(
        field_name="visit__lower_office", label=_("Office visited (id)")
    )
    overdue = django_filters.BooleanFilter(
        method="by_overdue",
        label=_("Past its due date and not closed; false: the others. 逾期"),
    )

    class Meta:
        model = SupervisionFinding
        fields = ["status", "category"]

    def by_overdue(self, queryset, name, value):
        late = selectors.overdue_condition(timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)


class FollowUpFilter(django_filters.FilterSet):
    finding = django_filters.NumberFilter(label=_("Finding id"))
    visit = django_filters.NumberFilter(field_name="finding__visit", label=_("Visit id"))
    # A report is never changed once made: what changed since a moment is what was made since.
    updated_since = UtcDateTimeFilter(
        field_name="created_at",
        lookup_expr="gte",
        label=_("Reported at or after (ISO 8601 date-time)"),
    )

    class Meta:
        model = SupervisionFollowUp
        fields = []
