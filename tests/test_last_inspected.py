"""When each target was last inspected (Target.last_inspected_on), as the planning services keep
it: the planned start of the latest round, of any term, with an assignment there, a cancelled
round aside."""

import datetime

import pytest

from organisations.models import Target
from rounds import services
from rounds.coverage import last_inspected_refresh_all
from rounds.models import Round
from tests import factories
from tests.factories import ROUND_START

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "media_root")]


def planned_round(cast, planned_start):
    # After the term's rounds so far, whose ordinals the factories number.
    ordinal = cast.round.term.rounds.count() + cast.round.ordinal
    round_ = services.round_plan(
        term=cast.round.term,
        ordinal=ordinal,
        kind=Round.Kind.REGULAR,
        planned_start=planned_start,
        planned_end=planned_start + datetime.timedelta(days=60),
        by=cast.office_staff,
    )
    team = services.team_form(round=round_, name=f"第{ordinal}巡察组", by=cast.office_staff)
    return round_, team


def assign(cast, planned_start, target):
    round_, team = planned_round(cast, planned_start)
    services.assignment_create(round=round_, team=team, target=target, by=cast.office_staff)
    return round_


def last_inspected(target):
    return Target.objects.get(pk=target.pk).last_inspected_on


def test_a_target_never_assigned_was_never_inspected(cast):
    assert last_inspected(factories.TargetFactory(office=cast.office)) is None


def test_assigning_a_team_records_the_round_start_as_the_last_inspection(cast):
    target = factories.TargetFactory(office=cast.office)
    assign(cast, datetime.date(2025, 3, 1), target)
    assert last_inspected(target) == datetime.date(2025, 3, 1)


def test_a_later_round_moves_the_last_inspection_forward(cast):
    assign(cast, datetime.date(2025, 3, 1), cast.assignment.target)
    assert last_inspected(cast.assignment.target) == datetime.date(2025, 3, 1)


def test_a_round_planned_earlier_leaves_a_later_inspection_in_place(cast):
    assign(cast, datetime.date(2023, 3, 1), cast.assignment.target)
    assert last_inspected(cast.assignment.target) == ROUND_START


def test_cancelling_a_round_takes_the_last_inspection_back_to_the_one_before(cast):
    later = assign(cast, datetime.date(2025, 3, 1), cast.assignment.target)
    services.round_cancel(round=later, by=cast.office_staff, reason="工作调整")
    assert last_inspected(cast.assignment.target) == ROUND_START


def test_cancelling_the_only_round_leaves_the_target_never_inspected(cast):
    services.round_cancel(round=cast.round, by=cast.office_staff, reason="工作调整")
    assert last_inspected(cast.assignment.target) is None


def test_cancelling_a_round_leaves_the_targets_of_other_rounds_alone(cast):
    elsewhere = factories.TargetFactory(office=cast.office)
    assign(cast, datetime.date(2025, 3, 1), elsewhere)
    services.round_cancel(round=cast.round, by=cast.office_staff, reason="工作调整")
    assert last_inspected(elsewhere) == datetime.date(2025, 3, 1)


def test_editing_a_target_keeps_the_last_inspection_recorded_since_it_was_read(cast):
    target = factories.TargetFactory(office=cast.office)
    read_before = Target.objects.get(pk=target.pk)
    assign(cast, datetime.date(2025, 3, 1), target)
    read_before.name = "县发展和改革局（更名）"
    read_before.save()
    assert Target.objects.get(pk=target.pk).name == "县发展和改革局（更名）"
    assert last_inspected(target) == datetime.date(2025, 3, 1)


def test_working_out_every_target_again_agrees_with_the_services(cast):
    never = factories.TargetFactory(office=cast.office)
    assign(cast, datetime.date(2025, 3, 1), cast.assignment.target)
    kept = {target.pk: target.last_inspected_on for target in Target.objects.all()}
    Target.objects.update(last_inspected_on=datetime.date(2000, 1, 1))
    last_inspected_refresh_all(batch=1)
    assert {target.pk: target.last_inspected_on for target in Target.objects.all()} == kept
    assert kept[never.pk] is None
