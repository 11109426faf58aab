"""Suggestions, issuing feedback and its document: the office issues feedback while reporting,
the PDF is made in the same request and kept with the feedback, and the unit's liaison opens
both, seeing only what was fed back."""

import io
import os
import re
import socket
import sys
import uuid
from html import unescape

import pytest
from django.urls import reverse
from pypdf import PdfReader
from pytest_django.asserts import assertRedirects

from core.errors import DomainError
from rounds import documents, services
from rounds.models import Assignment, Feedback, Finding, Suggestion
from tests import factories, flows
from tests.factories import FEEDBACK_ON
from xunshi import config

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

Phase = Assignment.Phase
RECIPIENTS = "城关镇党委领导班子"
TOP_OFFICIAL = "赵书记"
STATEMENTS = "出纳员称：款项由镇长口头指示支付。"
RULE = "《中国共产党纪律处分条例》第一百二十一条"
EVIDENCE_TITLE = "党委会会议记录扫描件.pdf"
SUGGESTION = "健全“三重一大”集体决策机制，严格执行议事规则。"


# helpers ---------------------------------------------------------------------------------


def require_pdf_library():
    """Skip a test that makes a real PDF where WeasyPrint cannot load (no Pango), unless
    XUNSHI_REQUIRE_SERVICES is set, as CI does: there a missing library is an error."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        reason = (
            f"WeasyPrint cannot load ({error}); apt-get install libpango-1.0-0 libpangoft2-1.0-0"
        )
        if config.read_bool(os.environ, "XUNSHI_REQUIRE_SERVICES", default=False):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)


@pytest.fixture
def pdf_library():
    require_pdf_library()


def form_url(cast):
    return reverse("rounds:feedback_create", args=[cast.assignment.pk])


def feedback_url(feedback):
    return reverse("rounds:feedback", args=[feedback.pk])


def document_url(feedback):
    return reverse("rounds:feedback_document", args=[feedback.pk])


def generate_url(feedback):
    return reverse("rounds:feedback_document_generate", args=[feedback.pk])


def suggestion_url(cast):
    return reverse("rounds:suggestion_create", args=[cast.assignment.pk])


def assignment_url(cast):
    return reverse("rounds:assignment", args=[cast.assignment.pk])


def issue_data(findings=(), suggestions=(), *, token=None, **changes):
    data = {
        "submission": str(token or uuid.uuid4()),
        "findings": [finding.pk for finding in findings],
        "suggestions": [suggestion.pk for suggestion in suggestions],
        "delivered_on": FEEDBACK_ON.isoformat(),
        "recipients": RECIPIENTS,
        "top_official": TOP_OFFICIAL,
    }
    data.update(changes)
    return data


def pdf_text(content):
    """The document's text without white space, which line breaks put anywhere in Chinese."""
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return squeezed(text)


def squeezed(text):
    return re.sub(r"\s+", "", text)


def streamed(response):
    return b"".join(response.streaming_content)


def errors_shown(response):
    return [unescape(str(error)) for error in response.context["form"].non_field_errors()]


def names_of_the_team(cast):
    return [person.profile.name for person in (cast.leader, cast.deputy, cast.member)]


@pytest.fixture
def reporting_with_finding(cast):
    """An assignment reporting, with one accepted finding whose working paper holds statements,
    a rule, internal evidence and a lead: all things the unit must never get in the document."""
    finding = flows.accepted_finding(cast, statements=STATEMENTS, breached_rule=RULE)
    factories.EvidenceFactory(finding=finding, title=EVIDENCE_TITLE, uploaded_by=cast.member)
    flows.registered_lead(cast)
    flows.reporting(cast)
    return finding


@pytest.fixture
def fake_pdf(monkeypatch):
    """A stand-in renderer for tests about the pages, not about the document's content."""
    monkeypatch.setattr(documents, "render_pdf", lambda html: flows.PDF_BYTES)


@pytest.fixture
def broken_pdf(monkeypatch):
    def fail(html):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(documents, "render_pdf", fail)


@pytest.fixture
def person(request, cast):
    """The person of the cast named by the test's parameter; "leadership" is made here."""
    if request.param == "leadership":
        return factories.ProfileFactory(office=cast.office, is_leadership=True).user
    return getattr(cast, request.param)


