"""/api/v1/progress-reports/: the reports on items with their attachments, and the download of
each attachment, as the item page shows them."""

import datetime

import pytest

from rectification import services
from rectification.models import ProgressAttachment, ProgressReport
from tests import flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

REPORTS = "/api/v1/progress-reports/"


def report_url(report):
    return f"{REPORTS}{report.pk}/"


def listed(response):
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


def report_on(item, by, text="已召开专题会议。", files=()):
    return services.progress_report(item=item, by=by, text=text, attachments=list(files))


@pytest.fixture
def claimed(cast):
    """A claimed item: a progress report, then a claim with one attachment."""
    return flows.claimed_item(cast)


# Who sees which report -------------------------------------------------------------------


@pytest.mark.parametrize(
    "person",
    ["office_staff", "leadership", "leader", "deputy", "member", "liaison"],
    indirect=True,
)
def test_the_office_the_team_and_the_unit_list_the_reports(cast, api_as, person, claimed):
    expected = sorted(ProgressReport.objects.values_list("pk", flat=True), reverse=True)
    assert listed(api_as(person).get(REPORTS)) == expected


@pytest.mark.parametrize(
    "person",
    ["receiving_officer", "outsider", "other office_staff", "other liaison"],
    indirect=True,
)
def test_no_one_else_lists_the_reports(cast, api_as, person, claimed):
    assert listed(api_as(person).get(REPORTS)) == []


def test_a_liaison_lists_only_its_own_units_reports(cast, other_cast, api_as, claimed):
    theirs = report_on(flows.item_under_plan(other_cast), other_cast.liaison)
    assert listed(api_as(other_cast.liaison).get(REPORTS)) == [theirs.pk]


@pytest.mark.parametrize("person", ["outsider", "other liaison"], indirect=True)
def test_a_report_out_of_scope_is_not_found(cast, api_as, person, claimed):
    report = ProgressReport.objects.first()
    assert api_as(person).get(report_url(report)).status_code == 404


def test_a_report_lists_its_attachments(cast, api_as, claimed):
    claim = ProgressReport.objects.get(kind=ProgressReport.Kind.CLAIM)
    body = api_as(cast.office_staff).get(report_url(claim)).json()
    assert [(a["name"], a["content_type"]) for a in body["attachments"]] == [
        ("制度文件.pdf", "application/pdf")
    ]


# Who filed it ----------------------------------------------------------------------------


def test_the_unit_reads_its_own_peoples_names(cast, api_as):
    report = report_on(flows.item_under_plan(cast), cast.liaison)
    body = api_as(cast.liaison).get(report_url(report)).json()
    assert body["by_name"] == cast.liaison.profile.name


def test_the_unit_reads_a_report_by_the_office_as_the_offices(cast, api_as):
    report = report_on(flows.item_under_plan(cast), cast.office_staff)
    body = api_as(cast.liaison).get(report_url(report)).json()
    assert body["by_name"] == "inspection office"


def test_the_team_reads_the_name_of_the_office_staff_who_reported(cast, api_as):
    report = report_on(flows.item_under_plan(cast), cast.office_staff)
    body = api_as(cast.member).get(report_url(report)).json()
    assert body["by_name"] == cast.office_staff.profile.name


# Filters ---------------------------------------------------------------------------------


def test_reports_filter_by_item(cast, api_as):
    plan = flows.opened_plan(cast, findings=2)
    first, second = flows.fed_back_findings(cast)
    one = flows.added_item(cast, plan=plan, finding=first)
    other = flows.added_item(cast, plan=plan, finding=second)
    flows.submit(cast, plan)
    report_on(other, cast.liaison)
    wanted = report_on(one, cast.liaison)
    assert listed(api_as(cast.office_staff).get(REPORTS, {"item": one.pk})) == [wanted.pk]


def test_reports_filed_since_a_moment_are_listed_for_sync(cast, api_as):
    item = flows.item_under_plan(cast)
    report_on(item, cast.liaison)
    since = datetime.datetime.now(datetime.UTC)
    later = report_on(item, cast.liaison, text="制度已印发。")
    response = api_as(cast.office_staff).get(REPORTS, {"updated_since": since.isoformat()})
    assert listed(response) == [later.pk]


def test_a_moment_that_is_not_a_date_time_is_a_field_error(cast, api_as):
    response = api_as(cast.office_staff).get(REPORTS, {"updated_since": "yesterday"})
    assert response.status_code == 400
    assert "updated_since" in response.json()["errors"]


def test_a_moment_with_an_offset_postgresql_cannot_hold_is_read_in_utc(cast, api_as):
    # Found by the schema fuzz: a far-future moment at +23:31 was a 500 (PostgreSQL refuses
    # offsets beyond ±15:59), before the moment was turned to UTC like every other filter's.
    moment = "4296-05-08T01:21:30.933406+23:31"
    response = api_as(cast.office_staff).get(REPORTS, {"updated_since": moment})
    assert response.status_code == 200
    assert listed(response) == []


# Downloads -------------------------------------------------------------------------------


def test_the_liaison_downloads_an_attachment(cast, api_as, claimed):
    attachment = ProgressAttachment.objects.get()
    client = api_as(cast.liaison)
    link = client.get(report_url(attachment.report)).json()["attachments"][0]["download"]
    response = client.get(link)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_an_attachment_is_not_found_for_another_units_liaison(cast, other_cast, api_as, claimed):
    attachment = ProgressAttachment.objects.get()
    url = f"{report_url(attachment.report)}attachments/{attachment.pk}/"
    assert api_as(other_cast.liaison).get(url).status_code == 404


def test_an_attachment_is_not_found_under_another_report(cast, api_as, claimed):
    attachment = ProgressAttachment.objects.get()
    first = ProgressReport.objects.exclude(pk=attachment.report_id).get()
    url = f"{report_url(first)}attachments/{attachment.pk}/"
    assert api_as(cast.liaison).get(url).status_code == 404


# Cost ------------------------------------------------------------------------------------


def test_listing_reports_takes_the_same_queries_for_one_or_several(
    cast, api_as, django_assert_num_queries
):
    item = flows.item_under_plan(cast)
    report_on(item, cast.liaison, files=[flows.pdf()])
    client = api_as(cast.liaison)
    # The liaison reads first the assignments they reach, as the unit and on the inspection side
    # (which names the reporters), in one query (rounds.selectors._reached_ids): one more.
    with django_assert_num_queries(5):
        assert len(listed(client.get(REPORTS))) == 1
    report_on(item, cast.office_staff, files=[flows.pdf(), flows.pdf("二.pdf")])
    report_on(item, cast.liaison)
    with django_assert_num_queries(5):
        assert len(listed(client.get(REPORTS))) == 3
