"""Filters of the uncovered-targets list; the page and its Excel export share them."""

import django_filters
from django.utils.translation import gettext_lazy as _

from organisations.models import Region, Target
from rectification.ledgers import NullsAsZeroOrdering


class UncoveredFilter(django_filters.FilterSet):
    """Regions offered are those of the targets listed, so nobody is offered other regions."""

    category = django_filters.ChoiceFilter(choices=Target.Category.choices, label=_("category"))
    region = django_filters.ModelChoiceFilter(queryset=Region.objects.none(), label=_("region"))
    # Never inspected sorts first, as the oldest inspection of all.
    ordering = NullsAsZeroOrdering(
        fields=[
            ("last_inspected", "last_inspected"),
            ("category", "category"),
            ("region__name", "region"),
        ],
        field_labels={
            "last_inspected": _("last inspected"),
            "category": _("category"),
            "region__name": _("region"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Target
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["region"].queryset = Region.objects.filter(
            pk__in=self.queryset.values("region_id")
        ).order_by("code")
