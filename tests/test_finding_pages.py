"""The working-paper pages: filing a finding with its evidence, the three-step sign-off, what
the inspected unit sees, evidence downloads and the findings list."""

import re
import uuid
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from core.models import StatusChange, Submission
from rounds import services
from rounds.models import Evidence, Finding
from tests import factories, flows
from tests.factories import FEEDBACK_ON, ROUND_START

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

Status = Finding.Status
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01"
TITLE = "违规使用公务用车"
SUMMARY = "2023年多次将公务用车用于私人事务，未按规定登记。"


def png(name="现场照片.png"):
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def not_a_pdf(name="伪造.pdf"):
    return SimpleUploadedFile(name, b"MZ\x90\x00 not a pdf", content_type="application/pdf")


def paper(cast, *, token=None, evidence=None, **changes):
    """The new-working-paper form as a member fills it in; fresh upload objects every call."""
    data = {
        "submission": str(token or uuid.uuid4()),
        "title": TITLE,
        "source": Finding.Source.DOCUMENT,
        "category": cast.category.pk,
        "severity": Finding.Severity.SERIOUS,
        "summary": SUMMARY,
        "breached_rule": "《党政机关公务用车管理办法》第十八条",
        "statements": "驾驶员称：车辆周末多次出行。",
        "prepared_on": ROUND_START.isoformat(),
        "evidence": [flows.pdf("用车登记.pdf"), png()] if evidence is None else evidence,
    }
    data.update(changes)
    return data


def new_paper_url(cast):
    return reverse("rounds:finding_create", args=[cast.assignment.pk])


def finding_url(finding):
    return reverse("rounds:finding", args=[finding.pk])


def act_url(finding, action):
    return reverse("rounds:finding_act", args=[finding.pk, action])


def status_of(finding):
    finding.refresh_from_db()
    return finding.status


def listed(response):
    return {finding.pk for finding in response.context["page_obj"]}


def name_of(user):
    return user.profile.name


# Filing a working paper ------------------------------------------------------------------


def test_the_new_working_paper_form_carries_a_submission_token(client, cast):
    flows.on_site(cast)
    client.force_login(cast.member)
    response = client.get(new_paper_url(cast))
    assert response.status_code == 200
    token = uuid.UUID(response.context["form"]["submission"].value())
    assert f'name="submission" value="{token}"' in response.text


def test_each_opening_of_the_form_gets_a_fresh_token(client, cast):
    flows.on_site(cast)
    client.force_login(cast.member)
    first = client.get(new_paper_url(cast)).context["form"]["submission"].value()
    second = client.get(new_paper_url(cast)).context["form"]["submission"].value()
    assert first != second


def test_a_member_files_a_working_paper_with_two_evidence_files(client, cast):
    flows.on_site(cast)
    client.force_login(cast.member)
    response = client.post(new_paper_url(cast), paper(cast))
    finding = Finding.objects.get(assignment=cast.assignment)
    assertRedirects(response, finding_url(finding))
    assert (finding.title, finding.summary, finding.prepared_by) == (TITLE, SUMMARY, cast.member)
    assert finding.status == Status.DRAFT
    assert sorted(finding.evidence.values_list("content_type", flat=True)) == [
        "application/pdf",
        "image/png",
    ]


def test_evidence_filed_with_the_paper_is_internal_unless_shown_to_the_unit(client, cast):
    flows.on_site(cast)
    client.force_login(cast.member)
    client.post(new_paper_url(cast), paper(cast, evidence=[flows.pdf()]))
    client.post(new_paper_url(cast), paper(cast, evidence=[png()], evidence_shown_to_unit="on"))
    assert dict(Evidence.objects.values_list("content_type", "internal")) == {
        "application/pdf": True,
        "image/png": False,
    }


def test_posting_the_same_form_twice_creates_one_finding(client, cast):
    flows.on_site(cast)
    client.force_login(cast.member)
    token = uuid.uuid4()
    first = client.post(new_paper_url(cast), paper(cast, token=token))
    second = client.post(new_paper_url(cast), paper(cast, token=token))
    finding = Finding.objects.get(assignment=cast.assignment)
    assertRedirects(first, finding_url(finding))
    assertRedirects(second, finding_url(finding))
    assert finding.evidence.count() == 2


def test_a_token_already_used_by_someone_else_does_not_lose_the_paper(client, cast):
    flows.on_site(cast)
    token = uuid.uuid4()
    client.force_login(cast.member)
    client.post(new_paper_url(cast), paper(cast, token=token))
    theirs = Finding.objects.get()
    client.force_login(cast.deputy)
    response = client.post(new_paper_url(cast), paper(cast, token=token, title="另一份底稿"))
    assert response.get("Location") != finding_url(theirs)
    assert Finding.objects.filter(prepared_by=cast.deputy, title="另一份底稿").exists()