# The form --------------------------------------------------------------------------------


def test_the_form_ticks_every_accepted_finding_and_no_suggestion(
    client, cast, reporting_with_finding
):
    second = flows.accepted_finding(cast)
    services.suggestion_add(assignment=cast.assignment, by=cast.leader, text=SUGGESTION)
    client.force_login(cast.office_staff)
    response = client.get(form_url(cast))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["findings"].value() == [reporting_with_finding.pk, second.pk]
    assert not form["suggestions"].value()
    assert SUGGESTION in response.text


def test_the_form_offers_only_accepted_findings_of_the_assignment(client, cast, other_cast):
    accepted = flows.accepted_finding(cast)
    signed = flows.signed_finding(cast)
    flows.reporting(cast)
    flows.accepted_finding(other_cast)
    client.force_login(cast.office_staff)
    offered = set(client.get(form_url(cast)).context["form"].fields["findings"].queryset)
    assert offered == {accepted}
    assert signed not in offered


def test_the_form_proposes_the_leading_group_of_the_target_as_recipients(
    client_in_english, cast, reporting_with_finding
):
    client_in_english.force_login(cast.office_staff)
    form = client_in_english.get(form_url(cast)).context["form"]
    assert form["recipients"].value() == f"{cast.assignment.target.name} leading group"


def test_the_form_of_an_assignment_not_yet_reporting_says_so(client_in_english, cast):
    flows.on_site(cast)
    client_in_english.force_login(cast.office_staff)
    response = client_in_english.get(form_url(cast))
    assert response.status_code == 200
    assert "Feedback is issued while the assignment is reporting; it is in on site." in (
        unescape(response.text)
    )


def test_once_feedback_is_issued_the_form_leads_to_it(client, cast):
    feedback = flows.fed_back(cast)
    client.force_login(cast.office_staff)
    assertRedirects(client.get(form_url(cast)), feedback_url(feedback))


# Issuing ---------------------------------------------------------------------------------


def test_the_office_issues_feedback_and_is_sent_to_its_page(
    client, cast, reporting_with_finding, fake_pdf
):
    client.force_login(cast.office_staff)
    response = client.post(form_url(cast), issue_data([reporting_with_finding]))
    feedback = Feedback.objects.get(assignment=cast.assignment)
    assertRedirects(response, feedback_url(feedback))
    assert (feedback.delivered_on, feedback.recipients, feedback.top_official) == (
        FEEDBACK_ON,
        RECIPIENTS,
        TOP_OFFICIAL,
    )
    reporting_with_finding.refresh_from_db()
    assert reporting_with_finding.status == Finding.Status.FED_BACK
    assert cast.refresh().phase == Phase.FEEDBACK


def test_the_chosen_suggestions_go_with_the_feedback_and_the_others_stay(
    client, cast, reporting_with_finding, fake_pdf
):
    chosen = services.suggestion_add(assignment=cast.assignment, by=cast.leader, text=SUGGESTION)
    left = services.suggestion_add(assignment=cast.assignment, by=cast.deputy, text="另一条建议")
    client.force_login(cast.office_staff)
    client.post(form_url(cast), issue_data([reporting_with_finding], [chosen]))
    feedback = Feedback.objects.get()
    assert set(feedback.suggestions.all()) == {chosen}
    left.refresh_from_db()
    assert left.feedback is None


def test_issuing_feedback_stores_its_document_as_a_pdf(
    client, cast, reporting_with_finding, pdf_library
):
    client.force_login(cast.office_staff)
    client.post(form_url(cast), issue_data([reporting_with_finding]))
    feedback = Feedback.objects.get()
    assert feedback.document.name.endswith(".pdf")
    with feedback.document.open("rb") as stored:
        assert stored.read().startswith(b"%PDF-")


def test_the_document_is_served_inline_as_a_pdf(client, cast, reporting_with_finding, pdf_library):
    client.force_login(cast.office_staff)
    client.post(form_url(cast), issue_data([reporting_with_finding]))
    response = client.get(document_url(Feedback.objects.get()))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert streamed(response).startswith(b"%PDF-")


