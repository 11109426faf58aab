import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def ids(response):
    return {row["id"] for row in response.json()["results"]}


def test_office_staff_see_their_office_and_the_offices_below(api_as):
    province = factories.OfficeFactory(level="provincial")
    city = factories.OfficeFactory(level="municipal", parent=province)
    county = factories.OfficeFactory(level="county", parent=city)
    factories.OfficeFactory()
    staff = factories.OfficeStaffFactory(office=province).user
    assert ids(api_as(staff).get("/api/v1/offices/")) == {province.pk, city.pk, county.pk}


def test_a_county_office_does_not_see_the_office_above(api_as):
    city = factories.OfficeFactory(level="municipal")
    county = factories.OfficeFactory(level="county", parent=city)
    staff = factories.OfficeStaffFactory(office=county).user
    assert api_as(staff).get(f"/api/v1/offices/{city.pk}/").status_code == 404


def test_the_unit_sees_only_its_own_target(cast, other_cast, api_as):
    assert ids(api_as(cast.liaison).get("/api/v1/targets/")) == {cast.assignment.target_id}


def test_another_offices_target_reads_as_missing(cast, other_cast, api_as):
    target = other_cast.assignment.target_id
    assert api_as(cast.office_staff).get(f"/api/v1/targets/{target}/").status_code == 404


def test_targets_filter_by_category_and_search_by_name(cast, api_as):
    wanted = factories.TargetFactory(office=cast.office, category="university", name="江南大学")
    factories.TargetFactory(office=cast.office, category="university", name="江北学院")
    client = api_as(cast.office_staff)
    found = client.get("/api/v1/targets/", {"category": "university", "search": "江南"})
    assert ids(found) == {wanted.pk}


def test_the_unit_sees_only_itself_among_people(cast, api_as):
    assert ids(api_as(cast.liaison).get("/api/v1/people/")) == {cast.liaison.pk}


def test_office_staff_see_the_people_of_their_office(cast, other_cast, api_as):
    listed = ids(api_as(cast.office_staff).get("/api/v1/people/"))
    assert {cast.office_staff.pk, cast.leader.pk, cast.member.pk} <= listed
    assert other_cast.office_staff.pk not in listed


def test_me_says_who_i_am(cast, api_as):
    me = api_as(cast.liaison).get("/api/v1/me/").json()
    assert me["id"] == cast.liaison.pk and me["is_liaison"] and not me["is_office_staff"]


def test_a_receiving_officer_sees_only_their_own_body(cast, other_cast, api_as):
    listed = ids(api_as(cast.receiving_officer).get("/api/v1/receiving-bodies/"))
    assert listed == {cast.receiving_body.pk}
