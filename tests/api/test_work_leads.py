"""/api/v1/leads/: the most confidential record. Only the office's staff, the team leader and the
body a lead went to see leads, and every response that shows one records that it was opened."""

import datetime

import pytest
from django.utils import timezone
from guardian.shortcuts import assign_perm

from rounds.models import Lead, LeadView
from tests import factories, flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

Status = Lead.Status
LEADS = "/api/v1/leads/"
TRANSFERRED_ON = datetime.date(2024, 7, 20)


def lead_url(lead, action=None):
    return f"{LEADS}{lead.pk}/" + (f"{action}/" if action else "")


def listed(response):
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def status_of(lead):
    lead.refresh_from_db()
    return lead.status


@pytest.fixture
def leads(cast):
    """One lead still registered, one transferred to the cast's body; feedback has been given,
    so the unit's liaison sees the assignment."""
    registered = flows.registered_lead(cast)
    transferred = flows.transferred_lead(cast)
    flows.fed_back(cast)
    return {"registered": registered, "transferred": transferred}


# Who sees which lead ---------------------------------------------------------------------

SEES = {
    "office_staff": {"registered", "transferred"},
    "leader": {"registered", "transferred"},
    "receiving_officer": {"transferred"},
    "leadership": set(),
    "deputy": set(),
    "member": set(),
    "liaison": set(),
    "outsider": set(),
    "other office_staff": set(),
}


@pytest.mark.parametrize("person", SEES, indirect=True)
def test_each_person_lists_the_leads_the_pages_show_them(api_as, leads, person, request):
    role = request.node.callspec.params["person"]
    assert listed(api_as(person).get(LEADS)) == {leads[name].pk for name in SEES[role]}


@pytest.mark.parametrize(
    "person", ["leadership", "deputy", "member", "liaison", "outsider"], indirect=True
)
def test_people_without_a_right_to_leads_cannot_open_one(api_as, leads, person):
    assert api_as(person).get(lead_url(leads["transferred"])).status_code == 404
    assert not LeadView.objects.exists()


def test_a_lead_of_another_office_is_not_found(api_as, cast, other_cast):
    lead = flows.registered_lead(other_cast)
    assert api_as(cast.office_staff).get(lead_url(lead)).status_code == 404


def test_a_deputy_given_the_right_opens_the_team_s_leads(api_as, cast, leads):
    assign_perm("rounds.view_leads", cast.deputy, cast.assignment)
    response = api_as(cast.deputy).get(lead_url(leads["registered"]))
    assert response.status_code == 200


# Every opening is recorded ---------------------------------------------------------------


def test_opening_a_lead_records_who_opened_it_and_when(api_as, cast, leads):
    before = timezone.now()
    response = api_as(cast.leader).get(lead_url(leads["registered"]))
    assert response.json()["subject_name"] == "李某某"
    view = LeadView.objects.get()
    assert (view.lead, view.user, view.purpose) == (leads["registered"], cast.leader, "view")
    assert before <= view.at <= timezone.now()


def test_each_listed_lead_is_recorded_as_opened(api_as, cast, leads):
    api_as(cast.office_staff).get(LEADS)
    recorded = set(LeadView.objects.values_list("lead_id", "user_id", "purpose"))
    assert recorded == {
        (leads["registered"].pk, cast.office_staff.pk, "list"),
        (leads["transferred"].pk, cast.office_staff.pk, "list"),
    }


def test_only_the_leads_of_the_page_returned_are_recorded(api_as, cast, leads):
    api_as(cast.office_staff).get(LEADS, {"status": "transferred"})
    assert list(LeadView.objects.values_list("lead_id", flat=True)) == [leads["transferred"].pk]


def test_transferring_a_lead_records_that_the_office_read_it(api_as, cast):
    lead = flows.registered_lead(cast)
    body = {"receiving_body": cast.receiving_body.pk, "transferred_on": "2024-07-20"}
    api_as(cast.office_staff).post(lead_url(lead, "transfer"), body, format="json")
    assert LeadView.objects.filter(lead=lead, user=cast.office_staff).count() == 1


# The representation ----------------------------------------------------------------------


def test_the_office_is_told_it_may_transfer_a_registered_lead(api_as, cast, leads):
    body = api_as(cast.office_staff).get(lead_url(leads["registered"])).json()
    assert (body["status"], body["may_transfer"], body["outcomes"]) == ("registered", True, [])


