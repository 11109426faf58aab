"""Objects offered by name (core.choices.NameChoiceFilter), as the ledgers offer targets."""

import django_filters
import pytest

from core.choices import NameChoiceFilter
from organisations.models import Target
from rounds.models import Assignment
from tests import factories

pytestmark = pytest.mark.django_db


class AssignmentFilter(django_filters.FilterSet):
    target = NameChoiceFilter(queryset=Target.objects.none())

    class Meta:
        model = Assignment
        fields = []

    def __init__(self, *args, offered, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["target"].queryset = offered


def offered_by(office):
    return Target.objects.filter(office=office).order_by("code")


def test_the_targets_are_offered_by_id_and_name_after_the_empty_choice():
    office = factories.OfficeFactory()
    first = factories.TargetFactory(office=office, code="A", name="甲镇")
    second = factories.TargetFactory(office=office, code="B", name="乙镇")
    form = AssignmentFilter(queryset=Assignment.objects.all(), offered=offered_by(office)).form
    assert list(form.fields["target"].choices) == [
        ("", "---------"),
        (first.pk, "甲镇"),
        (second.pk, "乙镇"),
    ]


def test_the_options_are_written_in_one_select():
    office = factories.OfficeFactory()
    target = factories.TargetFactory(office=office, name="甲镇")
    form = AssignmentFilter(queryset=Assignment.objects.all(), offered=offered_by(office)).form
    assert f'<option value="{target.pk}">甲镇</option>' in str(form["target"])


def test_a_target_not_offered_cannot_be_chosen():
    offered = factories.TargetFactory()
    elsewhere = factories.TargetFactory()
    chosen = AssignmentFilter(
        {"target": str(elsewhere.pk)},
        queryset=Assignment.objects.all(),
        offered=offered_by(offered.office),
    )
    assert not chosen.is_valid()
    assert "target" in chosen.errors


def test_a_target_offered_filters_the_rows():
    there = factories.AssignmentFactory()
    factories.AssignmentFactory(round=there.round, team=there.team)
    chosen = AssignmentFilter(
        {"target": str(there.target_id)},
        queryset=Assignment.objects.all(),
        offered=offered_by(there.round.office),
    )
    assert list(chosen.qs) == [there]
