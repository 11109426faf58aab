"""The checks on rectification in the browser: the unit's reports, the five-party filings, the
evaluation by several parties and the closing of the assignment, and their panel on the
assignment's rectification page."""

import uuid
from decimal import Decimal
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertRedirects

from rectification import services
from rectification.models import Evaluation, Filing, RectificationReport
from rectification.views.checks import panel_context
from rounds.models import Assignment
from tests import factories, flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

Phase = Assignment.Phase
Party = Evaluation.Party
FilingParty = Filing.Party
REPORT_TEXT = "一、整改工作总体情况：召开专题会议12次，修订制度8项。"
SIGNED_BY = "张书记"


# helpers ---------------------------------------------------------------------------------


def report_url(cast, kind="unit"):
    return reverse("rectification:report_file", args=[cast.assignment.pk, kind])


def hub_url(cast):
    return reverse("rectification:assignment", args=[cast.assignment.pk])


def filing_url(cast):
    return reverse("rectification:filing_create", args=[cast.assignment.pk])


def evaluation_url(cast):
    return reverse("rectification:evaluation", args=[cast.assignment.pk])


def begin_url(cast):
    return reverse("rectification:evaluation_begin", args=[cast.assignment.pk])


def close_url(cast):
    return reverse("rectification:assignment_close", args=[cast.assignment.pk])


def today():
    return timezone.localdate().isoformat()


def report_data(**changes):
    data = {
        "submission": str(uuid.uuid4()),
        "text": REPORT_TEXT,
        "author_name": SIGNED_BY,
        "signed_on": today(),
    }
    data.update(changes)
    return data


def filing_data(parties, **changes):
    data = {
        "submission": str(uuid.uuid4()),
        "document": Filing.Document.PLAN,
        "parties": parties,
        "filed_on": today(),
        "reference": "镇党委〔2024〕15号",
    }
    data.update(changes)
    return data


def evaluation_data(party=Party.OFFICE, score="85", grade="", **changes):
    data = {
        "submission": str(uuid.uuid4()),
        "party": party,
        "score": score,
        "grade": grade,
        "comment": "整改态度端正，措施具体。",
    }
    data.update(changes)
    return data


def errors_shown(response, form="form"):
    return [unescape(str(error)) for error in response.context[form].non_field_errors()]


def unit_report(cast):
    return services.report_file(
        assignment=cast.assignment,
        by=cast.liaison,
        kind=RectificationReport.Kind.UNIT,
        text=REPORT_TEXT,
        author_name=SIGNED_BY,
    )


def evaluate(cast, party, score):
    return services.evaluation_record(
        assignment=cast.assignment,
        by=cast.office_staff,
        party=party,
        score=Decimal(score),
        grade=Evaluation.Grade.GOOD,
    )


def panel(user, cast):
    assignment = cast.refresh()
    context = {"assignment": assignment, **panel_context(user, assignment)}
    return context, render_to_string("rectification/checks/panel.html", context)


@pytest.fixture
def person(request, cast, other_cast):
    """The person named by the test's parameter: one of the cast, the leadership group of its
    office, or the liaison of another target."""
    if request.param == "leadership":
        return factories.ProfileFactory(office=cast.office, is_leadership=True).user
    if request.param == "other liaison":
        return other_cast.liaison
    return getattr(cast, request.param)


# Reports ---------------------------------------------------------------------------------


def test_the_liaison_files_the_units_report_and_is_sent_to_the_rectification_page(client, cast):
    flows.submitted_plan(cast)
    client.force_login(cast.liaison)
    response = client.post(report_url(cast), report_data())
    assertRedirects(response, hub_url(cast), fetch_redirect_response=False)
    report = RectificationReport.objects.get(assignment=cast.assignment)
    assert (report.kind, report.text, report.author_name, report.submitted_by) == (
        RectificationReport.Kind.UNIT,
        REPORT_TEXT,
        SIGNED_BY,
        cast.liaison,
    )