def test_the_receiving_body_is_told_which_outcomes_it_may_record(api_as, cast, leads):
    body = api_as(cast.receiving_officer).get(lead_url(leads["transferred"])).json()
    assert body["may_transfer"] is False
    assert body["outcomes"] == ["case_opened", "handled", "no_case"]
    assert body["receiving_body_name"] == cast.receiving_body.name


def test_the_finding_of_a_lead_is_shown_only_to_those_who_may_open_it(api_as, cast):
    finding = flows.accepted_finding(cast)
    lead = factories.LeadFactory(
        assignment=cast.assignment,
        finding=finding,
        registered_by=cast.leader,
        status=Status.TRANSFERRED,
        receiving_body=cast.receiving_body,
        transferred_on=TRANSFERRED_ON,
    )
    assert api_as(cast.leader).get(lead_url(lead)).json()["finding"] == finding.pk
    assert api_as(cast.receiving_officer).get(lead_url(lead)).json()["finding"] is None


# Registering -----------------------------------------------------------------------------


def lead_data(cast, **changes):
    data = {
        "assignment": cast.assignment.pk,
        "subject_name": "王某",
        "subject_position": "村党支部书记",
        "summary": "反映其侵占集体土地补偿款。",
    }
    data.update(changes)
    return data


def test_the_leader_registers_a_lead(api_as, cast):
    flows.on_site(cast)
    response = api_as(cast.leader).post(LEADS, lead_data(cast), format="json")
    assert response.status_code == 201
    lead = Lead.objects.get(pk=response.json()["id"])
    assert (lead.subject_name, lead.status, lead.registered_by) == (
        "王某",
        "registered",
        cast.leader,
    )
    assert LeadView.objects.filter(lead=lead, user=cast.leader).exists()


def test_a_lead_is_registered_from_a_finding(api_as, cast):
    finding = flows.reviewed_finding(cast)
    response = api_as(cast.leader).post(LEADS, lead_data(cast, finding=finding.pk), format="json")
    assert response.json()["finding"] == finding.pk


def test_a_finding_of_another_assignment_is_refused(api_as, cast):
    flows.on_site(cast)
    elsewhere = factories.AssignmentFactory(round=cast.round, team=cast.team)
    other = factories.FindingFactory(assignment=elsewhere, status="reviewed")
    response = api_as(cast.leader).post(LEADS, lead_data(cast, finding=other.pk), format="json")
    assert response.status_code == 400
    assert "finding" in response.json()["errors"]
    assert not Lead.objects.exists()


def test_a_lead_without_the_person_concerned_names_the_field(api_as, cast):
    flows.on_site(cast)
    response = api_as(cast.leader).post(LEADS, lead_data(cast, subject_name=""), format="json")
    assert response.status_code == 400
    assert "subject_name" in response.json()["errors"]


def test_a_member_may_not_register_a_lead(api_as, cast):
    flows.on_site(cast)
    response = api_as(cast.member).post(LEADS, lead_data(cast), format="json")
    assert response.status_code == 403
    assert not Lead.objects.exists()


def test_no_lead_is_registered_during_preparation(api_as, cast):
    response = api_as(cast.leader).post(LEADS, lead_data(cast), format="json")
    assert response.status_code == 409


def test_the_liaison_cannot_name_the_assignment_before_feedback(api_as, cast):
    flows.on_site(cast)
    response = api_as(cast.liaison).post(LEADS, lead_data(cast), format="json")
    assert response.status_code == 400
    assert "assignment" in response.json()["errors"]


# Transfer --------------------------------------------------------------------------------


def transfer(cast, **changes):
    data = {"receiving_body": cast.receiving_body.pk, "transferred_on": "2024-07-20"}
    data.update(changes)
    return data


def test_the_office_transfers_a_lead_to_its_receiving_body(api_as, cast):
    lead = flows.registered_lead(cast)
    response = api_as(cast.office_staff).post(
        lead_url(lead, "transfer"), transfer(cast), format="json"
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["receiving_body"]) == (
        "transferred",
        cast.receiving_body.pk,
    )


def test_the_receiving_body_may_not_transfer_a_lead_on(api_as, cast):
    lead = flows.transferred_lead(cast)
    response = api_as(cast.receiving_officer).post(
        lead_url(lead, "transfer"), transfer(cast), format="json"
    )
    assert response.status_code == 403
    assert status_of(lead) == Status.TRANSFERRED