def test_the_document_leaves_out_the_policy_that_blocks_older_pdf_viewers(
    client, cast, reporting_with_finding, fake_pdf
):
    client.force_login(cast.office_staff)
    client.post(form_url(cast), issue_data([reporting_with_finding]))
    feedback = Feedback.objects.get()
    document = client.get(document_url(feedback))
    streamed(document)
    assert "Content-Security-Policy" not in document
    assert document["X-Content-Type-Options"] == "nosniff"
    assert document["X-Frame-Options"] == "DENY"
    assert "object-src 'none'" in client.get(feedback_url(feedback))["Content-Security-Policy"]


def test_the_document_holds_the_target_the_findings_and_the_suggestions(
    client, cast, reporting_with_finding, pdf_library
):
    suggestion = services.suggestion_add(
        assignment=cast.assignment, by=cast.leader, text=SUGGESTION
    )
    client.force_login(cast.office_staff)
    client.post(form_url(cast), issue_data([reporting_with_finding], [suggestion]))
    text = pdf_text(streamed(client.get(document_url(Feedback.objects.get()))))
    for expected in (
        cast.assignment.target.name,
        reporting_with_finding.number,
        reporting_with_finding.title,
        reporting_with_finding.category.name,
        reporting_with_finding.summary,
        SUGGESTION,
        cast.office.name,
        RECIPIENTS,
        TOP_OFFICIAL,
    ):
        assert squeezed(expected) in text


def test_feedback_without_accepted_findings_is_refused_with_the_reason(client_in_english, cast):
    flows.reporting(cast)
    client_in_english.force_login(cast.office_staff)
    response = client_in_english.post(form_url(cast), issue_data())
    assert response.status_code == 400
    assert errors_shown(response) == ["Choose at least one accepted finding to feed back."]
    assert response.context["form"]["top_official"].value() == TOP_OFFICIAL
    assert not Feedback.objects.exists()
    assert cast.refresh().phase == Phase.REPORTING


def test_unticking_every_finding_is_refused_and_nothing_changes(
    client_in_english, cast, reporting_with_finding
):
    client_in_english.force_login(cast.office_staff)
    response = client_in_english.post(form_url(cast), issue_data())
    assert response.status_code == 400
    assert errors_shown(response) == ["Choose at least one accepted finding to feed back."]
    reporting_with_finding.refresh_from_db()
    assert reporting_with_finding.status == Finding.Status.ACCEPTED


def test_feedback_dated_in_the_future_is_refused_keeping_the_choice(
    client_in_english, cast, reporting_with_finding
):
    client_in_english.force_login(cast.office_staff)
    response = client_in_english.post(
        form_url(cast), issue_data([reporting_with_finding], delivered_on="2999-01-01")
    )
    assert response.status_code == 400
    assert errors_shown(response) == ["Feedback cannot be dated in the future."]
    assert response.context["form"]["findings"].value() == [str(reporting_with_finding.pk)]
    assert not Feedback.objects.exists()


def test_feedback_while_on_site_is_refused_with_the_reason(client_in_english, cast):
    finding = flows.accepted_finding(cast)
    client_in_english.force_login(cast.office_staff)
    response = client_in_english.post(form_url(cast), issue_data([finding]))
    assert response.status_code == 400
    assert errors_shown(response) == [
        "Feedback is issued after reporting; this assignment is in on site."
    ]


def test_a_second_press_of_the_button_issues_one_feedback(
    client, cast, reporting_with_finding, fake_pdf
):
    client.force_login(cast.office_staff)
    data = issue_data([reporting_with_finding])
    first = client.post(form_url(cast), data)
    second = client.post(form_url(cast), data)
    feedback = Feedback.objects.get()
    assertRedirects(first, feedback_url(feedback))
    assertRedirects(second, feedback_url(feedback))


NOT_OFFICE_STAFF = [
    "leadership",
    "leader",
    "deputy",
    "member",
    "liaison",
    "receiving_officer",
    "outsider",
]


@pytest.mark.parametrize("person", NOT_OFFICE_STAFF, indirect=True)
def test_no_one_but_office_staff_opens_the_feedback_form(
    client, cast, reporting_with_finding, person
):
    client.force_login(person)
    assert client.get(form_url(cast)).status_code == 404


