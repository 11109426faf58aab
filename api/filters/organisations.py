import django_filters

from api.filters.common import SyncFilterSet
from organisations.models import Office, Profile, Target


class OfficeFilter(django_filters.FilterSet):
    class Meta:
        model = Office
        fields = ["level", "parent"]


class TargetFilter(SyncFilterSet):
    class Meta:
        model = Target
        fields = ["office", "category", "region", "active", "parent"]


class PersonFilter(django_filters.FilterSet):
    class Meta:
        model = Profile
        fields = ["office", "is_office_staff", "in_talent_pool", "in_leader_pool"]
