"""/api/v1/evaluations/ and the assignment's evaluation steps on its plan: the office begins the
evaluation, records each party's rating on the 100-point scheme and closes the assignment. The
office and the inspection side read it; the unit never does."""

from decimal import Decimal

import pytest

from rectification import services
from rectification.models import Evaluation
from rounds.models import Assignment
from tests import flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

EVALUATIONS = "/api/v1/evaluations/"
PLANS = "/api/v1/rectification-plans/"
Party = Evaluation.Party
Phase = Assignment.Phase


def listed(response):
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


def plan_action(plan, action):
    return f"{PLANS}{plan.pk}/{action}/"


def rating(cast, party=Party.OFFICE, score="85", **changes):
    data = {
        "assignment": cast.assignment.pk,
        "party": party,
        "score": score,
        "comment": "整改态度端正，措施具体。",
    }
    data.update(changes)
    return data


def evaluate(cast, party=Party.OFFICE, score="85"):
    return services.evaluation_record(
        assignment=cast.assignment,
        by=cast.office_staff,
        party=party,
        score=Decimal(score),
        grade=Evaluation.Grade.GOOD,
    )


# Who sees the evaluation -----------------------------------------------------------------


@pytest.mark.parametrize(
    "person", ["office_staff", "leadership", "leader", "deputy", "member"], indirect=True
)
def test_the_office_and_the_team_list_the_evaluation(cast, api_as, person):
    flows.in_evaluation(cast)
    evaluation = evaluate(cast)
    assert listed(api_as(person).get(EVALUATIONS)) == [evaluation.pk]


@pytest.mark.parametrize(
    "person",
    ["liaison", "receiving_officer", "outsider", "other office_staff", "other liaison"],
    indirect=True,
)
def test_the_unit_and_everyone_else_list_no_evaluation(cast, api_as, person):
    flows.in_evaluation(cast)
    evaluate(cast)
    assert listed(api_as(person).get(EVALUATIONS)) == []


@pytest.mark.parametrize("person", ["liaison", "other office_staff"], indirect=True)
def test_an_evaluation_out_of_scope_is_not_found(cast, api_as, person):
    flows.in_evaluation(cast)
    evaluation = evaluate(cast)
    assert api_as(person).get(f"{EVALUATIONS}{evaluation.pk}/").status_code == 404


# Beginning the evaluation ----------------------------------------------------------------


def test_the_office_begins_the_evaluation_once_the_plan_is_accepted(cast, api_as):
    plan = flows.accepted_plan(cast)
    flows.in_rectification(cast)
    response = api_as(cast.office_staff).post(plan_action(plan, "begin-evaluation"))
    assert response.status_code == 200
    assert response.json()["assignment"]["phase"] == Phase.EVALUATION


def test_beginning_before_the_plan_is_accepted_is_a_conflict(cast, api_as):
    plan = flows.submitted_plan(cast)
    flows.in_rectification(cast)
    response = api_as(cast.office_staff).post(plan_action(plan, "begin-evaluation"))
    assert response.status_code == 409
    assert response.json()["detail"] == "The rectification plan has not been accepted yet."
    assert cast.refresh().phase == Phase.RECTIFICATION


@pytest.mark.parametrize("person", ["liaison", "leader", "leadership"], indirect=True)
def test_only_office_staff_begin_the_evaluation(cast, api_as, person):
    plan = flows.accepted_plan(cast)
    flows.in_rectification(cast)
    assert api_as(person).post(plan_action(plan, "begin-evaluation")).status_code == 403
    assert cast.refresh().phase == Phase.RECTIFICATION


# Recording ratings -----------------------------------------------------------------------


def test_the_office_records_a_score_and_a_grade_left_out_follows_the_scheme(cast, api_as):
    flows.in_evaluation(cast)
    response = api_as(cast.office_staff).post(EVALUATIONS, rating(cast), format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["party"], body["score"], body["grade"]) == (Party.OFFICE, "85.0", "good")


def test_a_grade_given_is_kept(cast, api_as):
    flows.in_evaluation(cast)
    data = rating(cast, grade=Evaluation.Grade.FAIR)
    response = api_as(cast.office_staff).post(EVALUATIONS, data, format="json")
    assert response.json()["grade"] == Evaluation.Grade.FAIR


