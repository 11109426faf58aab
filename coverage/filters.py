"""Filters of the uncovered-targets list; the page and its Excel export share them."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.widgets import InlineSelect
from organisations.models import Region, Target
from rectification.ledgers import NullsAsZeroOrdering


class UncoveredFilter(django_filters.FilterSet):
    """Regions offered are those of the targets listed, so nobody is offered other regions.

    The coverage page counts the rows these filters select from its own figures
    (coverage.selectors.uncovered_count): a new filter must be counted there too."""

    category = django_filters.ChoiceFilter(
        choices=Target.Category.choices, label=_("category"), widget=InlineSelect
    )
    region = django_filters.ChoiceFilter(
        field_name="region", choices=[], label=_("region"), widget=InlineSelect
    )
    # Never inspected sorts first, as the oldest inspection of all.
    ordering = NullsAsZeroOrdering(
        fields=[
            ("last_inspected_on", "last_inspected"),
            ("category", "category"),
            ("region__name", "region"),
        ],
        field_labels={
            "last_inspected_on": _("last inspected"),
            "category": _("category"),
            "region__name": _("region"),
        },
        label=_("Sort by"),
        widget=InlineSelect,
    )

    class Meta:
        model = Target
        fields = []

    def __init__(self, *args, request=None, regions=None, **kwargs):
        """`regions`: (id, name) of the regions of the targets listed, when the caller has
        counted them already (the coverage page's breakdown), which spares the database working
        out the coverage of every target again."""
        super().__init__(*args, request=request, **kwargs)
        self._regions = regions

    @property
    def form(self):
        """The form, offered the regions once it is made: the form copies its fields' choices
        as it is made, which took a few milliseconds for the hundreds of regions of a province."""
        if not hasattr(self, "_form"):
            regions = self._regions
            if regions is None:
                regions = (
                    Region.objects.filter(pk__in=self.queryset.values("region_id"))
                    .order_by("code")
                    .values_list("pk", "name")
                )
            form = super().form
            form.fields["region"].choices = [(str(pk), name) for pk, name in regions]
        return self._form
