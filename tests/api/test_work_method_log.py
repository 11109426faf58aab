"""/api/v1/method-log/: what the team did on site, for the office and the inspection side only."""

import datetime

import pytest
from django.utils import timezone

from rounds.models import MethodLogEntry
from rounds.services.methods import method_log_add
from tests import factories, flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

LOG = "/api/v1/method-log/"
TODAY = timezone.localdate()


def listed(response):
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def entry(cast, **changes):
    data = {
        "assignment": cast.assignment.pk,
        "method": "talk",
        "held_on": TODAY.isoformat(),
        "count": 12,
        "note": "与班子成员逐一谈话",
    }
    data.update(changes)
    return data


SEES = {
    "office_staff": True,
    "leadership": True,
    "leader": True,
    "member": True,
    "liaison": False,
    "receiving_officer": False,
    "outsider": False,
    "other office_staff": False,
}


@pytest.mark.parametrize("person", SEES, indirect=True)
def test_the_log_is_the_office_s_and_the_team_s_never_the_unit_s(api_as, cast, person, request):
    flows.on_site(cast)
    logged = method_log_add(
        assignment=cast.assignment, by=cast.member, method="talk", held_on=TODAY
    )
    flows.fed_back(cast)
    role = request.node.callspec.params["person"]
    assert listed(api_as(person).get(LOG)) == ({logged.pk} if SEES[role] else set())


def test_a_member_logs_individual_talks(api_as, cast):
    flows.on_site(cast)
    response = api_as(cast.member).post(LOG, entry(cast), format="json")
    assert response.status_code == 201
    logged = MethodLogEntry.objects.get(pk=response.json()["id"])
    assert (logged.method, logged.count, logged.by) == ("talk", 12, cast.member)
    assert response.json()["by_name"] == cast.member.profile.name


def test_the_log_filters_by_method(api_as, cast):
    flows.on_site(cast)
    talk = method_log_add(assignment=cast.assignment, by=cast.member, method="talk", held_on=TODAY)
    method_log_add(assignment=cast.assignment, by=cast.member, method="visit", held_on=TODAY)
    assert listed(api_as(cast.leader).get(LOG, {"method": "talk"})) == {talk.pk}


def test_the_liaison_may_not_write_in_the_log(api_as, cast):
    flows.fed_back(cast)
    response = api_as(cast.liaison).post(LOG, entry(cast), format="json")
    assert response.status_code == 403


def test_an_outsider_cannot_name_the_assignment(api_as, cast):
    flows.on_site(cast)
    response = api_as(cast.outsider).post(LOG, entry(cast), format="json")
    assert response.status_code == 400
    assert "assignment" in response.json()["errors"]


def test_the_log_closes_after_the_report(api_as, cast):
    flows.fed_back(cast)
    response = api_as(cast.member).post(LOG, entry(cast), format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "phase"


def test_an_entry_dated_in_the_future_is_refused(api_as, cast):
    flows.on_site(cast)
    tomorrow = TODAY + datetime.timedelta(days=1)
    response = api_as(cast.member).post(LOG, entry(cast, held_on=str(tomorrow)), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "dates"


@pytest.mark.parametrize("count", [0, "many"])
def test_a_count_that_is_not_a_positive_number_names_the_field(api_as, cast, count):
    flows.on_site(cast)
    response = api_as(cast.member).post(LOG, entry(cast, count=count), format="json")
    assert response.status_code == 400
    assert "count" in response.json()["errors"]
    assert not MethodLogEntry.objects.exists()


def test_an_unknown_method_names_the_field(api_as, cast):
    flows.on_site(cast)
    response = api_as(cast.member).post(LOG, entry(cast, method="torture"), format="json")
    assert "method" in response.json()["errors"]


@pytest.mark.parametrize("rows", [1, 5])
def test_the_log_costs_the_same_for_one_row_and_for_several(
    api_as, cast, django_assert_num_queries, rows
):
    flows.on_site(cast)
    for _ in range(rows):
        author = factories.InspectorFactory(office=cast.office).user
        factories.TeamMembershipFactory(team=cast.team, user=author)
        method_log_add(assignment=cast.assignment, by=author, method="talk", held_on=TODAY)
    client = api_as(cast.office_staff)
    # token, person, the assignments reached other than through the office
    # (rounds.selectors._access), count, page with the authors
    with django_assert_num_queries(5):
        response = client.get(LOG)
    assert len(response.json()["results"]) == rows
