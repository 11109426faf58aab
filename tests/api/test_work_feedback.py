"""/api/v1/suggestions/ and /api/v1/feedback/: suggestions before feedback, issuing feedback with
its document, and what the inspected unit reads of both."""

import pytest

from rounds import documents, services
from rounds.models import Assignment, Feedback, Finding, Suggestion
from tests import factories, flows
from tests.factories import FEEDBACK_ON

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

Phase = Assignment.Phase
FEEDBACK = "/api/v1/feedback/"
SUGGESTIONS = "/api/v1/suggestions/"
SUGGESTION = "健全“三重一大”集体决策机制，严格执行议事规则。"


def feedback_url(feedback, action=None):
    return f"{FEEDBACK}{feedback.pk}/" + (f"{action}/" if action else "")


def listed(response):
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def streamed(response):
    return b"".join(response.streaming_content)


@pytest.fixture
def fake_pdf(monkeypatch):
    """A stand-in renderer: these tests are about the API, not the document's content."""
    monkeypatch.setattr(documents, "render_pdf", lambda html: flows.PDF_BYTES)


@pytest.fixture
def broken_pdf(monkeypatch):
    def fail(html):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(documents, "render_pdf", fail)


@pytest.fixture
def reporting_with_finding(cast):
    finding = flows.accepted_finding(cast)
    flows.reporting(cast)
    return finding


def issue(cast, findings, **changes):
    data = {
        "assignment": cast.assignment.pk,
        "delivered_on": FEEDBACK_ON.isoformat(),
        "recipients": "城关镇党委领导班子",
        "top_official": "赵书记",
        "findings": [finding.pk for finding in findings],
    }
    data.update(changes)
    return data


# Issuing feedback ------------------------------------------------------------------------


def test_the_office_issues_feedback_with_its_document(
    api_as, cast, reporting_with_finding, fake_pdf
):
    response = api_as(cast.office_staff).post(
        FEEDBACK, issue(cast, [reporting_with_finding]), format="json"
    )
    assert response.status_code == 201
    feedback = Feedback.objects.get(assignment=cast.assignment)
    body = response.json()
    assert (body["id"], body["findings"]) == (feedback.pk, [reporting_with_finding.pk])
    assert body["document"] == f"http://testserver{feedback_url(feedback, 'document')}"
    reporting_with_finding.refresh_from_db()
    assert reporting_with_finding.status == Finding.Status.FED_BACK
    assert cast.refresh().phase == Phase.FEEDBACK


def test_the_chosen_suggestions_go_with_the_feedback(
    api_as, cast, reporting_with_finding, fake_pdf
):
    chosen = services.suggestion_add(assignment=cast.assignment, by=cast.leader, text=SUGGESTION)
    services.suggestion_add(assignment=cast.assignment, by=cast.deputy, text="另一条建议")
    response = api_as(cast.office_staff).post(
        FEEDBACK, issue(cast, [reporting_with_finding], suggestions=[chosen.pk]), format="json"
    )
    assert response.json()["suggestions"] == [chosen.pk]


def test_feedback_stands_when_its_document_cannot_be_made(
    api_as, cast, reporting_with_finding, broken_pdf
):
    response = api_as(cast.office_staff).post(
        FEEDBACK, issue(cast, [reporting_with_finding]), format="json"
    )
    assert response.status_code == 201
    assert (response.json()["document"], response.json()["may_generate_document"]) == (None, True)
    assert cast.refresh().phase == Phase.FEEDBACK


def test_the_office_generates_a_missing_document_again(
    api_as, cast, reporting_with_finding, monkeypatch
):
    monkeypatch.setattr(documents, "render_pdf", lambda html: 1 / 0)
    client = api_as(cast.office_staff)
    client.post(FEEDBACK, issue(cast, [reporting_with_finding]), format="json")
    feedback = Feedback.objects.get()
    monkeypatch.setattr(documents, "render_pdf", lambda html: flows.PDF_BYTES)
    response = client.post(feedback_url(feedback, "document"))
    assert response.status_code == 200
    assert response.json()["may_generate_document"] is False
    feedback.refresh_from_db()
    with feedback.document.open("rb") as stored:
        assert stored.read() == flows.PDF_BYTES