def test_the_office_files_the_top_officials_report_on_the_units_behalf(client, cast):
    flows.submitted_plan(cast)
    client.force_login(cast.office_staff)
    client.post(report_url(cast, "top_official"), report_data())
    assert RectificationReport.objects.get().kind == RectificationReport.Kind.TOP_OFFICIAL


def test_the_form_of_a_filed_report_holds_its_text_and_filing_again_revises_it(client, cast):
    flows.submitted_plan(cast)
    first = unit_report(cast)
    client.force_login(cast.liaison)
    assert client.get(report_url(cast)).context["form"]["text"].value() == REPORT_TEXT
    client.post(report_url(cast), report_data(text="修订后的整改报告。"))
    revised = RectificationReport.objects.get()
    assert (revised.pk, revised.text) == (first.pk, "修订后的整改报告。")


def test_a_signed_copy_is_kept_and_downloaded(client, cast):
    flows.submitted_plan(cast)
    client.force_login(cast.liaison)
    client.post(report_url(cast), report_data(file=flows.pdf("整改报告.pdf")))
    report = RectificationReport.objects.get()
    client.force_login(cast.office_staff)
    response = client.get(reverse("rectification:report_download", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == flows.PDF_BYTES


def test_a_refused_signed_copy_keeps_the_text_and_files_nothing(
    client_in_english, cast, media_root
):
    flows.submitted_plan(cast)
    fake = SimpleUploadedFile("报告.pdf", b"not a pdf at all", content_type="application/pdf")
    client_in_english.force_login(cast.liaison)
    response = client_in_english.post(report_url(cast), report_data(file=fake))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["file"] == [
        "The content of 报告.pdf does not match its type application/pdf."
    ]
    assert form["text"].value() == REPORT_TEXT
    assert not RectificationReport.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_a_report_before_the_plan_is_submitted_is_refused_with_the_reason(client_in_english, cast):
    flows.covered_plan(cast)
    client_in_english.force_login(cast.liaison)
    response = client_in_english.post(report_url(cast), report_data())
    assert response.status_code == 400
    assert errors_shown(response) == [
        "The report follows the plan: submit the rectification plan first."
    ]


def test_a_report_without_a_signature_is_refused_with_the_reason(client_in_english, cast):
    flows.submitted_plan(cast)
    client_in_english.force_login(cast.liaison)
    response = client_in_english.post(report_url(cast), report_data(author_name=" "))
    assert response.status_code == 400
    assert errors_shown(response) == ["Name who signed the report."]


def test_a_second_press_of_the_button_files_one_report(client, cast):
    flows.submitted_plan(cast)
    client.force_login(cast.liaison)
    data = report_data()
    client.post(report_url(cast), data)
    second = client.post(report_url(cast), data)
    assertRedirects(second, hub_url(cast), fetch_redirect_response=False)
    assert RectificationReport.objects.get().history.count() == 1


@pytest.mark.parametrize(
    "person", ["leadership", "leader", "member", "outsider", "other liaison"], indirect=True
)
def test_no_one_but_the_liaison_and_the_office_opens_the_report_form(client, cast, person):
    flows.submitted_plan(cast)
    client.force_login(person)
    assert client.get(report_url(cast)).status_code == 404


def test_an_unknown_kind_of_report_is_not_found(client, cast):
    flows.submitted_plan(cast)
    client.force_login(cast.liaison)
    assert client.get(report_url(cast, "summary")).status_code == 404


def test_the_signed_copy_is_not_found_for_the_liaison_of_another_target(client, cast, other_cast):
    flows.submitted_plan(cast)
    report = services.report_file(
        assignment=cast.assignment,
        by=cast.liaison,
        kind=RectificationReport.Kind.UNIT,
        text=REPORT_TEXT,
        author_name=SIGNED_BY,
        file=flows.pdf(),
    )
    client.force_login(other_cast.liaison)
    assert client.get(reverse("rectification:report_download", args=[report.pk])).status_code == 404


# Filings ---------------------------------------------------------------------------------


def test_the_office_records_a_filing_with_several_parties_at_once(client, cast):
    flows.submitted_plan(cast)
    client.force_login(cast.office_staff)
    parties = [FilingParty.SUPERVISING_LEADER, FilingParty.DISCIPLINE_GROUP, FilingParty.OFFICE]
    response = client.post(filing_url(cast), filing_data(parties))
    assertRedirects(response, hub_url(cast), fetch_redirect_response=False)
    filings = Filing.objects.filter(assignment=cast.assignment)
    assert set(filings.values_list("party", flat=True)) == set(parties)
    assert set(filings.values_list("reference", flat=True)) == {"镇党委〔2024〕15号"}


def test_a_party_already_recorded_is_named_and_none_of_the_others_is_recorded(
    client_in_english, cast
):
    flows.submitted_plan(cast)
    services.filing_record(
        assignment=cast.assignment,
        by=cast.office_staff,
        document=Filing.Document.PLAN,
        party=FilingParty.OFFICE,
        filed_on=timezone.localdate(),
    )
    client_in_english.force_login(cast.office_staff)
    response = client_in_english.post(
        filing_url(cast), filing_data([FilingParty.SUPERIOR_DEPARTMENT, FilingParty.OFFICE])
    )
    assert response.status_code == 400
    assert errors_shown(response) == ["This filing with inspection office is already recorded."]
    assert list(Filing.objects.values_list("party", flat=True)) == [FilingParty.OFFICE]


def test_a_filing_without_a_party_asks_for_one(client_in_english, cast):
    flows.submitted_plan(cast)
    client_in_english.force_login(cast.office_staff)
    response = client_in_english.post(filing_url(cast), filing_data([]))
    assert response.status_code == 400
    assert response.context["form"].errors["parties"] == [
        "Choose at least one party it was filed with."
    ]


def test_the_report_cannot_be_filed_before_it_exists(client_in_english, cast):
    flows.submitted_plan(cast)
    client_in_english.force_login(cast.office_staff)
    response = client_in_english.post(
        filing_url(cast), filing_data([FilingParty.OFFICE], document=Filing.Document.REPORT)
    )
    assert response.status_code == 400
    assert errors_shown(response) == ["The rectification report has not been filed yet."]


def test_a_second_press_of_the_button_records_the_filings_once(client, cast):
    flows.submitted_plan(cast)
    client.force_login(cast.office_staff)
    data = filing_data([FilingParty.INSPECTION_TEAM, FilingParty.OFFICE])
    client.post(filing_url(cast), data)
    second = client.post(filing_url(cast), data)
    assertRedirects(second, hub_url(cast), fetch_redirect_response=False)
    assert Filing.objects.count() == 2


@pytest.mark.parametrize(
    "person", ["leadership", "leader", "liaison", "outsider", "other liaison"], indirect=True
)
def test_no_one_but_office_staff_records_a_filing(client, cast, person):
    flows.submitted_plan(cast)
    client.force_login(person)
    assert client.get(filing_url(cast)).status_code == 404
    assert client.post(filing_url(cast), filing_data([FilingParty.OFFICE])).status_code == 404
    assert not Filing.objects.exists()


# Evaluation ------------------------------------------------------------------------------


def test_the_office_begins_the_evaluation_once_the_plan_is_accepted(client, cast):
    flows.accepted_plan(cast)
    flows.in_rectification(cast)
    client.force_login(cast.office_staff)
    assertRedirects(client.post(begin_url(cast)), evaluation_url(cast))
    assert cast.refresh().phase == Phase.EVALUATION


def test_beginning_before_the_plan_is_accepted_is_refused_with_the_reason(client_in_english, cast):
    flows.submitted_plan(cast)
    flows.in_rectification(cast)
    client_in_english.force_login(cast.office_staff)
    response = client_in_english.post(begin_url(cast))
    assert response.status_code == 400
    assert response.context["action_error"] == ("The rectification plan has not been accepted yet.")
    assert cast.refresh().phase == Phase.RECTIFICATION


def test_the_office_records_a_score_and_a_blank_grade_follows_the_scheme(client, cast):
    flows.in_evaluation(cast)
    client.force_login(cast.office_staff)
    response = client.post(evaluation_url(cast), evaluation_data(Party.DISCIPLINE_GROUP, "91.5"))
    assertRedirects(response, evaluation_url(cast))
    evaluation = Evaluation.objects.get(assignment=cast.assignment)
    assert (evaluation.party, evaluation.score, evaluation.grade, evaluation.by) == (
        Party.DISCIPLINE_GROUP,
        Decimal("91.5"),
        Evaluation.Grade.EXCELLENT,
        cast.office_staff,
    )


@pytest.mark.parametrize("score", ["100.5", "-1"])
def test_a_score_outside_0_to_100_is_refused_with_the_message(client_in_english, cast, score):
    flows.in_evaluation(cast)
    client_in_english.force_login(cast.office_staff)
    response = client_in_english.post(evaluation_url(cast), evaluation_data(score=score))
    assert response.status_code == 400
    assert errors_shown(response) == ["A score is between 0 and 100."]
    assert not Evaluation.objects.exists()


def test_a_score_that_is_not_a_number_is_refused_with_the_message(client_in_english, cast):
    flows.in_evaluation(cast)
    client_in_english.force_login(cast.office_staff)
    response = client_in_english.post(evaluation_url(cast), evaluation_data(score="good"))
    assert response.status_code == 400
    assert response.context["form"].errors["score"] == ["Enter a number."]


def test_a_second_rating_by_the_same_party_is_refused_with_the_message(client_in_english, cast):
    flows.in_evaluation(cast)
    evaluate(cast, Party.OFFICE, "80")
    client_in_english.force_login(cast.office_staff)
    response = client_in_english.post(evaluation_url(cast), evaluation_data(Party.OFFICE))
    assert response.status_code == 400
    assert errors_shown(response) == ["inspection office has already evaluated this assignment."]


def test_the_form_offers_only_the_parties_yet_to_evaluate(client, cast):
    flows.in_evaluation(cast)
    evaluate(cast, Party.OFFICE, "80")
    client.force_login(cast.office_staff)
    form = client.get(evaluation_url(cast)).context["form"]
    assert [value for value, _label in form.fields["party"].choices] == [
        Party.SUPERIOR_DEPARTMENT,
        Party.DISCIPLINE_GROUP,
        Party.INSPECTION_TEAM,
    ]


def test_the_overall_result_weighs_each_party_by_the_office_policy(client_in_english, cast):
    factories.RectificationPolicyFactory(
        office=cast.office,
        weight_superior=50,
        weight_discipline=0,
        weight_team=25,
        weight_office=25,
    )
    flows.in_evaluation(cast)
    evaluate(cast, Party.SUPERIOR_DEPARTMENT, "80")
    evaluate(cast, Party.INSPECTION_TEAM, "90")
    evaluate(cast, Party.OFFICE, "71")
    client_in_english.force_login(cast.office_staff)
    response = client_in_english.get(evaluation_url(cast))
    # (50 × 80 + 25 × 90 + 25 × 71) / 100 = 80.25, rounded half up; good from 80.
    result = response.context["result"]
    assert (result.score, result.grade) == (Decimal("80.3"), Evaluation.Grade.GOOD)
    assert "Overall 80.3 (good), from 3 parties." in unescape(response.text)
    assert [row["weight"] for row in response.context["parties"]] == [50, 0, 25, 25]


def test_the_office_closes_the_assignment_after_an_evaluation(client, cast):
    flows.in_evaluation(cast)
    evaluate(cast, Party.OFFICE, "85")
    client.force_login(cast.office_staff)
    assertRedirects(client.post(close_url(cast), {"comment": "整改到位"}), evaluation_url(cast))
    assert cast.refresh().phase == Phase.CLOSED


def test_closing_without_an_evaluation_is_refused_with_the_reason(client_in_english, cast):
    flows.in_evaluation(cast)
    client_in_english.force_login(cast.office_staff)
    response = client_in_english.post(close_url(cast), {"comment": ""})
    assert response.status_code == 400
    assert errors_shown(response, "close_form") == [
        "Record at least one evaluation before closing."
    ]
    assert cast.refresh().phase == Phase.EVALUATION


def test_the_liaison_never_sees_the_evaluation(client, cast):
    flows.in_evaluation(cast)
    evaluate(cast, Party.OFFICE, "85")
    client.force_login(cast.liaison)
    assert client.get(evaluation_url(cast)).status_code == 404
    assert (
        client.post(evaluation_url(cast), evaluation_data(Party.INSPECTION_TEAM)).status_code == 404
    )
    assert Evaluation.objects.count() == 1


@pytest.mark.parametrize("person", ["outsider", "other liaison"], indirect=True)
def test_the_evaluation_is_not_found_outside_the_assignment(client, cast, person):
    flows.in_evaluation(cast)
    client.force_login(person)
    assert client.get(evaluation_url(cast)).status_code == 404
    assert client.post(begin_url(cast)).status_code == 404
    assert client.post(close_url(cast)).status_code == 404


def test_staff_of_another_office_do_not_find_the_evaluation(client, cast, other_cast):
    flows.in_evaluation(cast)
    client.force_login(other_cast.office_staff)
    assert client.get(evaluation_url(cast)).status_code == 404


@pytest.mark.parametrize("person", ["leadership", "leader", "member"], indirect=True)
def test_the_leadership_and_the_team_read_the_evaluation_without_acting(client, cast, person):
    flows.in_evaluation(cast)
    evaluate(cast, Party.OFFICE, "85")
    client.force_login(person)
    response = client.get(evaluation_url(cast))
    assert response.status_code == 200
    assert response.context["result"].score == Decimal("85.0")
    assert not (response.context["may_record"] or response.context["may_close"])
    assert (
        client.post(evaluation_url(cast), evaluation_data(Party.INSPECTION_TEAM)).status_code == 403
    )
    assert client.post(close_url(cast)).status_code == 403
    assert Evaluation.objects.count() == 1
    assert cast.refresh().phase == Phase.EVALUATION


# The panel on the rectification page -----------------------------------------------------


def test_the_panel_shows_each_filing_date_and_what_is_not_yet_filed(cast, english):
    flows.submitted_plan(cast)
    services.filing_record(
        assignment=cast.assignment,
        by=cast.office_staff,
        document=Filing.Document.PLAN,
        party=FilingParty.OFFICE,
        filed_on=timezone.localdate(),
    )
    context, html = panel(cast.office_staff, cast)
    plan_row, report_row = context["checks"]["filing_grid"]
    assert [filing is not None for filing in plan_row["cells"]] == [False] * 4 + [True]
    assert not any(report_row["cells"])
    assert timezone.localdate().isoformat() in html
    assert html.count("not filed<") == 9


def test_the_panel_links_the_filed_report_and_its_signed_copy(cast):
    flows.submitted_plan(cast)
    report = services.report_file(
        assignment=cast.assignment,
        by=cast.liaison,
        kind=RectificationReport.Kind.UNIT,
        text=REPORT_TEXT,
        author_name=SIGNED_BY,
        file=flows.pdf(),
    )
    _context, html = panel(cast.liaison, cast)
    assert reverse("rectification:report_download", args=[report.pk]) in html
    assert report_url(cast, "top_official") in html


def test_the_panel_offers_filing_to_the_office_and_not_to_the_liaison(cast):
    flows.submitted_plan(cast)
    assert filing_url(cast) in panel(cast.office_staff, cast)[1]
    assert filing_url(cast) not in panel(cast.liaison, cast)[1]


def test_the_panel_shows_the_evaluation_to_the_office_and_never_to_the_liaison(cast):
    flows.in_evaluation(cast)
    evaluate(cast, Party.OFFICE, "85")
    office_context, office_html = panel(cast.office_staff, cast)
    assert office_context["checks"]["evaluation"].score == Decimal("85.0")
    assert evaluation_url(cast) in office_html
    liaison_context, liaison_html = panel(cast.liaison, cast)
    assert liaison_context["checks"]["evaluation"] is None
    assert evaluation_url(cast) not in liaison_html