def test_a_score_over_100_is_refused_under_its_field(cast, api_as):
    flows.in_evaluation(cast)
    data = rating(cast, score="150")
    response = api_as(cast.office_staff).post(EVALUATIONS, data, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["score"] == ["A score is between 0 and 100."]


def test_a_score_that_is_not_a_number_names_the_field(cast, api_as):
    flows.in_evaluation(cast)
    data = rating(cast, score="good")
    response = api_as(cast.office_staff).post(EVALUATIONS, data, format="json")
    assert response.status_code == 400
    assert "score" in response.json()["errors"]


def test_an_unknown_party_names_the_field(cast, api_as):
    flows.in_evaluation(cast)
    data = rating(cast, party="press")
    response = api_as(cast.office_staff).post(EVALUATIONS, data, format="json")
    assert response.status_code == 400
    assert "party" in response.json()["errors"]


def test_a_second_rating_by_the_same_party_is_a_conflict(cast, api_as):
    flows.in_evaluation(cast)
    evaluate(cast, Party.OFFICE)
    response = api_as(cast.office_staff).post(EVALUATIONS, rating(cast), format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate"
    assert Evaluation.objects.count() == 1


def test_a_rating_before_the_evaluation_begins_is_a_conflict(cast, api_as):
    flows.accepted_plan(cast)
    flows.in_rectification(cast)
    response = api_as(cast.office_staff).post(EVALUATIONS, rating(cast), format="json")
    assert response.status_code == 409
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("person", ["leader", "member", "leadership"], indirect=True)
def test_the_inspection_side_reads_but_does_not_rate(cast, api_as, person):
    flows.in_evaluation(cast)
    response = api_as(person).post(EVALUATIONS, rating(cast), format="json")
    assert response.status_code == 403
    assert not Evaluation.objects.exists()


def test_for_the_unit_its_own_assignment_is_not_one_to_rate(cast, api_as):
    flows.in_evaluation(cast)
    response = api_as(cast.liaison).post(EVALUATIONS, rating(cast), format="json")
    assert response.status_code == 400
    assert "assignment" in response.json()["errors"]


# Closing the assignment ------------------------------------------------------------------


def test_the_office_closes_the_assignment_after_an_evaluation(cast, api_as):
    flows.in_evaluation(cast)
    evaluate(cast)
    plan = cast.assignment.rectification_plan
    response = api_as(cast.office_staff).post(plan_action(plan, "close-assignment"))
    assert response.status_code == 200
    assert response.json()["assignment"]["phase"] == Phase.CLOSED


def test_closing_without_an_evaluation_is_a_conflict(cast, api_as):
    flows.in_evaluation(cast)
    plan = cast.assignment.rectification_plan
    response = api_as(cast.office_staff).post(plan_action(plan, "close-assignment"))
    assert response.status_code == 409
    assert response.json()["detail"] == "Record at least one evaluation before closing."
    assert cast.refresh().phase == Phase.EVALUATION


def test_a_team_leader_may_not_close_the_assignment(cast, api_as):
    flows.in_evaluation(cast)
    evaluate(cast)
    plan = cast.assignment.rectification_plan
    assert api_as(cast.leader).post(plan_action(plan, "close-assignment")).status_code == 403
    assert cast.refresh().phase == Phase.EVALUATION


# Cost ------------------------------------------------------------------------------------


def test_listing_evaluations_takes_the_same_queries_for_one_or_several(
    cast, api_as, django_assert_num_queries
):
    flows.in_evaluation(cast)
    evaluate(cast, Party.OFFICE)
    client = api_as(cast.leader)
    # The leader reads the assignments they reach first (rounds.selectors._access): one more.
    with django_assert_num_queries(5):
        assert len(listed(client.get(EVALUATIONS))) == 1
    evaluate(cast, Party.INSPECTION_TEAM, "90")
    evaluate(cast, Party.DISCIPLINE_GROUP, "70")
    with django_assert_num_queries(5):
        assert len(listed(client.get(EVALUATIONS))) == 3