def test_a_document_once_generated_is_not_replaced(api_as, cast, reporting_with_finding, fake_pdf):
    client = api_as(cast.office_staff)
    client.post(FEEDBACK, issue(cast, [reporting_with_finding]), format="json")
    feedback = Feedback.objects.get()
    name = feedback.document.name
    response = client.post(feedback_url(feedback, "document"))
    assert response.status_code == 409
    assert response.json()["code"] == "document"
    feedback.refresh_from_db()
    assert feedback.document.name == name


def test_the_liaison_may_not_generate_the_document(api_as, cast, broken_pdf):
    feedback = flows.fed_back(cast)
    response = api_as(cast.liaison).post(feedback_url(feedback, "document"))
    assert response.status_code == 403
    feedback.refresh_from_db()
    assert not feedback.document


def test_the_leader_may_not_issue_feedback(api_as, cast, reporting_with_finding):
    response = api_as(cast.leader).post(
        FEEDBACK, issue(cast, [reporting_with_finding]), format="json"
    )
    assert response.status_code == 403
    assert not Feedback.objects.exists()


def test_feedback_while_on_site_is_a_conflict(api_as, cast):
    finding = flows.accepted_finding(cast)
    response = api_as(cast.office_staff).post(FEEDBACK, issue(cast, [finding]), format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_feedback_without_findings_names_the_field(api_as, cast, reporting_with_finding):
    response = api_as(cast.office_staff).post(FEEDBACK, issue(cast, []), format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "findings": ["Choose at least one accepted finding to feed back."]
    }


def test_feedback_without_its_fields_names_each_one(api_as, cast):
    response = api_as(cast.office_staff).post(FEEDBACK, {}, format="json")
    assert set(response.json()["errors"]) == {
        "assignment",
        "delivered_on",
        "recipients",
        "top_official",
        "findings",
    }


def test_feedback_with_a_date_that_is_not_a_date_is_refused(api_as, cast, reporting_with_finding):
    response = api_as(cast.office_staff).post(
        FEEDBACK, issue(cast, [reporting_with_finding], delivered_on="15/07/2024"), format="json"
    )
    assert response.status_code == 400
    assert "delivered_on" in response.json()["errors"]


def test_feedback_dated_in_the_future_is_refused(api_as, cast, reporting_with_finding):
    response = api_as(cast.office_staff).post(
        FEEDBACK, issue(cast, [reporting_with_finding], delivered_on="2999-01-01"), format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "dates"


def test_a_finding_of_another_office_does_not_exist_for_the_office(
    api_as, cast, other_cast, reporting_with_finding
):
    foreign = flows.accepted_finding(other_cast)
    response = api_as(cast.office_staff).post(
        FEEDBACK, issue(cast, [reporting_with_finding, foreign]), format="json"
    )
    assert response.status_code == 400
    assert "findings" in response.json()["errors"]
    assert not Feedback.objects.exists()


# Reading feedback ------------------------------------------------------------------------

SEES_FEEDBACK = {
    "office_staff": True,
    "leadership": True,
    "leader": True,
    "member": True,
    "liaison": True,
    "receiving_officer": False,
    "outsider": False,
    "other office_staff": False,
}


@pytest.mark.parametrize("person", SEES_FEEDBACK, indirect=True)
def test_the_office_the_team_and_the_unit_list_the_feedback(api_as, cast, person, request):
    feedback = flows.fed_back(cast)
    role = request.node.callspec.params["person"]
    expected = {feedback.pk} if SEES_FEEDBACK[role] else set()
    assert listed(api_as(person).get(FEEDBACK)) == expected


def test_the_unit_reads_its_feedback_without_who_issued_it(api_as, cast):
    suggestion = services.suggestion_add(
        assignment=cast.assignment, by=cast.leader, text=SUGGESTION
    )
    feedback = flows.fed_back(cast, suggestions=[suggestion])
    response = api_as(cast.liaison).get(feedback_url(feedback))
    body = response.json()
    assert (body["as_unit"], body["issued_by_name"], body["issued_at"]) == (True, None, None)
    assert body["findings"] == [feedback.findings.get().pk]
    assert body["suggestions"] == [suggestion.pk]
    assert cast.office_staff.profile.name not in response.content.decode()


def test_the_team_reads_who_issued_the_feedback(api_as, cast):
    feedback = flows.fed_back(cast)
    body = api_as(cast.leader).get(feedback_url(feedback)).json()
    assert body["issued_by_name"] == cast.office_staff.profile.name


def test_feedback_of_another_office_is_not_found(api_as, cast, other_cast):
    feedback = flows.fed_back(cast)
    assert api_as(other_cast.liaison).get(feedback_url(feedback)).status_code == 404


def test_the_liaison_opens_the_document_addressed_to_the_unit(
    api_as, cast, reporting_with_finding, fake_pdf
):
    api_as(cast.office_staff).post(FEEDBACK, issue(cast, [reporting_with_finding]), format="json")
    response = api_as(cast.liaison).get(feedback_url(Feedback.objects.get(), "document"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert streamed(response) == flows.PDF_BYTES


def test_a_document_not_yet_generated_is_not_found(api_as, cast):
    feedback = flows.fed_back(cast)
    response = api_as(cast.office_staff).get(feedback_url(feedback, "document"))
    assert response.status_code == 404


def test_the_document_of_another_office_is_not_found(api_as, cast, other_cast, fake_pdf):
    feedback = flows.fed_back(cast)
    services.feedback_attach_document(feedback=feedback, by=cast.office_staff, pdf=flows.PDF_BYTES)
    response = api_as(other_cast.office_staff).get(feedback_url(feedback, "document"))
    assert response.status_code == 404


def add_feedback(cast, count):
    """Feedback to different targets, each with a fed-back finding and a suggestion."""
    for _ in range(count):
        assignment = factories.AssignmentFactory(
            round=cast.round,
            team=cast.team,
            target=factories.TargetFactory(office=cast.office),
            phase=Phase.FEEDBACK,
        )
        feedback = factories.FeedbackFactory(
            assignment=assignment, issued_by=factories.OfficeStaffFactory(office=cast.office).user
        )
        factories.FindingFactory(
            assignment=assignment,
            category=factories.FindingCategoryFactory(office=cast.office),
            status=Finding.Status.FED_BACK,
            signed_by=cast.leader,
            accepted_by=cast.office_staff,
            feedback=feedback,
        )
        factories.SuggestionFactory(assignment=assignment, feedback=feedback)


@pytest.mark.parametrize("rows", [1, 5])
def test_the_feedback_list_costs_the_same_for_one_row_and_for_several(
    api_as, cast, django_assert_num_queries, rows
):
    add_feedback(cast, rows)
    client = api_as(cast.office_staff)
    # token, person, the assignments reached other than through the office
    # (rounds.selectors._access), count, page, their findings, their suggestions
    with django_assert_num_queries(7):
        response = client.get(FEEDBACK)
    assert len(response.json()["results"]) == rows


# Suggestions -----------------------------------------------------------------------------


def suggestion(cast, text=SUGGESTION):
    return {"assignment": cast.assignment.pk, "text": text}


@pytest.mark.parametrize("person", ["leader", "deputy", "office_staff"], indirect=True)
def test_the_leaders_and_the_office_add_a_suggestion(api_as, cast, person):
    flows.on_site(cast)
    response = api_as(person).post(SUGGESTIONS, suggestion(cast), format="json")
    assert response.status_code == 201
    added = Suggestion.objects.get(pk=response.json()["id"])
    assert (added.text, added.created_by) == (SUGGESTION, person)


def test_a_member_may_not_add_a_suggestion(api_as, cast):
    flows.on_site(cast)
    response = api_as(cast.member).post(SUGGESTIONS, suggestion(cast), format="json")
    assert response.status_code == 403
    assert not Suggestion.objects.exists()


@pytest.mark.parametrize("person", ["outsider", "other office_staff"], indirect=True)
def test_people_who_do_not_see_the_assignment_cannot_name_it(api_as, cast, person):
    flows.on_site(cast)
    response = api_as(person).post(SUGGESTIONS, suggestion(cast), format="json")
    assert response.status_code == 400
    assert "assignment" in response.json()["errors"]


def test_an_empty_suggestion_names_the_field(api_as, cast):
    flows.on_site(cast)
    response = api_as(cast.leader).post(SUGGESTIONS, suggestion(cast, text=""), format="json")
    assert response.status_code == 400
    assert "text" in response.json()["errors"]


def test_suggestions_close_once_feedback_is_issued(api_as, cast):
    flows.fed_back(cast)
    response = api_as(cast.leader).post(SUGGESTIONS, suggestion(cast), format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "phase"


SEES_SUGGESTIONS = {
    "office_staff": {"given", "kept"},
    "leadership": {"given", "kept"},
    "leader": {"given", "kept"},
    "member": {"given", "kept"},
    "liaison": {"given"},
    "receiving_officer": set(),
    "outsider": set(),
    "other office_staff": set(),
}


@pytest.mark.parametrize("person", SEES_SUGGESTIONS, indirect=True)
def test_the_unit_lists_only_the_suggestions_given_to_it(api_as, cast, person, request):
    given = services.suggestion_add(assignment=cast.assignment, by=cast.leader, text=SUGGESTION)
    kept = services.suggestion_add(assignment=cast.assignment, by=cast.deputy, text="内部建议")
    flows.fed_back(cast, suggestions=[given])
    role = request.node.callspec.params["person"]
    rows = {"given": given.pk, "kept": kept.pk}
    assert listed(api_as(person).get(SUGGESTIONS)) == {
        rows[name] for name in SEES_SUGGESTIONS[role]
    }


def test_the_unit_does_not_see_who_wrote_a_suggestion(api_as, cast):
    given = services.suggestion_add(assignment=cast.assignment, by=cast.leader, text=SUGGESTION)
    flows.fed_back(cast, suggestions=[given])
    body = api_as(cast.liaison).get(f"{SUGGESTIONS}{given.pk}/").json()
    assert (body["text"], body["created_by_name"], body["as_unit"]) == (SUGGESTION, None, True)


def test_a_suggestion_not_given_is_not_found_by_the_unit(api_as, cast):
    flows.fed_back(cast)
    kept = factories.SuggestionFactory(assignment=cast.assignment)
    assert api_as(cast.liaison).get(f"{SUGGESTIONS}{kept.pk}/").status_code == 404


def test_the_suggestions_filter_by_whether_they_were_given(api_as, cast):
    given = services.suggestion_add(assignment=cast.assignment, by=cast.leader, text=SUGGESTION)
    kept = services.suggestion_add(assignment=cast.assignment, by=cast.deputy, text="内部建议")
    flows.fed_back(cast, suggestions=[given])
    client = api_as(cast.office_staff)
    assert listed(client.get(SUGGESTIONS, {"fed_back": "true"})) == {given.pk}
    assert listed(client.get(SUGGESTIONS, {"fed_back": "false"})) == {kept.pk}


@pytest.mark.parametrize("rows", [1, 5])
def test_the_suggestion_list_costs_the_same_for_one_row_and_for_several(
    api_as, cast, django_assert_num_queries, rows
):
    for _ in range(rows):
        factories.SuggestionFactory(
            assignment=factories.AssignmentFactory(
                round=cast.round, team=cast.team, target=factories.TargetFactory(office=cast.office)
            ),
            created_by=factories.InspectorFactory().user,
        )
    client = api_as(cast.office_staff)
    # token, person, the assignments reached other than through the office
    # (rounds.selectors._access), count, page with the authors
    with django_assert_num_queries(5):
        response = client.get(SUGGESTIONS)
    assert len(response.json()["results"]) == rows
