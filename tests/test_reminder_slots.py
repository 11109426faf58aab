"""Queries compiled once with slots, run again with each window's values."""

import pytest
from django.db import connection
from django.db.models import BigIntegerField

from core.expressions import AnyOf
from organisations.models import Target
from reminders.slots import Compiled, IdsSlot, Slot
from tests import factories

pytestmark = pytest.mark.django_db


def run(compiled, values):
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, compiled.bind(values))
        return sorted(row[0] for row in cursor.fetchall())


@pytest.fixture
def targets():
    return sorted(factories.TargetFactory().pk for _ in range(4))


def test_a_query_with_a_list_of_ids_is_compiled_once_and_run_with_any_list(targets):
    compiled = Compiled.of(
        Target.objects.filter(AnyOf("pk", IdsSlot("ids", BigIntegerField()))).values("pk")
    )
    assert (run(compiled, {"ids": targets[:1]}), run(compiled, {"ids": targets[1:]})) == (
        targets[:1],
        targets[1:],
    )


def test_each_slot_takes_the_value_of_its_own_name(targets):
    compiled = Compiled.of(
        Target.objects.filter(
            pk__gt=Slot("low", BigIntegerField()), pk__lte=Slot("high", BigIntegerField())
        ).values("pk")
    )
    assert run(compiled, {"low": targets[0], "high": targets[2]}) == targets[1:3]


def test_a_list_of_ids_can_be_given_when_the_query_is_built(targets):
    found = Target.objects.filter(AnyOf("pk", targets[1:3])).values_list("pk", flat=True)
    assert sorted(found) == targets[1:3]


def test_the_parameters_that_are_not_slots_stay_as_compiled(targets):
    compiled = Compiled.of(
        Target.objects.filter(
            AnyOf("pk", IdsSlot("ids", BigIntegerField())), name="nowhere"
        ).values("pk")
    )
    assert run(compiled, {"ids": targets}) == []
