"""/api/v1/rectification-plans/: who sees which plan, opening, the top official's sign-off and the
office's decision, as on the rectification pages."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rectification.models import RectificationPlan
from tests import flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

PLANS = "/api/v1/rectification-plans/"
Status = RectificationPlan.Status


def plan_url(plan, action=""):
    return f"{PLANS}{plan.pk}/{action + '/' if action else ''}"


def listed(response):
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


def sign_off(**changes):
    return {"signed_by_name": "张书记", "signed_at": "2024-08-10T09:00:00+08:00", **changes}


def status_of(plan):
    plan.refresh_from_db()
    return plan.status


# Who sees which plan ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "person",
    ["office_staff", "leadership", "leader", "deputy", "member", "liaison"],
    indirect=True,
)
def test_the_office_the_team_and_the_unit_list_the_plan(cast, api_as, person):
    plan = flows.opened_plan(cast)
    assert listed(api_as(person).get(PLANS)) == [plan.pk]


@pytest.mark.parametrize(
    "person",
    ["receiving_officer", "outsider", "other office_staff", "other liaison"],
    indirect=True,
)
def test_no_one_else_lists_the_plan(cast, api_as, person):
    flows.opened_plan(cast)
    assert listed(api_as(person).get(PLANS)) == []


def test_a_liaison_lists_only_its_own_units_plan(cast, other_cast, api_as):
    flows.opened_plan(cast)
    theirs = flows.opened_plan(other_cast)
    assert listed(api_as(other_cast.liaison).get(PLANS)) == [theirs.pk]


@pytest.mark.parametrize("person", ["outsider", "other liaison"], indirect=True)
def test_a_plan_out_of_scope_is_not_found(cast, api_as, person):
    plan = flows.opened_plan(cast)
    response = api_as(person).get(plan_url(plan))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_unit_reads_its_plan_with_the_deadlines_and_without_the_team(cast, api_as):
    plan = flows.opened_plan(cast)
    body = api_as(cast.liaison).get(plan_url(plan)).json()
    assert body["assignment"]["target_name"] == cast.assignment.target.name
    assert "team" not in body["assignment"]
    assert (body["due_on"], body["report_due_on"]) == ("2024-08-15", "2024-09-15")
    assert body["top_official"] == "张书记"


def test_a_plan_not_submitted_by_its_due_date_is_overdue(cast, api_as):
    plan = flows.opened_plan(cast)
    body = api_as(cast.office_staff).get(plan_url(plan)).json()
    assert body["overdue"]["plan"] is True


def test_a_submitted_plan_is_not_overdue(cast, api_as):
    plan = flows.submitted_plan(cast)
    body = api_as(cast.office_staff).get(plan_url(plan)).json()
    assert body["overdue"]["plan"] is False


def test_plans_filter_by_status(cast, api_as):
    draft = flows.opened_plan(flows.build_cast(office=cast.office))
    submitted = flows.submitted_plan(cast)
    client = api_as(cast.office_staff)
    assert listed(client.get(PLANS, {"status": "submitted"})) == [submitted.pk]
    assert listed(client.get(PLANS, {"status": "draft"})) == [draft.pk]


# Opening the plan ------------------------------------------------------------------------


def test_the_liaison_opens_the_plan_of_its_fed_back_assignment(cast, api_as):
    flows.fed_back(cast)
    response = api_as(cast.liaison).post(PLANS, {"assignment": cast.assignment.pk})
    assert response.status_code == 201
    assert response.json()["status"] == Status.DRAFT
    assert RectificationPlan.objects.get().assignment == cast.assignment


def test_opening_an_open_plan_again_returns_it(cast, api_as):
    plan = flows.opened_plan(cast)
    response = api_as(cast.liaison).post(PLANS, {"assignment": cast.assignment.pk})
    assert response.status_code == 200
    assert response.json()["id"] == plan.pk


def test_a_team_member_may_not_open_the_plan(cast, api_as):
    flows.fed_back(cast)
    response = api_as(cast.member).post(PLANS, {"assignment": cast.assignment.pk})
    assert response.status_code == 403
    assert not RectificationPlan.objects.exists()


def test_opening_a_plan_for_another_units_assignment_is_a_field_error(cast, other_cast, api_as):
    flows.fed_back(other_cast)
    flows.fed_back(cast)
    response = api_as(cast.liaison).post(PLANS, {"assignment": other_cast.assignment.pk})
    assert response.status_code == 400
    assert "assignment" in response.json()["errors"]


def test_opening_a_plan_with_an_id_that_is_not_a_number_is_a_field_error(cast, api_as):
    response = api_as(cast.office_staff).post(PLANS, {"assignment": "first"})
    assert response.status_code == 400
    assert "assignment" in response.json()["errors"]


def test_opening_a_plan_before_feedback_is_a_conflict(cast, api_as):
    flows.reporting(cast)
    response = api_as(cast.office_staff).post(PLANS, {"assignment": cast.assignment.pk})
    assert response.status_code == 409
    assert response.json()["code"] == "phase"


# The top official's sign-off -------------------------------------------------------------


def test_the_liaison_submits_the_plan_with_a_signed_scan(cast, api_as):
    plan = flows.covered_plan(cast)
    client = api_as(cast.liaison)
    data = sign_off(signed_scan=flows.pdf("签字版.pdf"))
    response = client.post(plan_url(plan, "submit"), data, format="multipart")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["signed_by_name"]) == (Status.SUBMITTED, "张书记")
    download = client.get(body["signed_scan"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_the_liaison_submits_the_plan_as_json_without_a_scan(cast, api_as):
    plan = flows.covered_plan(cast)
    response = api_as(cast.liaison).post(plan_url(plan, "submit"), sign_off(), format="json")
    assert response.status_code == 200
    assert response.json()["signed_scan"] is None


def test_a_plan_with_a_finding_without_a_measure_is_not_submitted(cast, api_as):
    plan = flows.opened_plan(cast)
    response = api_as(cast.liaison).post(plan_url(plan, "submit"), sign_off(), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "coverage"
    assert status_of(plan) == Status.DRAFT


def test_a_sign_off_without_a_date_names_the_field(cast, api_as):
    plan = flows.covered_plan(cast)
    data = sign_off()
    del data["signed_at"]
    response = api_as(cast.liaison).post(plan_url(plan, "submit"), data, format="json")
    assert response.status_code == 400
    assert "signed_at" in response.json()["errors"]


def test_a_sign_off_dated_in_the_future_is_refused(cast, api_as):
    plan = flows.covered_plan(cast)
    tomorrow = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)
    data = sign_off(signed_at=tomorrow.isoformat())
    response = api_as(cast.liaison).post(plan_url(plan, "submit"), data, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "signature"


def test_a_scan_that_is_not_what_it_claims_is_a_field_error_and_leaves_no_file(
    cast, api_as, media_root
):
    plan = flows.covered_plan(cast)
    fake = SimpleUploadedFile("签字版.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = api_as(cast.liaison).post(
        plan_url(plan, "submit"), sign_off(signed_scan=fake), format="multipart"
    )
    assert response.status_code == 400
    assert "signed_scan" in response.json()["errors"]
    assert status_of(plan) == Status.DRAFT
    assert not any(path.is_file() for path in media_root.rglob("*"))


def test_a_team_member_may_not_submit_the_plan(cast, api_as):
    plan = flows.covered_plan(cast)
    response = api_as(cast.member).post(plan_url(plan, "submit"), sign_off(), format="json")
    assert response.status_code == 403
    assert status_of(plan) == Status.DRAFT


# The office's decision -------------------------------------------------------------------


def test_office_staff_accept_a_submitted_plan(cast, api_as):
    plan = flows.submitted_plan(cast)
    response = api_as(cast.office_staff).post(plan_url(plan, "accept"), {"comment": "同意"})
    assert response.status_code == 200
    assert response.json()["status"] == Status.ACCEPTED


def test_accepting_an_accepted_plan_is_a_conflict(cast, api_as):
    plan = flows.accepted_plan(cast)
    response = api_as(cast.office_staff).post(plan_url(plan, "accept"))
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


@pytest.mark.parametrize("person", ["liaison", "leader", "leadership"], indirect=True)
def test_only_office_staff_decide_on_the_plan(cast, api_as, person):
    plan = flows.submitted_plan(cast)
    client = api_as(person)
    assert client.post(plan_url(plan, "accept")).status_code == 403
    assert client.post(plan_url(plan, "return"), {"comment": "重写"}).status_code == 403
    assert status_of(plan) == Status.SUBMITTED


def test_a_decision_on_another_units_plan_is_not_found(cast, other_cast, api_as):
    plan = flows.submitted_plan(cast)
    response = api_as(other_cast.office_staff).post(plan_url(plan, "accept"))
    assert response.status_code == 404
    assert status_of(plan) == Status.SUBMITTED


def test_the_unit_reads_why_the_office_returned_the_plan(cast, api_as):
    plan = flows.submitted_plan(cast)
    comment = "整改措施过于笼统，请细化到具体时限和责任人。"
    response = api_as(cast.office_staff).post(plan_url(plan, "return"), {"comment": comment})
    assert response.json()["status"] == Status.RETURNED
    assert api_as(cast.liaison).get(plan_url(plan)).json()["return_comment"] == comment


def test_returning_a_plan_without_a_comment_names_the_field(cast, api_as):
    plan = flows.submitted_plan(cast)
    response = api_as(cast.office_staff).post(plan_url(plan, "return"), {"comment": ""})
    assert response.status_code == 400
    assert "comment" in response.json()["errors"]
    assert status_of(plan) == Status.SUBMITTED


# Cost ------------------------------------------------------------------------------------


def test_listing_plans_takes_the_same_queries_for_one_or_several(
    cast, api_as, django_assert_num_queries
):
    flows.submitted_plan(cast)
    client = api_as(cast.office_staff)
    # token, person, the assignments reached other than through the office
    # (rounds.selectors._access), count, page
    with django_assert_num_queries(5):
        assert len(listed(client.get(PLANS))) == 1
    for _ in range(2):
        flows.opened_plan(flows.build_cast(office=cast.office))
    with django_assert_num_queries(5):
        assert len(listed(client.get(PLANS))) == 3
