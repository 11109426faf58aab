"""A grouped query counted again by one of its columns (core.grouping.rows_by)."""

import pytest
from django.db.models import Count

from core.grouping import rows_by
from organisations.models import Target
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_rows_of_a_grouped_query_are_counted_by_a_column():
    offices = [factories.OfficeFactory() for _ in range(3)]
    for office, targets in zip(offices, (1, 2, 2), strict=True):
        for _ in range(targets):
            factories.TargetFactory(office=office)
    per_office = Target.objects.values("office_id").annotate(targets=Count("pk"))
    assert rows_by(per_office, "targets") == {1: 1, 2: 2}


def test_a_query_that_can_select_nothing_counts_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert rows_by(Target.objects.filter(pk__in=[]).values("office_id"), "office_id") == {}
