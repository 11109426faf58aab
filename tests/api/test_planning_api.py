"""Terms, rounds, teams, memberships and assignments through the API: the same rules and the same
scope as the planning pages."""

import pytest

from rounds.models import Assignment, Round, Term
from tests import factories, flows
from tests.factories import ROUND_END, ROUND_START, TERM_END, TERM_START

pytestmark = pytest.mark.django_db

Phase = Assignment.Phase


def ids(response):
    return {row["id"] for row in response.json()["results"]}


def test_office_staff_open_a_term_for_their_own_office(cast, api_as):
    response = api_as(cast.office_staff).post(
        "/api/v1/terms/",
        {"name": "第十四届", "starts_on": "2027-01-01", "ends_on": "2031-12-31"},
        format="json",
    )
    assert response.status_code == 201
    assert Term.objects.get(pk=response.json()["id"]).office == cast.office


def test_a_term_that_ends_before_it_starts_is_a_field_error(cast, api_as):
    response = api_as(cast.office_staff).post(
        "/api/v1/terms/",
        {"name": "第十四届", "starts_on": "2031-01-01", "ends_on": "2027-12-31"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "dates"


def test_a_team_member_may_not_open_a_term(cast, api_as):
    response = api_as(cast.leader).post(
        "/api/v1/terms/",
        {"name": "第十四届", "starts_on": "2027-01-01", "ends_on": "2031-12-31"},
        format="json",
    )
    assert response.status_code == 403


def test_terms_of_another_office_are_not_listed(cast, other_cast, api_as):
    listed = ids(api_as(cast.office_staff).get("/api/v1/terms/"))
    assert listed == {cast.round.term_id}


def test_a_round_is_planned_within_its_term(cast, api_as):
    response = api_as(cast.office_staff).post(
        "/api/v1/rounds/",
        {
            "term": cast.round.term_id,
            "ordinal": 9,
            "kind": "regular",
            "planned_start": str(ROUND_START),
            "planned_end": str(ROUND_END),
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["status"] == Round.Status.PLANNED


def test_a_round_cannot_be_planned_in_another_offices_term(cast, other_cast, api_as):
    response = api_as(cast.office_staff).post(
        "/api/v1/rounds/",
        {
            "term": other_cast.round.term_id,
            "ordinal": 9,
            "kind": "regular",
            "planned_start": str(TERM_START),
            "planned_end": str(TERM_END),
        },
        format="json",
    )
    assert response.status_code == 400
    assert "term" in response.json()["errors"]


def test_a_round_with_a_taken_ordinal_is_refused_with_its_reason(cast, api_as):
    response = api_as(cast.office_staff).post(
        "/api/v1/rounds/",
        {
            "term": cast.round.term_id,
            "ordinal": cast.round.ordinal,
            "kind": "regular",
            "planned_start": str(ROUND_START),
            "planned_end": str(ROUND_END),
        },
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate"


def test_a_planned_round_is_cancelled_with_a_reason(cast, api_as):
    response = api_as(cast.office_staff).post(
        f"/api/v1/rounds/{cast.round.pk}/cancel/", {"reason": "计划调整"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == Round.Status.CANCELLED


def test_cancelling_without_a_reason_names_the_field(cast, api_as):
    response = api_as(cast.office_staff).post(f"/api/v1/rounds/{cast.round.pk}/cancel/")
    assert response.status_code == 400
    assert "reason" in response.json()["errors"]


def test_completing_a_round_that_has_not_started_is_a_conflict(cast, api_as):
    response = api_as(cast.office_staff).post(f"/api/v1/rounds/{cast.round.pk}/complete/")
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_the_leader_sees_the_round_but_may_not_start_it(cast, api_as):
    client = api_as(cast.leader)
    assert client.get(f"/api/v1/rounds/{cast.round.pk}/").status_code == 200
    assert client.post(f"/api/v1/rounds/{cast.round.pk}/start/").status_code == 403


def test_another_offices_round_reads_as_missing(cast, other_cast, api_as):
    response = api_as(cast.office_staff).get(f"/api/v1/rounds/{other_cast.round.pk}/")
    assert response.status_code == 404


def test_the_unit_sees_no_rounds_or_teams(cast, api_as):
    flows.fed_back(cast)
    client = api_as(cast.liaison)
    assert ids(client.get("/api/v1/rounds/")) == set()
    assert ids(client.get("/api/v1/teams/")) == set()


def test_the_unit_sees_its_fed_back_assignment_without_the_team(cast, api_as):
    flows.fed_back(cast)
    row = api_as(cast.liaison).get(f"/api/v1/assignments/{cast.assignment.pk}/").json()
    assert row["target"] == cast.assignment.target_id
    assert row["team"] is None and row["team_name"] is None


def test_the_unit_does_not_see_its_assignment_before_feedback(cast, api_as):
    response = api_as(cast.liaison).get(f"/api/v1/assignments/{cast.assignment.pk}/")
    assert response.status_code == 404


def test_the_team_sees_its_assignment_with_the_team(cast, api_as):
    row = api_as(cast.member).get(f"/api/v1/assignments/{cast.assignment.pk}/").json()
    assert row["team"] == cast.team.pk


def test_a_team_is_formed_in_a_round(cast, api_as):
    response = api_as(cast.office_staff).post(
        "/api/v1/teams/", {"round": cast.round.pk, "name": "第九巡察组"}, format="json"
    )
    assert response.status_code == 201


def test_a_person_from_the_talent_pool_joins_a_team(cast, api_as):
    person = factories.InspectorFactory(office=cast.office).user
    response = api_as(cast.office_staff).post(
        "/api/v1/memberships/",
        {"team": cast.team.pk, "user": person.pk, "role": "member"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["name"] == person.profile.name


def test_a_person_of_another_office_cannot_be_named_on_a_team(cast, other_cast, api_as):
    response = api_as(cast.office_staff).post(
        "/api/v1/memberships/",
        {"team": cast.team.pk, "user": other_cast.member.pk, "role": "member"},
        format="json",
    )
    assert response.status_code == 400
    assert "user" in response.json()["errors"]


def test_a_team_is_assigned_to_a_target_of_the_office(cast, api_as):
    target = factories.TargetFactory(office=cast.office)
    response = api_as(cast.office_staff).post(
        "/api/v1/assignments/",
        {"round": cast.round.pk, "team": cast.team.pk, "target": target.pk},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["phase"] == Phase.PREPARATION


def test_an_assignment_without_a_team_names_the_field(cast, api_as):
    target = factories.TargetFactory(office=cast.office)
    response = api_as(cast.office_staff).post(
        "/api/v1/assignments/",
        {"round": cast.round.pk, "team": None, "target": target.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "team" in response.json()["errors"]


def test_the_team_goes_on_site_and_then_reports(cast, api_as):
    client = api_as(cast.office_staff)
    url = f"/api/v1/assignments/{cast.assignment.pk}"
    assert client.post(f"{url}/begin-on-site/").json()["phase"] == Phase.ON_SITE
    assert client.post(f"{url}/begin-reporting/").json()["phase"] == Phase.REPORTING


def test_reporting_before_going_on_site_is_a_conflict(cast, api_as):
    response = api_as(cast.office_staff).post(
        f"/api/v1/assignments/{cast.assignment.pk}/begin-reporting/"
    )
    assert response.status_code == 409


def test_assignments_filter_by_phase(cast, api_as):
    flows.on_site(cast)
    client = api_as(cast.office_staff)
    assert ids(client.get("/api/v1/assignments/", {"phase": "on_site"})) == {cast.assignment.pk}
    assert ids(client.get("/api/v1/assignments/", {"phase": "closed"})) == set()


def test_an_unknown_phase_filter_is_a_field_error(cast, api_as):
    response = api_as(cast.office_staff).get("/api/v1/assignments/", {"phase": "nonsense"})
    assert response.status_code == 400
    assert "phase" in response.json()["errors"]


def test_listing_assignments_takes_the_same_queries_for_one_or_many(
    cast, api_as, django_assert_num_queries
):
    client = api_as(cast.office_staff)
    # token, person, the assignments reached other than through the office
    # (rounds.selectors._access), count, page
    with django_assert_num_queries(5):
        client.get("/api/v1/assignments/")
    for _n in range(3):
        target = factories.TargetFactory(office=cast.office)
        factories.AssignmentFactory(round=cast.round, team=cast.team, target=target)
    with django_assert_num_queries(5):
        assert len(client.get("/api/v1/assignments/").json()["results"]) == 4
