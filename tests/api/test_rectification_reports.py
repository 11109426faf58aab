"""/api/v1/rectification-reports/: the unit's rectification report and its top official's, with
the signed copy, filed by the liaison or by the office on the unit's behalf."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from rectification import services
from rectification.models import RectificationReport
from tests import flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

REPORTS = "/api/v1/rectification-reports/"
Kind = RectificationReport.Kind
TEXT = "一、整改工作总体情况：召开专题会议12次，修订制度8项。"


def report_url(report, action=""):
    return f"{REPORTS}{report.pk}/{action + '/' if action else ''}"


def listed(response):
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


def report_data(cast, **changes):
    data = {
        "assignment": cast.assignment.pk,
        "kind": Kind.UNIT,
        "text": TEXT,
        "author_name": "张书记",
        "signed_on": timezone.localdate().isoformat(),
    }
    data.update(changes)
    return data


def unit_report(cast, **options):
    return services.report_file(
        assignment=cast.assignment,
        by=cast.liaison,
        kind=Kind.UNIT,
        text=TEXT,
        author_name="张书记",
        **options,
    )


# Who sees which report -------------------------------------------------------------------


@pytest.mark.parametrize(
    "person",
    ["office_staff", "leadership", "leader", "deputy", "member", "liaison"],
    indirect=True,
)
def test_the_office_the_team_and_the_unit_list_the_report(cast, api_as, person):
    flows.submitted_plan(cast)
    report = unit_report(cast)
    assert listed(api_as(person).get(REPORTS)) == [report.pk]


@pytest.mark.parametrize(
    "person",
    ["receiving_officer", "outsider", "other office_staff", "other liaison"],
    indirect=True,
)
def test_no_one_else_lists_the_report(cast, api_as, person):
    flows.submitted_plan(cast)
    unit_report(cast)
    assert listed(api_as(person).get(REPORTS)) == []


@pytest.mark.parametrize("person", ["outsider", "other liaison"], indirect=True)
def test_a_report_out_of_scope_is_not_found_nor_its_signed_copy(cast, api_as, person):
    flows.submitted_plan(cast)
    report = unit_report(cast, file=flows.pdf())
    client = api_as(person)
    assert client.get(report_url(report)).status_code == 404
    assert client.get(report_url(report, "file")).status_code == 404


# Filing ----------------------------------------------------------------------------------


def test_the_liaison_files_the_units_report(cast, api_as):
    flows.submitted_plan(cast)
    response = api_as(cast.liaison).post(REPORTS, report_data(cast), format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["kind"], body["author_name"], body["signed_copy"]) == (Kind.UNIT, "张书记", None)


def test_the_office_files_the_top_officials_report_on_the_units_behalf(cast, api_as):
    flows.submitted_plan(cast)
    data = report_data(cast, kind=Kind.TOP_OFFICIAL)
    response = api_as(cast.office_staff).post(REPORTS, data, format="json")
    assert response.status_code == 201
    assert RectificationReport.objects.get().kind == Kind.TOP_OFFICIAL


def test_filing_again_revises_the_report(cast, api_as):
    flows.submitted_plan(cast)
    report = unit_report(cast)
    data = report_data(cast, text="修订后的整改报告。")
    response = api_as(cast.liaison).post(REPORTS, data, format="json")
    assert response.status_code == 200
    assert response.json()["id"] == report.pk
    report.refresh_from_db()
    assert report.text == "修订后的整改报告。"


def test_a_signed_copy_is_filed_and_downloaded(cast, api_as):
    flows.submitted_plan(cast)
    client = api_as(cast.liaison)
    data = report_data(cast, file=flows.pdf("整改报告.pdf"))
    link = client.post(REPORTS, data, format="multipart").json()["signed_copy"]
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_a_signed_copy_of_a_type_not_accepted_is_a_field_error(cast, api_as, media_root):
    flows.submitted_plan(cast)
    program = SimpleUploadedFile("报告.exe", b"MZ\x90\x00", content_type="application/x-msdownload")
    data = report_data(cast, file=program)
    response = api_as(cast.liaison).post(REPORTS, data, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()["errors"]
    assert not RectificationReport.objects.exists()


def test_a_report_before_the_plan_is_submitted_is_refused_with_the_reason(cast, api_as):
    flows.covered_plan(cast)
    response = api_as(cast.liaison).post(REPORTS, report_data(cast), format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "The report follows the plan: submit the rectification plan first."
    )


def test_a_report_without_text_or_kind_names_the_fields(cast, api_as):
    flows.submitted_plan(cast)
    data = report_data(cast)
    del data["text"], data["kind"]
    response = api_as(cast.liaison).post(REPORTS, data, format="json")
    assert response.status_code == 400
    assert {"text", "kind"} <= set(response.json()["errors"])


def test_a_report_dated_in_the_future_is_refused_under_its_field(cast, api_as):
    flows.submitted_plan(cast)
    data = report_data(cast, signed_on="2099-01-01")
    response = api_as(cast.liaison).post(REPORTS, data, format="json")
    assert response.status_code == 400
    assert "signed_on" in response.json()["errors"]


@pytest.mark.parametrize("person", ["leader", "member", "leadership"], indirect=True)
def test_only_the_liaison_and_the_office_file_a_report(cast, api_as, person):
    flows.submitted_plan(cast)
    response = api_as(person).post(REPORTS, report_data(cast), format="json")
    assert response.status_code == 403
    assert not RectificationReport.objects.exists()


def test_a_report_for_another_units_assignment_is_a_field_error(cast, other_cast, api_as):
    flows.submitted_plan(other_cast)
    flows.submitted_plan(cast)
    data = report_data(other_cast)
    response = api_as(cast.liaison).post(REPORTS, data, format="json")
    assert response.status_code == 400
    assert "assignment" in response.json()["errors"]


def test_a_report_after_the_assignment_is_closed_is_a_conflict(cast, api_as):
    flows.in_evaluation(cast)
    services.evaluation_record(
        assignment=cast.assignment, by=cast.office_staff, party="office", score=85, grade="good"
    )
    services.assignment_close(assignment=cast.assignment, by=cast.office_staff)
    response = api_as(cast.liaison).post(REPORTS, report_data(cast), format="json")
    assert response.status_code == 409


# Cost ------------------------------------------------------------------------------------


def test_listing_reports_takes_the_same_queries_for_one_or_several(
    cast, api_as, django_assert_num_queries
):
    flows.submitted_plan(cast)
    unit_report(cast)
    client = api_as(cast.office_staff)
    # token, person, the assignments reached other than through the office
    # (rounds.selectors._access), count, page
    with django_assert_num_queries(5):
        assert len(listed(client.get(REPORTS))) == 1
    services.report_file(
        assignment=cast.assignment,
        by=cast.liaison,
        kind=Kind.TOP_OFFICIAL,
        text=TEXT,
        author_name="张书记",
        file=flows.pdf(),
    )
    second = flows.build_cast(office=cast.office)
    flows.submitted_plan(second)
    unit_report(second)
    with django_assert_num_queries(5):
        assert len(listed(client.get(REPORTS))) == 3
