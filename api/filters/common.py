import django_filters
from django.utils.translation import gettext_lazy as _


class SyncFilterSet(django_filters.FilterSet):
    """`updated_since`: only rows changed at or after this moment, for integrations that sync."""

    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label=_("Changed at or after (ISO 8601 date-time)"),
    )
