"""Filters of the filings with the office above, as the inbox page offers them."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.filters.common import SyncFilterSet
from linkage import selectors
from linkage.models import UpwardFiling


class UpwardFilingFilter(SyncFilterSet):
    office = django_filters.NumberFilter(label=_("Filing office id (yours or one directly below)"))
    overdue = django_filters.BooleanFilter(
        method="by_overdue",
        label=_("Past its due date and not acknowledged; false: the others. 逾期"),
    )

    class Meta:
        model = UpwardFiling
        fields = ["kind", "status"]

    def by_overdue(self, queryset, name, value):
        late = selectors.overdue_condition(timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)
