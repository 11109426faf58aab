import datetime

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField


class UtcDateTimeField(IsoDateTimeField):
    """A moment taken in UTC. PostgreSQL refuses a UTC offset beyond 15:59 that ISO 8601
    allows, which would be a server error; in UTC a moment out of range is bad input."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(datetime.UTC)
        except OverflowError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


class SyncFilterSet(django_filters.FilterSet):
    """`updated_since`: only rows changed at or after this moment, for integrations that sync."""

    updated_since = UtcDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label=_("Changed at or after (ISO 8601 date-time)"),
    )
