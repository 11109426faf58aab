import django_filters

from api.filters.common import SyncFilterSet
from rounds.models import Assignment, Round, TeamMembership, Term


class TermFilter(django_filters.FilterSet):
    class Meta:
        model = Term
        fields = ["office"]


class RoundFilter(SyncFilterSet):
    class Meta:
        model = Round
        fields = ["office", "term", "status", "kind"]


class MembershipFilter(django_filters.FilterSet):
    class Meta:
        model = TeamMembership
        fields = ["team", "user", "role"]


class AssignmentFilter(SyncFilterSet):
    term = django_filters.NumberFilter(field_name="round__term")

    class Meta:
        model = Assignment
        fields = ["round", "term", "team", "target", "phase"]