@pytest.mark.parametrize("person", NOT_OFFICE_STAFF, indirect=True)
def test_no_one_but_office_staff_issues_feedback(client, cast, reporting_with_finding, person):
    client.force_login(person)
    response = client.post(form_url(cast), issue_data([reporting_with_finding]))
    assert response.status_code == 404
    assert not Feedback.objects.exists()
    reporting_with_finding.refresh_from_db()
    assert reporting_with_finding.status == Finding.Status.ACCEPTED


def test_staff_of_another_office_cannot_issue_feedback(
    client, cast, other_cast, reporting_with_finding
):
    client.force_login(other_cast.office_staff)
    response = client.post(form_url(cast), issue_data([reporting_with_finding]))
    assert response.status_code == 404
    assert not Feedback.objects.exists()


def test_a_finding_of_another_assignment_cannot_be_slipped_in(client, cast, reporting_with_finding):
    elsewhere = factories.AssignmentFactory(round=cast.round, team=cast.team)
    other = factories.FindingFactory(assignment=elsewhere, category=cast.category)
    client.force_login(cast.office_staff)
    response = client.post(form_url(cast), issue_data([reporting_with_finding, other]))
    assert response.status_code == 400
    assert not Feedback.objects.exists()


# When the document cannot be made --------------------------------------------------------


def test_a_failing_document_keeps_the_feedback_and_says_so(
    client_in_english, cast, reporting_with_finding, broken_pdf
):
    client_in_english.force_login(cast.office_staff)
    response = client_in_english.post(
        form_url(cast), issue_data([reporting_with_finding]), follow=True
    )
    feedback = Feedback.objects.get()
    assert response.redirect_chain == [(feedback_url(feedback), 302)]
    assert not feedback.document
    assert cast.refresh().phase == Phase.FEEDBACK
    shown = [message.message for message in response.context["messages"]]
    assert "Feedback issued." in shown
    assert any(text.startswith("The feedback document could not be generated") for text in shown)
    assert "The feedback document could not be generated." in response.text
    assert generate_url(feedback) in response.text


def test_the_document_of_feedback_without_one_is_not_found(
    client, cast, reporting_with_finding, broken_pdf
):
    client.force_login(cast.office_staff)
    client.post(form_url(cast), issue_data([reporting_with_finding]))
    assert client.get(document_url(Feedback.objects.get())).status_code == 404


def test_the_office_generates_the_document_again(
    client, cast, reporting_with_finding, monkeypatch, pdf_library
):
    def fail(html):
        raise OSError("no pango")

    monkeypatch.setattr(documents, "render_pdf", fail)
    client.force_login(cast.office_staff)
    client.post(form_url(cast), issue_data([reporting_with_finding]))
    feedback = Feedback.objects.get()
    monkeypatch.undo()

    response = client.post(generate_url(feedback))
    assertRedirects(response, feedback_url(feedback))
    feedback.refresh_from_db()
    with feedback.document.open("rb") as stored:
        assert stored.read().startswith(b"%PDF-")
    assert generate_url(feedback) not in client.get(feedback_url(feedback)).text


def test_a_document_once_generated_is_not_replaced(client, cast, reporting_with_finding, fake_pdf):
    client.force_login(cast.office_staff)
    client.post(form_url(cast), issue_data([reporting_with_finding]))
    feedback = Feedback.objects.get()
    name = feedback.document.name
    client.post(generate_url(feedback))
    feedback.refresh_from_db()
    assert feedback.document.name == name


@pytest.mark.parametrize("person", ["leadership", "leader", "liaison"], indirect=True)
def test_no_one_but_the_office_generates_the_document(
    client, cast, reporting_with_finding, broken_pdf, person, monkeypatch
):
    client.force_login(cast.office_staff)
    client.post(form_url(cast), issue_data([reporting_with_finding]))
    feedback = Feedback.objects.get()
    monkeypatch.setattr(documents, "render_pdf", lambda html: flows.PDF_BYTES)
    client.force_login(person)
    assert generate_url(feedback) not in client.get(feedback_url(feedback)).text
    assert client.post(generate_url(feedback)).status_code == 404
    feedback.refresh_from_db()
    assert not feedback.document