def test_a_file_whose_content_is_not_its_type_is_refused_and_the_text_is_kept(
    client_in_english, cast
):
    flows.on_site(cast)
    client_in_english.force_login(cast.member)
    data = paper(cast, evidence=[flows.pdf("真的.pdf"), not_a_pdf("伪造.pdf")])
    response = client_in_english.post(new_paper_url(cast), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.non_field_errors() == [
        "The content of 伪造.pdf does not match its type application/pdf."
    ]
    assert "does not match its type" in unescape(response.text)
    assert f'value="{TITLE}"' in response.text
    assert SUMMARY in response.text


def test_a_refused_working_paper_creates_nothing(client, cast):
    flows.on_site(cast)
    client.force_login(cast.member)
    client.post(new_paper_url(cast), paper(cast, evidence=[flows.pdf(), not_a_pdf()]))
    assert not Finding.objects.exists()
    assert not Evidence.objects.exists()
    assert not Submission.objects.exists()


def test_a_refused_working_paper_leaves_no_file_behind(client, cast, media_root):
    flows.on_site(cast)
    client.force_login(cast.member)
    client.post(new_paper_url(cast), paper(cast, evidence=[flows.pdf(), not_a_pdf()]))
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_a_working_paper_without_a_title_is_refused_with_a_field_error(client, cast):
    flows.on_site(cast)
    client.force_login(cast.member)
    response = client.post(new_paper_url(cast), paper(cast, title=""))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["title"]
    assert not Finding.objects.exists()


# Sign-off --------------------------------------------------------------------------------


def test_the_deputy_reviews_a_draft_with_a_comment(client, cast):
    finding = flows.drafted_finding(cast)
    client.force_login(cast.deputy)
    response = client.post(act_url(finding, "review"), {"comment": "证据充分，同意。"})
    assertRedirects(response, finding_url(finding))
    assert status_of(finding) == Status.REVIEWED
    change = StatusChange.objects.get(object_id=finding.pk, to_value=Status.REVIEWED)
    assert (change.by, change.comment) == (cast.deputy, "证据充分，同意。")


def test_the_leader_signs_a_reviewed_finding(client, cast):
    finding = flows.reviewed_finding(cast)
    client.force_login(cast.leader)
    response = client.post(act_url(finding, "sign"), {"comment": "同意"})
    assertRedirects(response, finding_url(finding))
    assert status_of(finding) == Status.SIGNED


def test_office_staff_accept_a_signed_finding(client, cast):
    finding = flows.signed_finding(cast)
    client.force_login(cast.office_staff)
    response = client.post(act_url(finding, "accept"), {"comment": ""})
    assertRedirects(response, finding_url(finding))
    assert status_of(finding) == Status.ACCEPTED


def test_the_leader_returns_a_reviewed_finding_with_a_comment(client, cast):
    finding = flows.reviewed_finding(cast)
    client.force_login(cast.leader)
    response = client.post(act_url(finding, "return"), {"comment": "请补充谈话笔录"})
    assertRedirects(response, finding_url(finding))
    assert status_of(finding) == Status.RETURNED


def test_returning_a_finding_without_a_comment_is_refused(client_in_english, cast):
    finding = flows.reviewed_finding(cast)
    client_in_english.force_login(cast.leader)
    response = client_in_english.post(act_url(finding, "return"), {"comment": "  "})
    assert response.status_code == 400
    assert response.context["comment_form"].non_field_errors() == ["Say what needs rework."]
    assert "Say what needs rework." in response.text
    assert status_of(finding) == Status.REVIEWED


def test_a_member_is_not_offered_the_sign_button(client, cast):
    finding = flows.reviewed_finding(cast)
    client.force_login(cast.member)
    response = client.get(finding_url(finding))
    assert response.status_code == 200
    assert response.context["actions"] == []
    assert act_url(finding, "sign") not in response.text


def test_a_member_who_signs_anyway_is_refused(client_in_english, cast):
    finding = flows.reviewed_finding(cast)
    client_in_english.force_login(cast.member)
    response = client_in_english.post(act_url(finding, "sign"), {"comment": ""})
    assert response.status_code == 400
    [error] = response.context["comment_form"].non_field_errors()
    assert error == f"Only the leader of {cast.team} may do this."
    assert status_of(finding) == Status.REVIEWED


def test_an_unknown_sign_off_action_is_not_found(client, cast):
    finding = flows.reviewed_finding(cast)
    client.raise_request_exception = False
    client.force_login(cast.leader)
    response = client.post(act_url(finding, "publish"), {"comment": ""})
    assert response.status_code == 404


def history_of(response):
    """(who, what) of each entry of the page's history section, oldest first."""
    section = response.text.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    entries = re.findall(
        r'<span class="who">(.*?)</span>\s*<span class="what">(.*?)</span>', section, re.S
    )
    return [(unescape(who).strip(), unescape(what).strip()) for who, what in entries]


def test_the_history_shows_each_step_with_who_took_it(client_in_english, cast):
    finding = flows.signed_finding(cast)
    client_in_english.force_login(cast.office_staff)
    response = client_in_english.get(finding_url(finding))
    assert history_of(response) == [
        (name_of(cast.member), "created"),
        (name_of(cast.deputy), "draft → reviewed by deputy leader"),
        (name_of(cast.leader), "reviewed by deputy leader → signed by leader"),
    ]


def test_the_history_shows_the_comment_of_a_step(client, cast):
    finding = flows.returned_finding(cast)
    client.force_login(cast.member)
    response = client.get(finding_url(finding))
    assert '<p class="comment">证据不足，请补充</p>' in response.text


# What the inspected unit sees ------------------------------------------------------------

SECRET_STATEMENT = "证人甲称：书记亲自安排了此事。"
SECRET_RULE = "《中国共产党纪律处分条例》第一百零二条"


def fed_back_with_secrets(cast):
    """A fed-back finding with who said what, the rule, a tag and evidence of both kinds."""
    tag = factories.FindingTagFactory(office=cast.office, name="关键少数")
    finding = flows.drafted_finding(
        cast,
        statements=SECRET_STATEMENT,
        breached_rule=SECRET_RULE,
        source=Finding.Source.PETITION,
        tags=[tag],
    )
    internal = services.evidence_attach(
        finding=finding, by=cast.member, upload=flows.pdf(), title="举报信原件", internal=True
    )
    public = services.evidence_attach(
        finding=finding, by=cast.member, upload=flows.pdf(), title="会议纪要", internal=False
    )
    finding = services.finding_review(finding=finding, by=cast.deputy)
    finding = services.finding_sign(finding=finding, by=cast.leader)
    finding = services.finding_accept(finding=finding, by=cast.office_staff)
    flows.reporting(cast)
    services.feedback_issue(
        assignment=cast.assignment,
        by=cast.office_staff,
        delivered_on=FEEDBACK_ON,
        recipients="镇党委领导班子",
        top_official="张书记",
        findings=[finding],
        suggestions=(),
    )
    finding.refresh_from_db()
    return finding, internal, public


def test_the_liaison_sees_a_fed_back_finding_without_its_sources(client_in_english, cast):
    finding, _internal, _public = fed_back_with_secrets(cast)
    client_in_english.force_login(cast.liaison)
    response = client_in_english.get(finding_url(finding))
    assert response.status_code == 200
    assert response.context["as_unit"] is True
    page = unescape(response.text)
    assert finding.summary in page
    for secret in (SECRET_STATEMENT, SECRET_RULE, "关键少数", "letter, call or visit"):
        assert secret not in page


def test_the_liaison_sees_neither_the_history_nor_the_team(client_in_english, cast):
    finding, _internal, _public = fed_back_with_secrets(cast)
    client_in_english.force_login(cast.liaison)
    response = client_in_english.get(finding_url(finding))
    assert response.context["events"] == []
    assert response.context["actions"] == []
    page = unescape(response.text)
    for name in (name_of(cast.member), name_of(cast.deputy), name_of(cast.leader)):
        assert name not in page


def test_the_liaison_reads_the_list_of_findings_without_their_authors(client, cast):
    finding, _internal, _public = fed_back_with_secrets(cast)
    client.force_login(cast.liaison)
    response = client.get(reverse("rounds:findings"))
    assert finding.number in response.text
    assert name_of(finding.prepared_by) not in unescape(response.text)


def test_the_office_reads_the_list_of_findings_with_their_authors(client, cast):
    finding, _internal, _public = fed_back_with_secrets(cast)
    client.force_login(cast.office_staff)
    response = client.get(reverse("rounds:findings"))
    assert name_of(finding.prepared_by) in unescape(response.text)


def test_the_liaison_sees_only_the_evidence_shown_to_the_unit(client, cast):
    finding, internal, public = fed_back_with_secrets(cast)
    client.force_login(cast.liaison)
    response = client.get(finding_url(finding))
    assert list(response.context["evidence"]) == [public]
    assert internal.title not in response.text
    assert reverse("rounds:evidence", args=[internal.pk]) not in response.text


def test_the_liaison_cannot_download_internal_evidence(client, cast):
    _finding, internal, _public = fed_back_with_secrets(cast)
    client.force_login(cast.liaison)
    response = client.get(reverse("rounds:evidence", args=[internal.pk]))
    assert response.status_code == 404


def test_the_liaison_downloads_evidence_shown_to_the_unit(client, cast):
    _finding, _internal, public = fed_back_with_secrets(cast)
    client.force_login(cast.liaison)
    response = client.get(reverse("rounds:evidence", args=[public.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == flows.PDF_BYTES


def test_the_team_still_sees_the_whole_fed_back_finding(client_in_english, cast):
    finding, internal, public = fed_back_with_secrets(cast)
    client_in_english.force_login(cast.member)
    response = client_in_english.get(finding_url(finding))
    assert response.context["as_unit"] is False
    assert set(response.context["evidence"]) == {internal, public}
    page = unescape(response.text)
    for secret in (SECRET_STATEMENT, SECRET_RULE, "关键少数", "letter, call or visit"):
        assert secret in page


# Evidence --------------------------------------------------------------------------------


def test_the_team_downloads_evidence_as_an_attachment(client, cast):
    finding = flows.drafted_finding(cast)
    evidence = services.evidence_attach(
        finding=finding, by=cast.member, upload=flows.pdf(), title="笔录.pdf"
    )
    client.force_login(cast.member)
    response = client.get(reverse("rounds:evidence", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == flows.PDF_BYTES


def test_a_member_adds_evidence_on_the_finding_page(client, cast):
    finding = flows.drafted_finding(cast)
    client.force_login(cast.member)
    response = client.post(
        reverse("rounds:evidence_add", args=[finding.pk]),
        {"files": [png("补充照片.png")], "shown_to_unit": "on"},
    )
    assertRedirects(response, finding_url(finding))
    evidence = finding.evidence.get()
    assert (evidence.title, evidence.internal, evidence.uploaded_by) == (
        "补充照片.png",
        False,
        cast.member,
    )


def test_evidence_with_a_false_type_is_refused_on_the_finding_page(client, cast):
    finding = flows.drafted_finding(cast)
    client.force_login(cast.member)
    response = client.post(
        reverse("rounds:evidence_add", args=[finding.pk]),
        {"files": [flows.pdf(), not_a_pdf()]},
    )
    assert response.status_code == 400
    assert response.context["evidence_form"].errors["files"]
    assert not finding.evidence.exists()


def test_adding_evidence_without_a_file_is_refused(client, cast):
    finding = flows.drafted_finding(cast)
    client.force_login(cast.member)
    response = client.post(reverse("rounds:evidence_add", args=[finding.pk]), {})
    assert response.status_code == 400
    assert response.context["evidence_form"].errors["files"]


def test_no_evidence_can_be_added_to_a_fed_back_finding(client, cast):
    finding, _internal, _public = fed_back_with_secrets(cast)
    client.force_login(cast.member)
    assert client.get(finding_url(finding)).context["may_add_evidence"] is False
    response = client.post(
        reverse("rounds:evidence_add", args=[finding.pk]), {"files": [flows.pdf()]}
    )
    assert response.status_code == 400
    assert finding.evidence.count() == 2


# The findings list -----------------------------------------------------------------------


@pytest.fixture
def in_sign_off(cast):
    """A draft by the member, a reviewed, a signed and a returned finding of one assignment."""
    return {
        "draft": flows.drafted_finding(cast),
        "reviewed": flows.reviewed_finding(cast),
        "signed": flows.signed_finding(cast),
        "returned": flows.returned_finding(cast),
    }


WAITING = {
    "deputy": {"draft"},
    "leader": {"draft", "reviewed"},
    "office_staff": {"signed"},
    "member": {"returned"},
}


@pytest.mark.parametrize("role", WAITING)
def test_waiting_for_me_lists_what_needs_each_hand_next(client, cast, in_sign_off, role):
    client.force_login(getattr(cast, role))
    response = client.get(reverse("rounds:findings"), {"waiting": "true"})
    assert listed(response) == {in_sign_off[name].pk for name in WAITING[role]}


def test_without_waiting_for_me_the_office_sees_every_finding(client, cast, in_sign_off):
    client.force_login(cast.office_staff)
    response = client.get(reverse("rounds:findings"), {"waiting": "false"})
    assert listed(response) == {finding.pk for finding in in_sign_off.values()}


def test_the_list_filters_by_status(client, cast, in_sign_off):
    client.force_login(cast.office_staff)
    response = client.get(reverse("rounds:findings"), {"status": Status.REVIEWED})
    assert listed(response) == {in_sign_off["reviewed"].pk}


def test_the_list_filters_by_round(client, cast, in_sign_off):
    other_round = factories.RoundFactory(term=cast.round.term)
    client.force_login(cast.office_staff)
    response = client.get(reverse("rounds:findings"), {"round": other_round.pk})
    assert listed(response) == set()


def test_the_list_filters_by_category(client, cast, in_sign_off):
    other = factories.FindingCategoryFactory(office=cast.office)
    odd_one = flows.drafted_finding(cast, category=other)
    client.force_login(cast.office_staff)
    response = client.get(reverse("rounds:findings"), {"category": other.pk})
    assert listed(response) == {odd_one.pk}


QUERIES = {
    "status": {"status": "signed"},
    "unknown status": {"status": "nonsense"},
    "category": {"category": "CATEGORY"},
    "category of nothing": {"category": "999999"},
    "round": {"round": "ROUND"},
    "round not a number": {"round": "abc"},
    "severity and source": {"severity": "serious", "source": "talk"},
    "search": {"q": "WT-"},
    "waiting, odd value": {"waiting": "maybe"},
    "by number": {"ordering": "number"},
    "by last change, newest first": {"ordering": "-updated_at"},
    "by title then status": {"ordering": "title,-status"},
    "by unknown field": {"ordering": "secret"},
    "page not a number": {"page": "x"},
    "page past the end": {"page": "99"},
}


@pytest.fixture
def a_few_findings(cast):
    """Findings in three statuses, set with factories: the list, not the sign-off, is tested."""
    flows.on_site(cast)
    for status, signer in (
        (Status.DRAFT, None),
        (Status.REVIEWED, None),
        (Status.SIGNED, cast.leader),
    ):
        factories.FindingFactory(
            assignment=cast.assignment,
            category=cast.category,
            prepared_by=cast.member,
            status=status,
            signed_by=signer,
        )


@pytest.mark.parametrize("role", ["office_staff", "member"])
@pytest.mark.parametrize("query", QUERIES.values(), ids=QUERIES.keys())
def test_no_filter_or_sorting_breaks_the_list(client, cast, a_few_findings, role, query):
    ids = {"CATEGORY": cast.category.pk, "ROUND": cast.round.pk}
    client.force_login(getattr(cast, role))
    response = client.get(
        reverse("rounds:findings"),
        {name: str(ids.get(value, value)) for name, value in query.items()},
    )
    assert response.status_code == 200


def test_the_second_page_lists_the_rest(client, cast):
    flows.on_site(cast)
    factories.FindingFactory.create_batch(
        53, assignment=cast.assignment, category=cast.category, prepared_by=cast.member
    )
    client.force_login(cast.office_staff)
    response = client.get(reverse("rounds:findings"), {"page": "2", "ordering": "number"})
    assert response.status_code == 200
    page = response.context["page_obj"]
    assert (page.number, len(page), page.paginator.count) == (2, 3, 53)


def test_the_list_says_whose_hand_each_paper_is_in(client_in_english, cast):
    flows.reviewed_finding(cast)
    client_in_english.force_login(cast.leader)
    response = client_in_english.get("/findings/")
    assert "the leader&#x27;s signature" in response.text


def test_the_author_reworks_a_returned_paper_on_its_page(client, cast):
    finding = flows.returned_finding(cast)
    client.force_login(cast.member)
    page = client.get(f"/findings/{finding.pk}/edit/")
    assert page.status_code == 200
    data = {
        "title": "补充完善后的问题",
        "source": finding.source,
        "category": str(finding.category_id),
        "severity": finding.severity,
        "summary": "补充了证据链。",
    }
    response = client.post(f"/findings/{finding.pk}/edit/", data)
    assert response.status_code == 302
    finding.refresh_from_db()
    assert (finding.title, finding.summary) == ("补充完善后的问题", "补充了证据链。")


def test_nobody_but_the_author_opens_the_rework_page(client, cast):
    finding = flows.returned_finding(cast)
    client.force_login(cast.leader)
    assert client.get(f"/findings/{finding.pk}/edit/").status_code == 404


def test_a_reworked_paper_with_an_empty_title_keeps_the_summary(client, cast):
    finding = flows.drafted_finding(cast)
    client.force_login(cast.member)
    data = {
        "title": "",
        "source": finding.source,
        "category": str(finding.category_id),
        "severity": finding.severity,
        "summary": "保留的概述",
    }
    response = client.post(f"/findings/{finding.pk}/edit/", data)
    assert response.status_code == 400
    assert "保留的概述" in response.text
