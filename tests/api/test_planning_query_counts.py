"""The organisation and planning lists take as many queries for many rows as for one."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def _more_rows(cast):
    """Three more of each: targets, rounds with a team, memberships and assignments."""
    for _n in range(3):
        target = factories.TargetFactory(office=cast.office)
        round_ = factories.RoundFactory(term=cast.round.term)
        team = factories.TeamFactory(round=round_)
        person = factories.InspectorFactory(office=cast.office).user
        factories.TeamMembershipFactory(team=team, user=person)
        factories.AssignmentFactory(round=round_, team=team, target=target)
        factories.TermFactory(office=cast.office)
        factories.OfficeFactory(parent=cast.office, level="county")
        factories.ReceivingBodyFactory(office=cast.office)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/offices/",
        "/api/v1/targets/",
        "/api/v1/receiving-bodies/",
        "/api/v1/people/",
        "/api/v1/terms/",
        "/api/v1/rounds/",
        "/api/v1/teams/",
        "/api/v1/memberships/",
        "/api/v1/assignments/",
    ],
)
def test_a_list_takes_the_same_queries_for_many_rows_as_for_one(
    cast, api_as, django_assert_max_num_queries, url
):
    client = api_as(cast.office_staff)
    with django_assert_max_num_queries(10) as few:
        first = client.get(url)
    _more_rows(cast)
    with django_assert_max_num_queries(len(few.captured_queries)):
        again = client.get(url)
    assert len(again.json()["results"]) > len(first.json()["results"])
