import datetime

import pytest
from django.utils import timezone

from core.errors import RecusalConflict
from organisations.models import Profile
from rounds import services
from rounds.models import Assignment, RecusalOverride, TeamMembership
from rounds.recusal import conflicts
from rounds.selectors import recusal_overrides_of
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
Role = TeamMembership.Role
RECENTLY = timezone.localdate() - datetime.timedelta(days=365)
LONG_AGO = timezone.localdate() - datetime.timedelta(days=365 * 8)


@pytest.fixture
def setting(cast):
    """A fresh inspector, and a target of the cast's office in a township of a county."""
    county = factories.RegionFactory(name="青山县")
    township = factories.RegionFactory(name="城关镇", parent=county)
    county_committee = factories.TargetFactory(office=cast.office, name="青山县委", region=county)
    target = factories.TargetFactory(
        office=cast.office, name="城关镇党委", parent=county_committee, region=township
    )
    inspector = factories.InspectorFactory(office=cast.office)
    return cast, inspector, target, county


def found(inspector, target, office):
    return [
        conflict.kind for conflict in conflicts(user=inspector.user, target=target, office=office)
    ]


def test_no_conflict_for_an_unrelated_inspector(setting):
    cast, inspector, target, _county = setting
    assert found(inspector, target, cast.office) == []


def test_working_in_the_target_is_a_conflict(setting):
    cast, inspector, target, _county = setting
    Profile.objects.filter(pk=inspector.pk).update(work_unit=target)
    assert found(inspector, target, cast.office) == ["post"]


def test_a_recent_post_in_the_unit_above_the_target_is_a_conflict(setting):
    cast, inspector, target, _county = setting
    factories.PastPostFactory(profile=inspector, unit=target.parent, ended_on=RECENTLY)
    assert found(inspector, target, cast.office) == ["post"]


def test_a_post_left_long_ago_is_no_conflict(setting):
    cast, inspector, target, _county = setting
    factories.PastPostFactory(
        profile=inspector,
        unit=target,
        started_on=LONG_AGO.replace(year=LONG_AGO.year - 3),
        ended_on=LONG_AGO,
    )
    assert found(inspector, target, cast.office) == []


def test_a_target_in_the_home_region_is_a_conflict_where_the_office_applies_it(setting):
    cast, inspector, target, county = setting
    Profile.objects.filter(pk=inspector.pk).update(home_region=county)
    assert found(inspector, target, cast.office) == ["region"]


def test_regional_recusal_is_off_when_the_office_does_not_apply_it(setting):
    cast, inspector, target, county = setting
    Profile.objects.filter(pk=inspector.pk).update(home_region=county)
    cast.office.applies_regional_recusal = False
    assert found(inspector, target, cast.office) == []


def test_a_provincial_unit_is_no_regional_conflict_for_someone_from_one_county(setting):
    cast, inspector, _target, county = setting
    province = factories.RegionFactory(name="江南省")
    county.parent = province
    county.save()
    department = factories.TargetFactory(office=cast.office, name="省交通运输厅", region=province)
    Profile.objects.filter(pk=inspector.pk).update(home_region=county)
    assert found(inspector, department, cast.office) == []


def test_a_declared_relative_in_the_target_is_a_conflict(setting):
    cast, inspector, target, _county = setting
    declaration = factories.RecusalDeclarationFactory(profile=inspector)
    factories.DeclaredRelativeFactory(declaration=declaration, workplace=target)
    assert found(inspector, target, cast.office) == ["relative"]


def test_adding_a_conflicted_person_to_a_team_is_blocked_and_nothing_is_saved(setting):
    cast, inspector, _target, _county = setting
    Profile.objects.filter(pk=inspector.pk).update(work_unit=cast.assignment.target)
    with pytest.raises(RecusalConflict, match="override only with a written reason"):
        services.team_add_member(
            team=cast.team, user=inspector.user, role=Role.MEMBER, by=cast.office_staff
        )
    assert not TeamMembership.objects.filter(user=inspector.user).exists()


def test_the_office_overrides_a_conflict_with_a_reason_that_is_recorded(setting):
    cast, inspector, _target, _county = setting
    Profile.objects.filter(pk=inspector.pk).update(work_unit=cast.assignment.target)
    services.team_add_member(
        team=cast.team,
        user=inspector.user,
        role=Role.MEMBER,
        by=cast.office_staff,
        override_reason="该同志为财务审计专业人员，仅参与资料审查。",
    )
    override = RecusalOverride.objects.get()
    assert (override.assignment, override.user, override.by) == (
        cast.assignment,
        inspector.user,
        cast.office_staff,
    )
    assert "works in" in override.conflicts


def test_assigning_a_team_to_a_target_a_member_must_recuse_from_is_blocked(setting):
    cast, _inspector, target, _county = setting
    Profile.objects.filter(user=cast.member).update(work_unit=target)
    with pytest.raises(RecusalConflict):
        services.assignment_create(
            round=cast.round, team=cast.team, target=target, by=cast.office_staff
        )
    assert not Assignment.objects.filter(target=target).exists()


def test_an_overridden_assignment_keeps_who_overrode_and_why(setting):
    cast, _inspector, target, _county = setting
    Profile.objects.filter(user=cast.member).update(work_unit=target)
    assignment = services.assignment_create(
        round=cast.round,
        team=cast.team,
        target=target,
        by=cast.office_staff,
        override_reason="经领导小组研究同意。",
    )
    assert assignment.recusal_overrides.get().reason == "经领导小组研究同意。"


def test_the_override_is_shown_on_the_assignment_page(setting, client):
    cast, inspector, _target, _county = setting
    Profile.objects.filter(pk=inspector.pk).update(work_unit=cast.assignment.target)
    services.team_add_member(
        team=cast.team,
        user=inspector.user,
        role=Role.MEMBER,
        by=cast.office_staff,
        override_reason="仅参与资料审查。",
    )
    client.force_login(cast.office_staff)
    response = client.get(f"/assignments/{cast.assignment.pk}/")
    assert "仅参与资料审查。" in response.text


def test_the_unit_never_sees_an_override(setting):
    cast, inspector, _target, _county = setting
    Profile.objects.filter(pk=inspector.pk).update(work_unit=cast.assignment.target)
    services.team_add_member(
        team=cast.team,
        user=inspector.user,
        role=Role.MEMBER,
        by=cast.office_staff,
        override_reason="仅参与资料审查。",
    )
    assert not recusal_overrides_of(cast.liaison, cast.assignment).exists()