def test_without_pango_the_renderer_says_pdf_cannot_be_made(english, monkeypatch):
    # A module set to None in sys.modules makes its import fail, as a missing Pango does.
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(DomainError) as refused:
        documents.render_pdf("<p>反馈意见</p>")
    assert refused.value.message == (
        "PDF documents cannot be made on this server: its PDF library is not installed."
    )


def test_the_renderer_fetches_nothing_from_outside(monkeypatch, caplog, pdf_library):
    def no_network(*args, **kwargs):
        raise AssertionError("the document tried to reach the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    html = (
        '<link rel="stylesheet" href="https://fonts.example.com/noto.css">'
        '<img src="http://example.com/seal.png"><img src="file:///etc/hostname">'
        "<p>反馈意见</p>"
    )
    assert documents.render_pdf(html).startswith(b"%PDF-")
    refused = [r.getMessage() for r in caplog.records if "fetches nothing" in r.getMessage()]
    assert len(refused) == 3


def test_the_document_is_numbered_in_chinese():
    assert [documents.chinese_numeral(n) for n in (1, 2, 10, 11, 20, 35)] == [
        "一",
        "二",
        "十",
        "十一",
        "二十",
        "三十五",
    ]


# The feedback page, for the office, the team and the unit --------------------------------


@pytest.fixture
def issued(client, cast, reporting_with_finding, pdf_library):
    """Feedback issued through the page, with its document and one suggestion."""
    suggestion = services.suggestion_add(
        assignment=cast.assignment, by=cast.leader, text=SUGGESTION
    )
    client.force_login(cast.office_staff)
    client.post(form_url(cast), issue_data([reporting_with_finding], [suggestion]))
    client.logout()
    return Feedback.objects.get()


@pytest.mark.parametrize(
    "person", ["office_staff", "leadership", "leader", "member", "liaison"], indirect=True
)
def test_the_office_the_team_and_the_unit_open_the_feedback_page(
    client, cast, issued, reporting_with_finding, person
):
    client.force_login(person)
    response = client.get(feedback_url(issued))
    assert response.status_code == 200
    assert list(response.context["findings"]) == [reporting_with_finding]
    assert [s.text for s in response.context["suggestions"]] == [SUGGESTION]
    assert document_url(issued) in response.text


def test_the_liaison_opens_the_document_addressed_to_the_unit(client, cast, issued):
    client.force_login(cast.liaison)
    response = client.get(document_url(issued))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(streamed(response))
    assert cast.assignment.target.name in text
    assert SUGGESTION in text


def test_the_document_leaves_out_evidence_statements_rules_the_team_and_leads(client, cast, issued):
    client.force_login(cast.liaison)
    text = pdf_text(streamed(client.get(document_url(issued))))
    lead = cast.assignment.leads.get()
    never = [
        STATEMENTS,
        RULE,
        EVIDENCE_TITLE,
        cast.team.name,
        lead.subject_name,
        lead.summary,
        lead.number,
        cast.office_staff.profile.name,
        *names_of_the_team(cast),
    ]
    assert [words for words in never if squeezed(words) in text] == []


def test_the_unit_does_not_see_who_issued_the_feedback(client, cast, issued):
    client.force_login(cast.liaison)
    response = client.get(feedback_url(issued))
    assert cast.office_staff.profile.name not in response.text
    client.force_login(cast.leader)
    assert cast.office_staff.profile.name in client.get(feedback_url(issued)).text


@pytest.mark.parametrize("person", ["receiving_officer", "outsider"], indirect=True)
def test_people_without_a_part_in_the_assignment_get_no_feedback(client, cast, issued, person):
    client.force_login(person)
    assert client.get(feedback_url(issued)).status_code == 404
    assert client.get(document_url(issued)).status_code == 404


def test_feedback_of_another_office_is_not_found(client, cast, other_cast, issued):
    for user in (other_cast.office_staff, other_cast.liaison):
        client.force_login(user)
        assert client.get(feedback_url(issued)).status_code == 404
        assert client.get(document_url(issued)).status_code == 404
        assert client.post(generate_url(issued)).status_code == 404


def test_a_feedback_id_that_does_not_exist_is_not_found(client, cast):
    client.force_login(cast.office_staff)
    assert client.get(reverse("rounds:feedback", args=[987654])).status_code == 404
    assert client.get(reverse("rounds:feedback_document", args=[987654])).status_code == 404


