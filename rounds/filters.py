import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rounds.models import Assignment, Finding, Lead
from rounds.selectors import categories_visible_to, findings_waiting_for, rounds_visible_to


def _visible_rounds(request):
    return rounds_visible_to(request.user).select_related("term")


class FindingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Number or title"))
    waiting = django_filters.BooleanFilter(method="waiting_for_me", label=_("Waiting for me"))
    round = django_filters.ModelChoiceFilter(
        field_name="assignment__round", queryset=_visible_rounds, label=_("Round")
    )
    ordering = django_filters.OrderingFilter(
        fields=[
            ("number", "number"),
            ("title", "title"),
            ("status", "status"),
            ("severity", "severity"),
            ("prepared_on", "prepared_on"),
            ("updated_at", "updated_at"),
        ],
        field_labels={"updated_at": _("last change")},
    )

    class Meta:
        model = Finding
        fields = ["status", "severity", "category", "source"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["category"].queryset = categories_visible_to(request.user)

    def search(self, queryset, name, value):
        return queryset.filter(Q(number__icontains=value) | Q(title__icontains=value))

    def waiting_for_me(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(findings_waiting_for(self.request.user))


class AssignmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        field_name="target__name", lookup_expr="icontains", label=_("Target")
    )
    round = django_filters.ModelChoiceFilter(queryset=_visible_rounds, label=_("Round"))
    ordering = django_filters.OrderingFilter(
        fields=[("target__name", "target"), ("phase", "phase"), ("round__planned_start", "round")],
    )

    class Meta:
        model = Assignment
        fields = ["phase"]


class LeadFilter(django_filters.FilterSet):
    ordering = django_filters.OrderingFilter(
        fields=[("number", "number"), ("status", "status"), ("transferred_on", "transferred_on")],
    )

    class Meta:
        model = Lead
        fields = ["status"]