def test_the_leader_knows_no_receiving_body_to_transfer_to(api_as, cast):
    lead = flows.registered_lead(cast)
    response = api_as(cast.leader).post(lead_url(lead, "transfer"), transfer(cast), format="json")
    assert response.status_code == 400
    assert "receiving_body" in response.json()["errors"]
    assert status_of(lead) == Status.REGISTERED


def test_a_lead_is_transferred_once(api_as, cast):
    lead = flows.transferred_lead(cast)
    response = api_as(cast.office_staff).post(
        lead_url(lead, "transfer"), transfer(cast), format="json"
    )
    assert response.status_code == 409


def test_a_receiving_body_of_another_office_does_not_exist_for_the_office(api_as, cast, other_cast):
    lead = flows.registered_lead(cast)
    response = api_as(cast.office_staff).post(
        lead_url(lead, "transfer"),
        transfer(cast, receiving_body=other_cast.receiving_body.pk),
        format="json",
    )
    assert response.status_code == 400
    assert "receiving_body" in response.json()["errors"]


def test_a_transfer_without_its_fields_names_them(api_as, cast):
    lead = flows.registered_lead(cast)
    response = api_as(cast.office_staff).post(lead_url(lead, "transfer"), {}, format="json")
    assert set(response.json()["errors"]) == {"receiving_body", "transferred_on"}


def test_a_transfer_dated_in_the_future_is_refused(api_as, cast):
    lead = flows.registered_lead(cast)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = api_as(cast.office_staff).post(
        lead_url(lead, "transfer"), transfer(cast, transferred_on=str(tomorrow)), format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "dates"


# Outcome ---------------------------------------------------------------------------------


def outcome(value, on="2024-08-01"):
    return {"outcome": value, "outcome_on": on, "note": "已立案审查。"}


def test_the_receiving_body_records_that_a_case_was_opened(api_as, cast):
    lead = flows.transferred_lead(cast)
    response = api_as(cast.receiving_officer).post(
        lead_url(lead, "outcome"), outcome("case_opened"), format="json"
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["outcomes"]) == (
        "case_opened",
        ["handled", "closed"],
    )


def test_the_office_may_not_record_an_outcome(api_as, cast):
    lead = flows.transferred_lead(cast)
    response = api_as(cast.office_staff).post(
        lead_url(lead, "outcome"), outcome("handled"), format="json"
    )
    assert response.status_code == 403
    assert status_of(lead) == Status.TRANSFERRED


def test_a_case_not_opened_cannot_be_closed(api_as, cast):
    lead = flows.transferred_lead(cast)
    response = api_as(cast.receiving_officer).post(
        lead_url(lead, "outcome"), outcome("closed"), format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_an_unknown_outcome_is_a_field_error(api_as, cast):
    lead = flows.transferred_lead(cast)
    response = api_as(cast.receiving_officer).post(
        lead_url(lead, "outcome"), outcome("transferred"), format="json"
    )
    assert response.status_code == 400
    assert "outcome" in response.json()["errors"]


def test_another_receiving_body_cannot_record_an_outcome(api_as, cast, other_cast):
    lead = flows.transferred_lead(cast)
    response = api_as(other_cast.receiving_officer).post(
        lead_url(lead, "outcome"), outcome("handled"), format="json"
    )
    assert response.status_code == 404


# The list's cost -------------------------------------------------------------------------


def add_leads(cast, count):
    """Transferred leads at different targets, sent to different bodies of the office."""
    for _ in range(count):
        factories.LeadFactory(
            assignment=factories.AssignmentFactory(
                round=cast.round, team=cast.team, target=factories.TargetFactory(office=cast.office)
            ),
            registered_by=cast.leader,
            status=Status.TRANSFERRED,
            receiving_body=factories.ReceivingBodyFactory(office=cast.office),
            transferred_on=TRANSFERRED_ON,
        )


@pytest.mark.parametrize("rows", [1, 6])
@pytest.mark.parametrize("role", ["office_staff", "leader"])
def test_the_list_costs_the_same_for_one_row_and_for_several(
    api_as, cast, django_assert_num_queries, rows, role
):
    add_leads(cast, rows)
    client = api_as(getattr(cast, role))
    # token, person, the assignments they reach (for the office staff, beyond the office),
    # which scope the findings a lead may name (rounds.selectors._within_reach), count, page
    # of leads, one insert recording the views.
    with django_assert_num_queries(6):
        response = client.get(LEADS)
    assert len(response.json()["results"]) == rows
