"""Working papers (问题底稿), evidence, feedback, suggestions and leads."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.errors import DomainError, NotAllowed, TransitionError
from core.models import StatusChange
from core.transitions import history
from rounds import services
from rounds.models import Assignment, Evidence, Finding, Lead, Suggestion
from tests import factories, flows
from tests.factories import FEEDBACK_ON, ROUND_START

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "media_root")]

Phase = Assignment.Phase
Status = Finding.Status
LeadStatus = Lead.Status


def draft(cast, by, **overrides):
    values = {
        "assignment": cast.assignment,
        "by": by,
        "title": "违规发放津补贴",
        "summary": "2023年向班子成员发放加班补贴共计4.2万元。",
        "source": Finding.Source.DOCUMENT,
        "category": cast.category,
    }
    values.update(overrides)
    return services.finding_draft(**values)


TALK_NOTES = "谈话记录：某某反映……".encode()


def text_file(content=TALK_NOTES, name="笔录.txt"):
    return SimpleUploadedFile(name, content, content_type="text/plain")


# default ordering ------------------------------------------------------------------------


def test_findings_can_be_listed_in_their_default_order(cast):
    finding = flows.drafted_finding(cast)
    assert list(Finding.objects.all()) == [finding]


def test_leads_can_be_listed_in_their_default_order(cast):
    lead = flows.registered_lead(cast)
    assert list(Lead.objects.all()) == [lead]


# finding_draft ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["leader", "deputy", "member"])
def test_every_team_member_may_draft_a_finding_on_site(cast, role):
    flows.on_site(cast)
    finding = draft(cast, getattr(cast, role))
    assert (finding.status, finding.prepared_by) == (Status.DRAFT, getattr(cast, role))


@pytest.mark.parametrize("role", ["office_staff", "liaison", "receiving_officer", "outsider"])
def test_only_the_team_drafts_findings(cast, role):
    flows.on_site(cast)
    with pytest.raises(NotAllowed, match="may do this"):
        draft(cast, getattr(cast, role))


def test_a_member_of_another_team_cannot_draft_a_finding_here(cast, other_cast):
    flows.on_site(cast)
    with pytest.raises(NotAllowed):
        draft(cast, other_cast.member)


def test_findings_may_be_drafted_while_reporting(cast):
    flows.reporting(cast)
    assert draft(cast, cast.member).status == Status.DRAFT


def test_no_finding_is_drafted_before_the_team_is_on_site(cast):
    with pytest.raises(DomainError, match="on site or while reporting"):
        draft(cast, cast.member)


def test_no_finding_is_drafted_after_feedback(cast):
    flows.fed_back(cast)
    with pytest.raises(DomainError, match="on site or while reporting"):
        draft(cast, cast.member)


def test_a_finding_takes_a_category_of_the_office(cast, other_cast):
    flows.on_site(cast)
    with pytest.raises(DomainError, match="office's taxonomy"):
        draft(cast, cast.member, category=other_cast.category)


def test_an_inactive_category_cannot_be_chosen(cast):
    flows.on_site(cast)
    retired = factories.FindingCategoryFactory(office=cast.office, active=False)
    with pytest.raises(DomainError, match="office's taxonomy"):
        draft(cast, cast.member, category=retired)


def test_findings_are_numbered_after_the_target_code(cast):
    flows.on_site(cast)
    code = cast.assignment.target.code
    numbers = [draft(cast, cast.member).number for _ in range(2)]
    assert numbers == [f"{code}-001", f"{code}-002"]


def test_automatic_numbering_skips_a_number_taken_by_hand(cast):
    flows.on_site(cast)
    code = cast.assignment.target.code
    draft(cast, cast.member, number=f"{code}-002")
    assert draft(cast, cast.member).number == f"{code}-003"


def test_a_number_given_by_hand_is_used_once_per_assignment(cast):
    flows.on_site(cast)
    draft(cast, cast.member, number="专-01")
    with pytest.raises(DomainError, match="already used"):
        draft(cast, cast.member, number="专-01")


def test_a_draft_keeps_its_tags(cast):
    flows.on_site(cast)
    tag = factories.FindingTagFactory(office=cast.office)
    finding = draft(cast, cast.member, tags=[tag])
    assert list(finding.tags.all()) == [tag]


def test_a_draft_takes_only_tags_of_the_office(cast, other_cast):
    flows.on_site(cast)
    foreign = factories.FindingTagFactory(office=other_cast.office)
    with pytest.raises(DomainError, match="tags from the office"):
        draft(cast, cast.member, tags=[foreign])


def test_a_reworked_paper_takes_only_tags_of_the_office(cast, other_cast):
    finding = flows.drafted_finding(cast)
    foreign = factories.FindingTagFactory(office=other_cast.office)
    with pytest.raises(DomainError, match="tags from the office"):
        services.finding_update(finding=finding, by=finding.prepared_by, tags=[foreign])


# finding_review --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["deputy", "leader"])
def test_a_deputy_or_the_leader_reviews_a_draft(cast, role):
    finding = flows.drafted_finding(cast)
    reviewed = services.finding_review(finding=finding, by=getattr(cast, role))
    assert (reviewed.status, reviewed.reviewed_by) == (Status.REVIEWED, getattr(cast, role))


@pytest.mark.parametrize("role", ["member", "office_staff", "liaison", "outsider"])
def test_only_a_deputy_or_the_leader_reviews(cast, role):
    finding = flows.drafted_finding(cast)
    with pytest.raises(NotAllowed):
        services.finding_review(finding=finding, by=getattr(cast, role))


def test_a_signed_finding_cannot_be_reviewed_again(cast):
    finding = flows.signed_finding(cast)
    with pytest.raises(TransitionError, match="cannot become"):
        services.finding_review(finding=finding, by=cast.deputy)


# finding_sign ----------------------------------------------------------------------------


def test_the_leader_signs_a_reviewed_finding(cast):
    finding = flows.reviewed_finding(cast)
    signed = services.finding_sign(finding=finding, by=cast.leader)
    assert (signed.status, signed.signed_by) == (Status.SIGNED, cast.leader)
    assert signed.signed_at is not None


@pytest.mark.parametrize("role", ["deputy", "member", "office_staff", "outsider"])
def test_only_the_leader_signs(cast, role):
    finding = flows.reviewed_finding(cast)
    with pytest.raises(NotAllowed, match="leader"):
        services.finding_sign(finding=finding, by=getattr(cast, role))


def test_a_draft_cannot_be_signed_without_review(cast):
    finding = flows.drafted_finding(cast)
    with pytest.raises(TransitionError, match="cannot become"):
        services.finding_sign(finding=finding, by=cast.leader)


def test_the_leader_of_another_team_cannot_sign(cast, other_cast):
    finding = flows.reviewed_finding(cast)
    with pytest.raises(NotAllowed):
        services.finding_sign(finding=finding, by=other_cast.leader)


# finding_accept --------------------------------------------------------------------------


def test_office_staff_accept_a_signed_finding(cast):
    finding = flows.signed_finding(cast)
    accepted = services.finding_accept(finding=finding, by=cast.office_staff)
    assert (accepted.status, accepted.accepted_by) == (Status.ACCEPTED, cast.office_staff)


@pytest.mark.parametrize("role", ["leader", "deputy", "member", "liaison", "outsider"])
def test_only_office_staff_accept_findings(cast, role):
    finding = flows.signed_finding(cast)
    with pytest.raises(NotAllowed, match="Only staff of"):
        services.finding_accept(finding=finding, by=getattr(cast, role))


def test_staff_of_another_office_cannot_accept_a_finding(cast, other_cast):
    finding = flows.signed_finding(cast)
    with pytest.raises(NotAllowed):
        services.finding_accept(finding=finding, by=other_cast.office_staff)


def test_an_unsigned_finding_cannot_be_accepted(cast):
    finding = flows.reviewed_finding(cast)
    with pytest.raises(TransitionError, match="cannot become"):
        services.finding_accept(finding=finding, by=cast.office_staff)


# finding_return --------------------------------------------------------------------------


def test_the_leader_returns_a_reviewed_finding(cast):
    finding = flows.reviewed_finding(cast)
    returned = services.finding_return(finding=finding, by=cast.leader, comment="补充证据")
    assert returned.status == Status.RETURNED


def test_a_return_needs_a_comment(cast):
    finding = flows.reviewed_finding(cast)
    with pytest.raises(DomainError, match="rework"):
        services.finding_return(finding=finding, by=cast.leader, comment="  ")


def test_a_deputy_cannot_return_a_reviewed_finding(cast):
    finding = flows.reviewed_finding(cast)
    with pytest.raises(NotAllowed):
        services.finding_return(finding=finding, by=cast.deputy, comment="补充证据")


def test_the_office_cannot_return_a_finding_the_leader_has_not_signed(cast):
    finding = flows.reviewed_finding(cast)
    with pytest.raises(NotAllowed):
        services.finding_return(finding=finding, by=cast.office_staff, comment="补充证据")


@pytest.mark.parametrize("walk", [flows.signed_finding, flows.accepted_finding])
def test_the_office_returns_a_signed_or_accepted_finding(cast, walk):
    finding = walk(cast)
    returned = services.finding_return(finding=finding, by=cast.office_staff, comment="定性不准")
    assert returned.status == Status.RETURNED


@pytest.mark.parametrize("walk", [flows.signed_finding, flows.accepted_finding])
def test_the_leader_cannot_return_a_finding_once_signed(cast, walk):
    finding = walk(cast)
    with pytest.raises(NotAllowed):
        services.finding_return(finding=finding, by=cast.leader, comment="定性不准")


def test_returning_clears_the_signature_and_the_acceptance(cast):
    finding = flows.accepted_finding(cast)
    services.finding_return(finding=finding, by=cast.office_staff, comment="定性不准")
    finding.refresh_from_db()
    assert (finding.signed_by, finding.signed_at) == (None, None)
    assert (finding.accepted_by, finding.accepted_at) == (None, None)


def test_the_deputy_returns_a_draft_to_its_author_at_review(cast):
    finding = flows.drafted_finding(cast)
    returned = services.finding_return(finding=finding, by=cast.deputy, comment="补充证据")
    assert returned.status == Status.RETURNED


def test_a_member_cannot_return_a_draft(cast):
    finding = flows.drafted_finding(cast)
    with pytest.raises(NotAllowed):
        services.finding_return(finding=finding, by=cast.member, comment="补充证据")


def test_the_author_reworks_a_returned_paper(cast):
    finding = flows.returned_finding(cast)
    updated = services.finding_update(finding=finding, by=cast.member, title="改写后的标题")
    assert updated.history.latest().title == "改写后的标题"


def test_only_the_author_reworks_a_paper(cast):
    finding = flows.returned_finding(cast)
    with pytest.raises(NotAllowed):
        services.finding_update(finding=finding, by=cast.deputy, title="改写")


def test_a_reviewed_paper_can_no_longer_be_changed(cast):
    finding = flows.reviewed_finding(cast)
    with pytest.raises(DomainError, match="can no longer be changed"):
        services.finding_update(finding=finding, by=cast.member, title="改写")


def test_a_fed_back_finding_cannot_be_returned(cast):
    flows.fed_back(cast)
    finding = flows.fed_back_findings(cast)[0]
    with pytest.raises(TransitionError, match="cannot become"):
        services.finding_return(finding=finding, by=cast.office_staff, comment="定性不准")


def test_a_returned_finding_is_reviewed_again(cast):
    finding = flows.returned_finding(cast)
    reviewed = services.finding_review(finding=finding, by=cast.deputy, comment="已补充")
    assert reviewed.status == Status.REVIEWED


def test_a_returned_finding_cannot_be_signed_before_a_new_review(cast):
    finding = flows.returned_finding(cast)
    with pytest.raises(TransitionError, match="cannot become"):
        services.finding_sign(finding=finding, by=cast.leader)


def test_a_finding_returned_by_the_office_goes_round_the_sign_off_again(cast):
    finding = flows.accepted_finding(cast)
    services.finding_return(finding=finding, by=cast.office_staff, comment="定性不准")
    services.finding_review(finding=finding, by=cast.deputy)
    services.finding_sign(finding=finding, by=cast.leader)
    accepted = services.finding_accept(finding=finding, by=cast.office_staff)
    assert accepted.status == Status.ACCEPTED


# evidence_attach -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["member", "leader", "office_staff"])
def test_the_team_or_the_office_attach_evidence(cast, role):
    finding = flows.drafted_finding(cast)
    evidence = services.evidence_attach(
        finding=finding, by=getattr(cast, role), upload=flows.pdf(), title="会议记录"
    )
    assert (evidence.content_type, evidence.size) == ("application/pdf", len(flows.PDF_BYTES))


@pytest.mark.parametrize("role", ["liaison", "receiving_officer", "outsider"])
def test_nobody_else_attaches_evidence(cast, role):
    finding = flows.drafted_finding(cast)
    with pytest.raises(NotAllowed):
        services.evidence_attach(
            finding=finding, by=getattr(cast, role), upload=flows.pdf(), title="会议记录"
        )


def test_evidence_without_a_title_is_named_after_its_file(cast):
    finding = flows.drafted_finding(cast)
    evidence = services.evidence_attach(
        finding=finding, by=cast.member, upload=flows.pdf("账簿.pdf"), title=""
    )
    assert evidence.title == "账簿.pdf"


def test_plain_text_evidence_is_accepted(cast):
    finding = flows.drafted_finding(cast)
    evidence = services.evidence_attach(
        finding=finding, by=cast.member, upload=text_file(), title="谈话笔录"
    )
    assert evidence.content_type == "text/plain"


def test_evidence_whose_content_does_not_match_its_type_is_refused(cast):
    finding = flows.drafted_finding(cast)
    disguised = SimpleUploadedFile(
        "报告.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    with pytest.raises(DomainError, match="does not match its type"):
        services.evidence_attach(finding=finding, by=cast.member, upload=disguised, title="报告")


def test_binary_content_declared_as_text_is_refused(cast):
    finding = flows.drafted_finding(cast)
    with pytest.raises(DomainError, match="does not match its type"):
        services.evidence_attach(
            finding=finding, by=cast.member, upload=text_file(b"abc\x00def"), title="笔录"
        )


def test_evidence_of_an_unaccepted_type_is_refused(cast):
    finding = flows.drafted_finding(cast)
    script = SimpleUploadedFile("a.html", b"<script></script>", content_type="text/html")
    with pytest.raises(DomainError, match="are not accepted"):
        services.evidence_attach(finding=finding, by=cast.member, upload=script, title="网页")


def test_evidence_over_the_size_limit_is_refused(cast, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    finding = flows.drafted_finding(cast)
    big = flows.pdf(content=flows.PDF_BYTES + b"0" * 1024)
    with pytest.raises(DomainError, match="the limit is"):
        services.evidence_attach(finding=finding, by=cast.member, upload=big, title="大文件")


def test_evidence_at_the_size_limit_is_accepted(cast, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    finding = flows.drafted_finding(cast)
    exact = flows.pdf(content=flows.PDF_BYTES.ljust(1024, b"0"))
    evidence = services.evidence_attach(finding=finding, by=cast.member, upload=exact, title="")
    assert evidence.size == 1024


def test_an_empty_file_is_refused_as_evidence(cast):
    finding = flows.drafted_finding(cast)
    with pytest.raises(DomainError, match="is empty"):
        services.evidence_attach(
            finding=finding, by=cast.member, upload=flows.pdf(content=b""), title="空文件"
        )


def test_a_refused_upload_leaves_no_evidence_row(cast):
    finding = flows.drafted_finding(cast)
    with pytest.raises(DomainError):
        services.evidence_attach(
            finding=finding, by=cast.member, upload=flows.pdf(content=b""), title="空文件"
        )
    assert not Evidence.objects.filter(finding=finding).exists()


def test_no_evidence_is_added_after_feedback(cast):
    flows.fed_back(cast)
    finding = flows.fed_back_findings(cast)[0]
    with pytest.raises(DomainError, match="after feedback"):
        services.evidence_attach(finding=finding, by=cast.member, upload=flows.pdf(), title="补充")


# feedback_issue --------------------------------------------------------------------------


def issue(cast, findings, **overrides):
    values = {
        "assignment": cast.assignment,
        "by": cast.office_staff,
        "delivered_on": FEEDBACK_ON,
        "recipients": "镇党委领导班子",
        "top_official": "张书记",
        "findings": findings,
    }
    values.update(overrides)
    return services.feedback_issue(**values)


@pytest.fixture
def accepted(cast):
    """Two accepted findings of an assignment that is reporting."""
    findings = [flows.accepted_finding(cast), flows.accepted_finding(cast)]
    flows.reporting(cast)
    return findings


def test_feedback_marks_its_findings_fed_back(cast, accepted):
    feedback = issue(cast, accepted)
    statuses = Finding.objects.filter(feedback=feedback).order_by("pk").values_list("status")
    assert list(statuses) == [(Status.FED_BACK,), (Status.FED_BACK,)]


def test_feedback_logs_each_finding_as_fed_back(cast, accepted):
    issue(cast, accepted)
    for finding in accepted:
        last = history(finding).last()
        assert (last.from_value, last.to_value, last.by) == (
            Status.ACCEPTED,
            Status.FED_BACK,
            cast.office_staff,
        )


def test_feedback_moves_the_assignment_to_the_feedback_phase(cast, accepted):
    issue(cast, accepted)
    assert cast.refresh().phase == Phase.FEEDBACK


def test_feedback_carries_the_chosen_suggestions(cast, accepted):
    chosen = services.suggestion_add(assignment=cast.assignment, by=cast.leader, text="健全制度")
    left_out = services.suggestion_add(assignment=cast.assignment, by=cast.leader, text="加强学习")
    feedback = issue(cast, accepted, suggestions=[chosen])
    assert list(feedback.suggestions.all()) == [chosen]
    left_out.refresh_from_db()
    assert left_out.feedback is None


def test_feedback_records_its_date_and_recipients(cast, accepted):
    feedback = issue(cast, accepted, recipients="  镇党委领导班子 ", top_official=" 张书记 ")
    assert (feedback.delivered_on, feedback.recipients, feedback.top_official) == (
        FEEDBACK_ON,
        "镇党委领导班子",
        "张书记",
    )


@pytest.mark.parametrize("role", ["leader", "deputy", "member", "liaison", "outsider"])
def test_only_office_staff_issue_feedback(cast, accepted, role):
    with pytest.raises(NotAllowed):
        issue(cast, accepted, by=getattr(cast, role))


def test_feedback_waits_until_the_team_is_reporting(cast):
    finding = flows.accepted_finding(cast)
    with pytest.raises(TransitionError, match="after reporting"):
        issue(cast, [finding])


def test_feedback_needs_at_least_one_finding(cast, accepted):
    with pytest.raises(DomainError, match="at least one"):
        issue(cast, [])


def test_only_accepted_findings_are_fed_back(cast, accepted):
    signed = flows.signed_finding(cast)
    with pytest.raises(DomainError, match=signed.number):
        issue(cast, [*accepted, signed])


def test_a_finding_of_another_assignment_cannot_be_fed_back(cast, other_cast, accepted):
    foreign = flows.accepted_finding(other_cast)
    with pytest.raises(DomainError, match="another assignment"):
        issue(cast, [*accepted, foreign])


def test_a_suggestion_of_another_assignment_cannot_be_fed_back(cast, other_cast, accepted):
    foreign = services.suggestion_add(
        assignment=other_cast.assignment, by=other_cast.leader, text="健全制度"
    )
    with pytest.raises(DomainError, match="another assignment"):
        issue(cast, accepted, suggestions=[foreign])


def test_feedback_cannot_be_dated_before_the_round_starts(cast, accepted):
    with pytest.raises(DomainError, match="before the round started"):
        issue(cast, accepted, delivered_on=ROUND_START - datetime.timedelta(days=1))


@pytest.mark.parametrize("field", ["recipients", "top_official"])
def test_feedback_names_its_recipients_and_the_top_official(cast, accepted, field):
    with pytest.raises(DomainError, match="Name the recipients"):
        issue(cast, accepted, **{field: "  "})


def test_refused_feedback_leaves_the_findings_accepted(cast, accepted):
    with pytest.raises(DomainError):
        issue(cast, accepted, top_official="")
    for finding in accepted:
        finding.refresh_from_db()
        assert (finding.status, finding.feedback) == (Status.ACCEPTED, None)


def test_feedback_is_issued_once(cast, accepted):
    issue(cast, accepted[:1])
    with pytest.raises(TransitionError):
        issue(cast, accepted[1:])


# suggestion_add --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["leader", "deputy", "office_staff"])
def test_the_leaders_or_the_office_add_suggestions(cast, role):
    suggestion = services.suggestion_add(
        assignment=cast.assignment, by=getattr(cast, role), text="  加强干部队伍建设 "
    )
    assert Suggestion.objects.get(pk=suggestion.pk).text == "加强干部队伍建设"


@pytest.mark.parametrize("role", ["member", "liaison", "outsider"])
def test_members_and_others_cannot_add_suggestions(cast, role):
    with pytest.raises(NotAllowed):
        services.suggestion_add(assignment=cast.assignment, by=getattr(cast, role), text="建议")


def test_an_empty_suggestion_is_refused(cast):
    with pytest.raises(DomainError, match="cannot be empty"):
        services.suggestion_add(assignment=cast.assignment, by=cast.leader, text="   ")


def test_no_suggestion_is_added_after_feedback(cast):
    flows.fed_back(cast)
    with pytest.raises(DomainError, match="suggestions are closed"):
        services.suggestion_add(assignment=cast.assignment, by=cast.leader, text="补充建议")


# lead_register ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["leader", "office_staff"])
def test_the_leader_or_the_office_register_a_lead(cast, role):
    flows.on_site(cast)
    lead = services.lead_register(
        assignment=cast.assignment, by=getattr(cast, role), subject_name="李某", summary="受贿"
    )
    assert (lead.status, lead.number) == (
        LeadStatus.REGISTERED,
        f"XS-{cast.assignment.target.code}-01",
    )


@pytest.mark.parametrize("role", ["deputy", "member", "liaison", "receiving_officer"])
def test_nobody_else_registers_a_lead(cast, role):
    flows.on_site(cast)
    with pytest.raises(NotAllowed):
        services.lead_register(
            assignment=cast.assignment, by=getattr(cast, role), subject_name="李某", summary="受贿"
        )


def test_a_lead_names_the_person_concerned(cast):
    flows.on_site(cast)
    with pytest.raises(DomainError, match="Name the person"):
        services.lead_register(
            assignment=cast.assignment, by=cast.leader, subject_name=" ", summary="受贿"
        )


def test_a_lead_links_only_to_a_finding_of_its_assignment(cast, other_cast):
    foreign = flows.drafted_finding(other_cast)
    flows.on_site(cast)
    with pytest.raises(DomainError, match="another assignment"):
        services.lead_register(
            assignment=cast.assignment,
            by=cast.leader,
            subject_name="李某",
            summary="受贿",
            finding=foreign,
        )


# lead_transfer ---------------------------------------------------------------------------


def test_the_office_transfers_a_lead_to_a_receiving_body(cast):
    lead = flows.registered_lead(cast)
    moved = services.lead_transfer(
        lead=lead,
        by=cast.office_staff,
        receiving_body=cast.receiving_body,
        transferred_on=datetime.date(2024, 7, 20),
    )
    assert (moved.status, moved.receiving_body, moved.transferred_on) == (
        LeadStatus.TRANSFERRED,
        cast.receiving_body,
        datetime.date(2024, 7, 20),
    )


def test_the_leader_cannot_transfer_a_lead(cast):
    lead = flows.registered_lead(cast)
    with pytest.raises(NotAllowed):
        services.lead_transfer(
            lead=lead,
            by=cast.leader,
            receiving_body=cast.receiving_body,
            transferred_on=datetime.date(2024, 7, 20),
        )


def test_a_lead_goes_to_a_receiving_body_of_the_same_office(cast, other_cast):
    lead = flows.registered_lead(cast)
    with pytest.raises(DomainError, match="same office"):
        services.lead_transfer(
            lead=lead,
            by=cast.office_staff,
            receiving_body=other_cast.receiving_body,
            transferred_on=datetime.date(2024, 7, 20),
        )


def test_a_lead_is_transferred_once(cast):
    lead = flows.transferred_lead(cast)
    with pytest.raises(TransitionError, match="cannot become"):
        services.lead_transfer(
            lead=lead,
            by=cast.office_staff,
            receiving_body=cast.receiving_body,
            transferred_on=datetime.date(2024, 7, 21),
        )


# lead_record_outcome ---------------------------------------------------------------------


def record(cast, lead, outcome, outcome_on=datetime.date(2024, 8, 1), by=None):
    return services.lead_record_outcome(
        lead=lead,
        by=by or cast.receiving_officer,
        outcome=outcome,
        outcome_on=outcome_on,
        note="经初步核实",
    )


def test_the_receiving_body_opens_a_case_on_a_transferred_lead(cast):
    lead = record(cast, flows.transferred_lead(cast), LeadStatus.CASE_OPENED)
    assert (lead.status, lead.outcome_on, lead.outcome_note) == (
        LeadStatus.CASE_OPENED,
        datetime.date(2024, 8, 1),
        "经初步核实",
    )


@pytest.mark.parametrize("role", ["office_staff", "leader", "outsider"])
def test_only_the_receiving_body_records_an_outcome(cast, role):
    lead = flows.transferred_lead(cast)
    with pytest.raises(NotAllowed, match="transferred to"):
        record(cast, lead, LeadStatus.CASE_OPENED, by=getattr(cast, role))


def test_an_officer_of_another_receiving_body_cannot_record_an_outcome(cast):
    lead = flows.transferred_lead(cast)
    other_body = factories.ReceivingBodyFactory(office=cast.office)
    stranger = factories.ProfileFactory(receiving_body=other_body).user
    with pytest.raises(NotAllowed):
        record(cast, lead, LeadStatus.CASE_OPENED, by=stranger)


def test_no_outcome_is_recorded_on_a_lead_not_yet_transferred(cast):
    lead = flows.registered_lead(cast)
    with pytest.raises(NotAllowed):
        record(cast, lead, LeadStatus.CASE_OPENED)


def test_a_case_is_closed_after_it_was_opened(cast):
    lead = record(cast, flows.transferred_lead(cast), LeadStatus.CASE_OPENED)
    closed = record(cast, lead, LeadStatus.CLOSED, outcome_on=datetime.date(2024, 12, 1))
    assert closed.status == LeadStatus.CLOSED


def test_a_case_cannot_be_closed_without_being_opened(cast):
    lead = flows.transferred_lead(cast)
    with pytest.raises(TransitionError, match="cannot become"):
        record(cast, lead, LeadStatus.CLOSED)


def test_no_case_is_recorded_straight_after_transfer(cast):
    lead = record(cast, flows.transferred_lead(cast), LeadStatus.NO_CASE)
    assert lead.status == LeadStatus.NO_CASE


def test_no_case_cannot_follow_an_opened_case(cast):
    lead = record(cast, flows.transferred_lead(cast), LeadStatus.CASE_OPENED)
    with pytest.raises(TransitionError, match="cannot become"):
        record(cast, lead, LeadStatus.NO_CASE)


@pytest.mark.parametrize("before", [[], [LeadStatus.CASE_OPENED]])
def test_a_lead_is_handled_after_transfer_or_after_opening_a_case(cast, before):
    lead = flows.transferred_lead(cast)
    for outcome in before:
        lead = record(cast, lead, outcome)
    assert record(cast, lead, LeadStatus.HANDLED).status == LeadStatus.HANDLED


def test_an_outcome_cannot_be_dated_before_the_transfer(cast):
    lead = flows.transferred_lead(cast, transferred_on=datetime.date(2024, 7, 20))
    with pytest.raises(DomainError, match="before the transfer"):
        record(cast, lead, LeadStatus.CASE_OPENED, outcome_on=datetime.date(2024, 7, 19))


def test_an_outcome_may_be_dated_on_the_day_of_transfer(cast):
    lead = flows.transferred_lead(cast, transferred_on=datetime.date(2024, 7, 20))
    lead = record(cast, lead, LeadStatus.CASE_OPENED, outcome_on=datetime.date(2024, 7, 20))
    assert lead.outcome_on == datetime.date(2024, 7, 20)


def test_an_unknown_outcome_is_refused(cast):
    lead = flows.transferred_lead(cast)
    with pytest.raises(DomainError, match="Unknown outcome"):
        record(cast, lead, LeadStatus.REGISTERED)


def test_a_case_cannot_be_closed_before_it_was_opened(cast):
    lead = record(
        cast,
        flows.transferred_lead(cast),
        LeadStatus.CASE_OPENED,
        outcome_on=datetime.date(2024, 9, 1),
    )
    with pytest.raises(DomainError):
        record(cast, lead, LeadStatus.CLOSED, outcome_on=datetime.date(2024, 8, 1))


def test_a_refused_outcome_leaves_the_lead_as_it_was(cast):
    lead = flows.transferred_lead(cast)
    with pytest.raises(TransitionError):
        record(cast, lead, LeadStatus.CLOSED)
    lead.refresh_from_db()
    assert (lead.status, lead.outcome_on) == (LeadStatus.TRANSFERRED, None)
    assert not StatusChange.objects.filter(object_id=lead.pk, to_value=LeadStatus.CLOSED).exists()


# dates in the future and phases ------------------------------------------------------------


TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


def test_a_working_paper_cannot_be_dated_in_the_future(cast):
    flows.on_site(cast)
    with pytest.raises(DomainError, match="future"):
        flows.drafted_finding(cast, prepared_on=TOMORROW)


def test_feedback_cannot_be_dated_in_the_future(cast):
    with pytest.raises(DomainError, match="future"):
        flows.fed_back(cast, delivered_on=TOMORROW)


def test_a_transfer_cannot_be_dated_in_the_future(cast):
    with pytest.raises(DomainError, match="future"):
        flows.transferred_lead(cast, transferred_on=TOMORROW)


def test_an_outcome_cannot_be_dated_in_the_future(cast):
    lead = flows.transferred_lead(cast)
    with pytest.raises(DomainError, match="future"):
        record(cast, lead, Lead.Status.CASE_OPENED, outcome_on=TOMORROW)


def test_no_lead_is_registered_before_the_team_is_on_site(cast):
    with pytest.raises(DomainError, match="on-site phase"):
        services.lead_register(
            assignment=cast.assignment, by=cast.leader, subject_name="李某", summary="受贿"
        )


def test_an_outsider_cannot_return_a_draft(cast):
    finding = flows.drafted_finding(cast)
    with pytest.raises(NotAllowed):
        services.finding_return(finding=finding, by=cast.outsider, comment="退回")


def test_a_returned_finding_loses_its_review(cast):
    finding = flows.returned_finding(cast)
    finding.refresh_from_db()
    assert (finding.reviewed_by, finding.reviewed_at) == (None, None)
