"""/api/v1/filings/: the office records the plan or report filed (备案) with one or more of the
parties that check rectification, all or none."""

import pytest
from django.utils import timezone

from rectification import services
from rectification.models import Filing
from tests import flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

FILINGS = "/api/v1/filings/"
Party = Filing.Party
Document = Filing.Document


def listed(response):
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


def filing_data(cast, parties, **changes):
    data = {
        "assignment": cast.assignment.pk,
        "document": Document.PLAN,
        "parties": parties,
        "filed_on": timezone.localdate().isoformat(),
        "reference": "镇党委〔2024〕15号",
    }
    data.update(changes)
    return data


def filed(cast, party=Party.OFFICE):
    return services.filing_record(
        assignment=cast.assignment,
        by=cast.office_staff,
        document=Document.PLAN,
        party=party,
        filed_on=timezone.localdate(),
    )


# Who sees which filing -------------------------------------------------------------------


@pytest.mark.parametrize(
    "person",
    ["office_staff", "leadership", "leader", "deputy", "member", "liaison"],
    indirect=True,
)
def test_the_office_the_team_and_the_unit_list_the_filing(cast, api_as, person):
    flows.submitted_plan(cast)
    filing = filed(cast)
    assert listed(api_as(person).get(FILINGS)) == [filing.pk]


@pytest.mark.parametrize(
    "person",
    ["receiving_officer", "outsider", "other office_staff", "other liaison"],
    indirect=True,
)
def test_no_one_else_lists_the_filing(cast, api_as, person):
    flows.submitted_plan(cast)
    filed(cast)
    assert listed(api_as(person).get(FILINGS)) == []


@pytest.mark.parametrize("person", ["outsider", "other liaison"], indirect=True)
def test_a_filing_out_of_scope_is_not_found(cast, api_as, person):
    flows.submitted_plan(cast)
    filing = filed(cast)
    assert api_as(person).get(f"{FILINGS}{filing.pk}/").status_code == 404


def test_filings_filter_by_party(cast, api_as):
    flows.submitted_plan(cast)
    filed(cast, Party.OFFICE)
    team = filed(cast, Party.INSPECTION_TEAM)
    response = api_as(cast.office_staff).get(FILINGS, {"party": Party.INSPECTION_TEAM})
    assert listed(response) == [team.pk]


# Recording -------------------------------------------------------------------------------


def test_the_office_records_a_filing_with_several_parties_at_once(cast, api_as):
    flows.submitted_plan(cast)
    parties = [Party.SUPERVISING_LEADER, Party.DISCIPLINE_GROUP, Party.OFFICE]
    response = api_as(cast.office_staff).post(FILINGS, filing_data(cast, parties), format="json")
    assert response.status_code == 201
    assert {row["party"] for row in response.json()} == set(parties)
    assert Filing.objects.filter(reference="镇党委〔2024〕15号").count() == 3


def test_a_party_already_recorded_is_a_conflict_and_none_of_the_others_is_recorded(cast, api_as):
    flows.submitted_plan(cast)
    filed(cast, Party.OFFICE)
    data = filing_data(cast, [Party.SUPERIOR_DEPARTMENT, Party.OFFICE])
    response = api_as(cast.office_staff).post(FILINGS, data, format="json")
    assert response.status_code == 409
    assert response.json()["detail"] == "This filing with inspection office is already recorded."
    assert list(Filing.objects.values_list("party", flat=True)) == [Party.OFFICE]


def test_a_filing_without_a_party_names_the_field(cast, api_as):
    flows.submitted_plan(cast)
    response = api_as(cast.office_staff).post(FILINGS, filing_data(cast, []), format="json")
    assert response.status_code == 400
    assert "parties" in response.json()["errors"]


def test_an_unknown_party_names_the_field(cast, api_as):
    flows.submitted_plan(cast)
    data = filing_data(cast, ["neighbours"])
    response = api_as(cast.office_staff).post(FILINGS, data, format="json")
    assert response.status_code == 400
    assert "parties" in response.json()["errors"]


def test_the_report_cannot_be_filed_before_it_exists(cast, api_as):
    flows.submitted_plan(cast)
    data = filing_data(cast, [Party.OFFICE], document=Document.REPORT)
    response = api_as(cast.office_staff).post(FILINGS, data, format="json")
    assert response.status_code == 409
    assert response.json()["detail"] == "The rectification report has not been filed yet."


def test_a_filing_date_that_is_not_a_date_names_the_field(cast, api_as):
    flows.submitted_plan(cast)
    data = filing_data(cast, [Party.OFFICE], filed_on="15/08/2024")
    response = api_as(cast.office_staff).post(FILINGS, data, format="json")
    assert response.status_code == 400
    assert "filed_on" in response.json()["errors"]


@pytest.mark.parametrize("person", ["liaison", "leader", "leadership"], indirect=True)
def test_no_one_but_office_staff_records_a_filing(cast, api_as, person):
    flows.submitted_plan(cast)
    response = api_as(person).post(FILINGS, filing_data(cast, [Party.OFFICE]), format="json")
    assert response.status_code == 403
    assert not Filing.objects.exists()


def test_a_filing_for_another_offices_assignment_is_a_field_error(cast, other_cast, api_as):
    flows.submitted_plan(other_cast)
    data = filing_data(other_cast, [Party.OFFICE])
    response = api_as(cast.office_staff).post(FILINGS, data, format="json")
    assert response.status_code == 400
    assert "assignment" in response.json()["errors"]


# Cost ------------------------------------------------------------------------------------


def test_listing_filings_takes_the_same_queries_for_one_or_several(
    cast, api_as, django_assert_num_queries
):
    flows.submitted_plan(cast)
    filed(cast, Party.OFFICE)
    client = api_as(cast.liaison)
    # The liaison reads the assignments they reach first (rounds.selectors._access): one more.
    with django_assert_num_queries(5):
        assert len(listed(client.get(FILINGS))) == 1
    filed(cast, Party.INSPECTION_TEAM)
    filed(cast, Party.DISCIPLINE_GROUP)
    with django_assert_num_queries(5):
        assert len(listed(client.get(FILINGS))) == 3