# Suggestions -----------------------------------------------------------------------------


def suggestion_data(text=SUGGESTION, token=None):
    return {"submission": str(token or uuid.uuid4()), "text": text}


@pytest.mark.parametrize("person", ["leader", "deputy", "office_staff"], indirect=True)
def test_the_leaders_and_the_office_add_a_suggestion(client, cast, person):
    flows.on_site(cast)
    client.force_login(person)
    assert client.get(suggestion_url(cast)).status_code == 200
    response = client.post(suggestion_url(cast), suggestion_data())
    assertRedirects(response, assignment_url(cast))
    suggestion = Suggestion.objects.get()
    assert (suggestion.text, suggestion.created_by) == (SUGGESTION, person)


@pytest.mark.parametrize(
    "person", ["member", "leadership", "liaison", "receiving_officer", "outsider"], indirect=True
)
def test_others_cannot_add_a_suggestion(client, cast, person):
    flows.on_site(cast)
    client.force_login(person)
    assert client.get(suggestion_url(cast)).status_code == 404
    assert client.post(suggestion_url(cast), suggestion_data()).status_code == 404
    assert not Suggestion.objects.exists()


def test_an_empty_suggestion_is_refused_with_the_reason(client_in_english, cast):
    flows.on_site(cast)
    client_in_english.force_login(cast.leader)
    response = client_in_english.post(suggestion_url(cast), suggestion_data(text="   "))
    assert response.status_code == 400
    assert errors_shown(response) == ["A suggestion cannot be empty."]
    assert not Suggestion.objects.exists()


def test_a_second_press_adds_one_suggestion(client, cast):
    flows.on_site(cast)
    client.force_login(cast.leader)
    data = suggestion_data()
    client.post(suggestion_url(cast), data)
    client.post(suggestion_url(cast), data)
    assert Suggestion.objects.count() == 1


def test_suggestions_close_once_feedback_is_issued(client_in_english, cast):
    flows.fed_back(cast)
    client_in_english.force_login(cast.leader)
    response = client_in_english.post(suggestion_url(cast), suggestion_data())
    assert response.status_code == 400
    assert errors_shown(response) == ["Feedback has been issued; suggestions are closed."]


# The assignment page ---------------------------------------------------------------------


def test_the_office_gets_the_feedback_button_while_reporting(client, cast, reporting_with_finding):
    client.force_login(cast.office_staff)
    response = client.get(assignment_url(cast))
    assert form_url(cast) in response.text
    assert suggestion_url(cast) in response.text


def test_the_office_gets_no_feedback_button_on_site(client, cast):
    flows.on_site(cast)
    client.force_login(cast.office_staff)
    assert form_url(cast) not in client.get(assignment_url(cast)).text


@pytest.mark.parametrize("person", ["leader", "deputy"], indirect=True)
def test_the_leaders_get_the_suggestion_link_but_not_the_feedback_button(
    client, cast, reporting_with_finding, person
):
    services.suggestion_add(assignment=cast.assignment, by=cast.leader, text=SUGGESTION)
    client.force_login(person)
    response = client.get(assignment_url(cast))
    assert suggestion_url(cast) in response.text
    assert SUGGESTION in response.text
    assert form_url(cast) not in response.text


def test_a_member_sees_the_suggestions_but_gets_no_link_to_add_one(
    client, cast, reporting_with_finding
):
    services.suggestion_add(assignment=cast.assignment, by=cast.leader, text=SUGGESTION)
    client.force_login(cast.member)
    response = client.get(assignment_url(cast))
    assert SUGGESTION in response.text
    assert suggestion_url(cast) not in response.text


def test_the_unit_finds_its_feedback_from_the_assignment_page(client, cast, issued):
    kept = factories.SuggestionFactory(assignment=cast.assignment, text="未反馈的内部建议")
    client.force_login(cast.liaison)
    response = client.get(assignment_url(cast))
    assert response.status_code == 200
    assert feedback_url(issued) in response.text
    assert kept.text not in response.text
    assert suggestion_url(cast) not in response.text
    assert form_url(cast) not in response.text
