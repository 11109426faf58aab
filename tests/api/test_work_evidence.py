"""Evidence of a working paper through the API: listed, added (multipart) and downloaded only
where the person may see it; internal evidence never reaches the inspected unit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rounds import services
from rounds.models import Evidence
from tests import factories, flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01"


def evidence_list_url(finding):
    return f"/api/v1/findings/{finding.pk}/evidence/"


def download_url(evidence):
    return f"/api/v1/evidence/{evidence.pk}/download/"


def streamed(response):
    return b"".join(response.streaming_content)


def not_a_pdf():
    return SimpleUploadedFile("伪造.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")


def attach(cast, finding, *, internal, title="会议纪要"):
    return services.evidence_attach(
        finding=finding, by=cast.member, upload=flows.pdf(), title=title, internal=internal
    )


@pytest.fixture
def fed_back_evidence(cast):
    """A fed-back finding with one internal and one shown-to-the-unit piece of evidence."""
    finding = flows.accepted_finding(cast)
    internal = attach(cast, finding, internal=True, title="举报信原件")
    public = attach(cast, finding, internal=False)
    flows.reporting(cast)
    services.feedback_issue(
        assignment=cast.assignment,
        by=cast.office_staff,
        delivered_on=factories.FEEDBACK_ON,
        recipients="镇党委领导班子",
        top_official="张书记",
        findings=[finding],
    )
    return finding, internal, public


# Listing ---------------------------------------------------------------------------------


def test_the_team_lists_every_piece_of_evidence(api_as, cast, fed_back_evidence):
    finding, internal, public = fed_back_evidence
    rows = api_as(cast.member).get(evidence_list_url(finding)).json()
    assert {row["id"]: row["internal"] for row in rows} == {internal.pk: True, public.pk: False}
    assert {row["uploaded_by_name"] for row in rows} == {cast.member.profile.name}


def test_the_liaison_lists_only_what_was_shown_to_the_unit(api_as, cast, fed_back_evidence):
    finding, _internal, public = fed_back_evidence
    response = api_as(cast.liaison).get(evidence_list_url(finding))
    [row] = response.json()
    assert (row["id"], row["as_unit"], row["internal"], row["uploaded_by_name"]) == (
        public.pk,
        True,
        None,
        None,
    )
    assert "举报信原件" not in response.content.decode()


def test_the_evidence_of_another_office_s_finding_is_not_found(api_as, cast, other_cast):
    finding = flows.drafted_finding(other_cast)
    attach(other_cast, finding, internal=True)
    assert api_as(cast.office_staff).get(evidence_list_url(finding)).status_code == 404


@pytest.mark.parametrize("rows", [1, 4])
def test_listing_evidence_costs_the_same_for_one_piece_and_for_several(
    api_as, cast, django_assert_num_queries, rows
):
    finding = flows.drafted_finding(cast)
    for _ in range(rows):
        factories.EvidenceFactory(finding=finding, uploaded_by=factories.InspectorFactory().user)
    client = api_as(cast.office_staff)
    # token, person, the assignments reached other than through the office
    # (rounds.selectors._access), the finding and its tags, its evidence with the uploaders
    with django_assert_num_queries(6):
        response = client.get(evidence_list_url(finding))
    assert len(response.json()) == rows


# Adding ----------------------------------------------------------------------------------


def test_a_member_adds_evidence_which_stays_internal_by_default(api_as, cast):
    finding = flows.drafted_finding(cast)
    response = api_as(cast.member).post(
        evidence_list_url(finding), {"file": flows.pdf("笔录.pdf")}, format="multipart"
    )
    assert response.status_code == 201
    evidence = Evidence.objects.get(pk=response.json()["id"])
    assert (evidence.title, evidence.internal, evidence.uploaded_by) == (
        "笔录.pdf",
        True,
        cast.member,
    )


def test_evidence_may_be_shown_to_the_unit_with_its_own_title(api_as, cast):
    finding = flows.drafted_finding(cast)
    data = {
        "file": SimpleUploadedFile("照片.png", PNG_BYTES, content_type="image/png"),
        "title": "现场照片",
        "internal": "false",
    }
    body = api_as(cast.member).post(evidence_list_url(finding), data, format="multipart").json()
    assert (body["title"], body["internal"], body["content_type"]) == (
        "现场照片",
        False,
        "image/png",
    )


def test_a_file_whose_content_is_not_its_type_is_a_field_error(api_as, cast, media_root):
    finding = flows.drafted_finding(cast)
    response = api_as(cast.member).post(
        evidence_list_url(finding), {"file": not_a_pdf()}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["file"] == [
        "The content of 伪造.pdf does not match its type application/pdf."
    ]
    assert not Evidence.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_evidence_without_a_file_is_a_field_error(api_as, cast):
    finding = flows.drafted_finding(cast)
    response = api_as(cast.member).post(evidence_list_url(finding), {}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()["errors"]


def test_evidence_is_sent_as_multipart_only(api_as, cast):
    finding = flows.drafted_finding(cast)
    response = api_as(cast.member).post(evidence_list_url(finding), {"title": "x"}, format="json")
    assert response.status_code == 415


def test_the_liaison_may_not_add_evidence(api_as, cast, fed_back_evidence):
    finding, _internal, _public = fed_back_evidence
    response = api_as(cast.liaison).post(
        evidence_list_url(finding), {"file": flows.pdf()}, format="multipart"
    )
    assert response.status_code == 403


def test_no_evidence_is_added_after_feedback(api_as, cast, fed_back_evidence):
    finding, _internal, _public = fed_back_evidence
    response = api_as(cast.member).post(
        evidence_list_url(finding), {"file": flows.pdf()}, format="multipart"
    )
    assert response.status_code == 409
    assert finding.evidence.count() == 2


# Downloading -----------------------------------------------------------------------------


def test_the_team_downloads_evidence_as_an_attachment(api_as, cast):
    evidence = attach(cast, flows.drafted_finding(cast), internal=True)
    response = api_as(cast.member).get(download_url(evidence))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert streamed(response) == flows.PDF_BYTES


def test_a_download_asked_for_as_a_pdf_is_sent(api_as, cast):
    evidence = attach(cast, flows.drafted_finding(cast), internal=True)
    response = api_as(cast.member).get(download_url(evidence), HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert streamed(response) == flows.PDF_BYTES


def test_a_missing_download_asked_for_as_a_pdf_is_a_json_404(api_as, cast, fed_back_evidence):
    _finding, internal, _public = fed_back_evidence
    response = api_as(cast.liaison).get(download_url(internal), HTTP_ACCEPT="application/pdf")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


def test_the_liaison_downloads_evidence_shown_to_the_unit(api_as, cast, fed_back_evidence):
    _finding, _internal, public = fed_back_evidence
    response = api_as(cast.liaison).get(download_url(public))
    assert streamed(response) == flows.PDF_BYTES


def test_the_liaison_cannot_download_internal_evidence(api_as, cast, fed_back_evidence):
    _finding, internal, _public = fed_back_evidence
    client = api_as(cast.liaison)
    assert client.get(download_url(internal)).status_code == 404
    assert client.get(f"/api/v1/evidence/{internal.pk}/").status_code == 404


def test_a_member_cannot_download_evidence_of_a_draft_they_do_not_see(api_as, cast):
    evidence = attach(cast, flows.drafted_finding(cast, by=cast.deputy), internal=True)
    assert api_as(cast.member).get(download_url(evidence)).status_code == 404


def test_another_office_cannot_download_the_evidence(api_as, cast, other_cast):
    evidence = attach(cast, flows.drafted_finding(cast), internal=False)
    assert api_as(other_cast.office_staff).get(download_url(evidence)).status_code == 404


def test_the_evidence_row_says_where_to_download_it(api_as, cast):
    evidence = attach(cast, flows.drafted_finding(cast), internal=True)
    body = api_as(cast.member).get(f"/api/v1/evidence/{evidence.pk}/").json()
    assert body["download"] == f"http://testserver{download_url(evidence)}"
