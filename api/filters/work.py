"""Filters of the work lists. Ids are plain numbers: the list is already scoped, so an id the
person may not see simply matches nothing."""

import django_filters
from django.utils.translation import gettext_lazy as _

from api.filters.common import SyncFilterSet
from rounds.models import Feedback, Finding, Lead, MethodLogEntry, Suggestion
from rounds.selectors import findings_waiting_for


class FindingFilter(SyncFilterSet):
    assignment = django_filters.NumberFilter(field_name="assignment_id")
    round = django_filters.NumberFilter(field_name="assignment__round_id")
    category = django_filters.NumberFilter(field_name="category_id")
    waiting = django_filters.BooleanFilter(
        method="waiting_for_me",
        label=_("Only what needs your hand next in the sign-off. 待我处理。"),
    )

    class Meta:
        model = Finding
        fields = ["status", "severity", "source"]

    def waiting_for_me(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(findings_waiting_for(self.request.user))


class LeadFilter(SyncFilterSet):
    assignment = django_filters.NumberFilter(field_name="assignment_id")
    round = django_filters.NumberFilter(field_name="assignment__round_id")
    receiving_body = django_filters.NumberFilter(field_name="receiving_body_id")

    class Meta:
        model = Lead
        fields = ["status"]


class SuggestionFilter(django_filters.FilterSet):
    assignment = django_filters.NumberFilter(field_name="assignment_id")
    feedback = django_filters.NumberFilter(field_name="feedback_id")
    fed_back = django_filters.BooleanFilter(
        field_name="feedback", lookup_expr="isnull", exclude=True, label=_("Given with feedback")
    )

    class Meta:
        model = Suggestion
        fields = []


class FeedbackFilter(django_filters.FilterSet):
    assignment = django_filters.NumberFilter(field_name="assignment_id")
    round = django_filters.NumberFilter(field_name="assignment__round_id")

    class Meta:
        model = Feedback
        fields = []


class MethodLogFilter(django_filters.FilterSet):
    assignment = django_filters.NumberFilter(field_name="assignment_id")

    class Meta:
        model = MethodLogEntry
        fields = ["method"]
