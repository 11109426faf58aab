import django_filters
from django.utils.translation import gettext_lazy as _

from api.filters.common import UtcDateTimeFilter
from reminders.models import Kind, Reminder


class ReminderFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(
        field_name="read_at",
        lookup_expr="isnull",
        label=_("Only unread reminders (true) or only read ones (false)"),
    )
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label=_("Kind of reminder"))
    created_since = UtcDateTimeFilter(
        field_name="created_at",
        lookup_expr="gte",
        label=_("Made at or after (ISO 8601 date-time)"),
    )

    class Meta:
        model = Reminder
        fields = ["unread", "kind", "created_since"]
