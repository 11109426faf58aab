"""Every status or phase change leaves a StatusChange; a refused one changes and writes nothing."""

import datetime

import pytest

from core.errors import TransitionError
from core.models import StatusChange
from core.transitions import history
from rectification import services as rectification
from rectification.models import Evaluation, ProgressReport
from rounds import services as rounds
from rounds.models import Lead
from tests import flows
from tests.factories import FEEDBACK_ON

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "media_root")]


# Each case makes one allowed change through a service and returns
# (object, field, from, to, by, comment) as the log should record it.


def round_start(cast):
    rounds.round_start(round=cast.round, by=cast.office_staff)
    return cast.round, "status", "planned", "in_progress", cast.office_staff, ""


def round_started_by_going_on_site(cast):
    flows.on_site(cast)
    return cast.round, "status", "planned", "in_progress", cast.office_staff, ""


def round_complete(cast):
    flows.fed_back(cast)
    rounds.round_complete(round=cast.round, by=cast.office_staff)
    return cast.round, "status", "in_progress", "completed", cast.office_staff, ""


def round_cancel(cast):
    rounds.round_cancel(round=cast.round, by=cast.office_staff, reason="县委调整工作安排")
    return cast.round, "status", "planned", "cancelled", cast.office_staff, "县委调整工作安排"


def assignment_begin_on_site(cast):
    rounds.assignment_begin_on_site(assignment=cast.assignment, by=cast.office_staff)
    return cast.assignment, "phase", "preparation", "on_site", cast.office_staff, ""


def assignment_begin_reporting(cast):
    flows.on_site(cast)
    rounds.assignment_begin_reporting(assignment=cast.assignment, by=cast.office_staff)
    return cast.assignment, "phase", "on_site", "reporting", cast.office_staff, ""


def feedback_issue_moves_the_assignment(cast):
    flows.fed_back(cast)
    return cast.assignment, "phase", "reporting", "feedback", cast.office_staff, ""


def feedback_issue_moves_the_finding(cast):
    flows.fed_back(cast)
    finding = flows.fed_back_findings(cast)[0]
    return finding, "status", "accepted", "fed_back", cast.office_staff, ""


def assignment_begin_rectification(cast):
    flows.fed_back(cast)
    rounds.assignment_begin_rectification(assignment=cast.assignment, by=cast.office_staff)
    return cast.assignment, "phase", "feedback", "rectification", cast.office_staff, ""


def finding_review(cast):
    finding = flows.drafted_finding(cast)
    rounds.finding_review(finding=finding, by=cast.deputy, comment="事实清楚")
    return finding, "status", "draft", "reviewed", cast.deputy, "事实清楚"


def finding_sign(cast):
    finding = flows.reviewed_finding(cast)
    rounds.finding_sign(finding=finding, by=cast.leader, comment="同意上报")
    return finding, "status", "reviewed", "signed", cast.leader, "同意上报"


def finding_accept(cast):
    finding = flows.signed_finding(cast)
    rounds.finding_accept(finding=finding, by=cast.office_staff, comment="拟反馈")
    return finding, "status", "signed", "accepted", cast.office_staff, "拟反馈"


def finding_return(cast):
    finding = flows.accepted_finding(cast)
    rounds.finding_return(finding=finding, by=cast.office_staff, comment="定性依据不足")
    return finding, "status", "accepted", "returned", cast.office_staff, "定性依据不足"


def lead_transfer(cast):
    lead = flows.registered_lead(cast)
    rounds.lead_transfer(
        lead=lead,
        by=cast.office_staff,
        receiving_body=cast.receiving_body,
        transferred_on=datetime.date(2024, 7, 20),
    )
    return lead, "status", "registered", "transferred", cast.office_staff, ""


def lead_record_outcome(cast):
    lead = flows.transferred_lead(cast)
    rounds.lead_record_outcome(
        lead=lead,
        by=cast.receiving_officer,
        outcome=Lead.Status.CASE_OPENED,
        outcome_on=datetime.date(2024, 8, 1),
        note="已立案审查",
    )
    return lead, "status", "transferred", "case_opened", cast.receiving_officer, "已立案审查"


def plan_submit(cast):
    plan = flows.submitted_plan(cast)
    return plan, "status", "draft", "submitted", cast.liaison, ""


def plan_accept(cast):
    plan = flows.submitted_plan(cast)
    rectification.plan_accept(plan=plan, by=cast.office_staff, comment="方案可行")
    return plan, "status", "submitted", "accepted", cast.office_staff, "方案可行"


def plan_return(cast):
    plan = flows.submitted_plan(cast)
    rectification.plan_return(plan=plan, by=cast.office_staff, comment="措施不具体")
    return plan, "status", "submitted", "returned", cast.office_staff, "措施不具体"


def progress_report_starts_the_item(cast):
    item = flows.started_item(cast)
    return item, "status", "not_started", "in_progress", cast.liaison, ""


def item_claim_done(cast):
    item = flows.claimed_item(cast)
    return item, "status", "in_progress", "claimed", cast.liaison, "制度已印发执行。"


def item_close(cast):
    item = flows.closed_item(cast)
    return item, "status", "claimed", "closed", cast.office_staff, "核实销号"


def item_return(cast):
    item = flows.claimed_item(cast)
    rectification.item_return(item=item, by=cast.office_staff, reason="佐证材料不足")
    return item, "status", "claimed", "returned", cast.office_staff, "佐证材料不足"


def item_reopen(cast):
    item = flows.closed_item(cast)
    rectification.item_reopen(item=item, by=cast.office_staff, reason="问题反弹")
    return item, "status", "closed", "returned", cast.office_staff, "问题反弹"


def assignment_begin_evaluation(cast):
    flows.in_evaluation(cast)
    return cast.assignment, "phase", "rectification", "evaluation", cast.office_staff, ""


def assignment_close(cast):
    flows.in_evaluation(cast)
    rectification.evaluation_record(
        assignment=cast.assignment,
        by=cast.office_staff,
        party=Evaluation.Party.OFFICE,
        score=90,
        grade=Evaluation.Grade.EXCELLENT,
    )
    rectification.assignment_close(assignment=cast.assignment, by=cast.office_staff, comment="办结")
    return cast.assignment, "phase", "evaluation", "closed", cast.office_staff, "办结"


LOGGED = [
    round_start,
    round_started_by_going_on_site,
    round_complete,
    round_cancel,
    assignment_begin_on_site,
    assignment_begin_reporting,
    feedback_issue_moves_the_assignment,
    feedback_issue_moves_the_finding,
    assignment_begin_rectification,
    finding_review,
    finding_sign,
    finding_accept,
    finding_return,
    lead_transfer,
    lead_record_outcome,
    plan_submit,
    plan_accept,
    plan_return,
    progress_report_starts_the_item,
    item_claim_done,
    item_close,
    item_return,
    item_reopen,
    assignment_begin_evaluation,
    assignment_close,
]


@pytest.mark.parametrize("transition", LOGGED, ids=lambda case: case.__name__)
def test_a_transition_records_from_to_by_and_comment(cast, transition):
    subject, field, from_value, to_value, by, comment = transition(cast)
    change = history(subject).filter(to_value=to_value).last()
    assert change is not None
    assert (change.field, change.from_value, change.to_value, change.by, change.comment) == (
        field,
        from_value,
        to_value,
        by,
        comment,
    )


def test_the_log_keeps_every_step_of_a_finding_in_order(cast):
    finding = flows.accepted_finding(cast)
    steps = [(c.from_value, c.to_value) for c in history(finding)]
    assert steps == [("draft", "reviewed"), ("reviewed", "signed"), ("signed", "accepted")]


def test_the_log_entry_is_timestamped(cast):
    rounds.round_start(round=cast.round, by=cast.office_staff)
    assert history(cast.round).get().at is not None


# Each case sets up an object and returns (object, field, refused action, part of the message).


def starting_a_started_round(cast):
    flows.on_site(cast)
    return (
        cast.round,
        "status",
        lambda: rounds.round_start(round=cast.round, by=cast.office_staff),
        "is in progress; it cannot become in progress",
    )


def cancelling_a_round_in_progress(cast):
    flows.on_site(cast)
    return (
        cast.round,
        "status",
        lambda: rounds.round_cancel(round=cast.round, by=cast.office_staff, reason="调整"),
        "cannot become cancelled",
    )


def completing_a_round_still_on_site(cast):
    flows.on_site(cast)
    return (
        cast.round,
        "status",
        lambda: rounds.round_complete(round=cast.round, by=cast.office_staff),
        "have not been fed back",
    )


def going_on_site_twice(cast):
    flows.on_site(cast)
    return (
        cast.assignment,
        "phase",
        lambda: rounds.assignment_begin_on_site(assignment=cast.assignment, by=cast.office_staff),
        "is on site; it cannot become on site",
    )


def reporting_before_going_on_site(cast):
    return (
        cast.assignment,
        "phase",
        lambda: rounds.assignment_begin_reporting(assignment=cast.assignment, by=cast.office_staff),
        "is preparation; it cannot become reporting",
    )


def rectification_before_feedback(cast):
    flows.reporting(cast)
    return (
        cast.assignment,
        "phase",
        lambda: rounds.assignment_begin_rectification(
            assignment=cast.assignment, by=cast.office_staff
        ),
        "is reporting; it cannot become rectification",
    )


def feedback_while_on_site(cast):
    finding = flows.accepted_finding(cast)
    return (
        cast.assignment,
        "phase",
        lambda: rounds.feedback_issue(
            assignment=cast.assignment,
            by=cast.office_staff,
            delivered_on=FEEDBACK_ON,
            recipients="镇党委领导班子",
            top_official="张书记",
            findings=[finding],
        ),
        "Feedback is issued after reporting",
    )


def signing_a_draft(cast):
    finding = flows.drafted_finding(cast)
    return (
        finding,
        "status",
        lambda: rounds.finding_sign(finding=finding, by=cast.leader),
        "is draft; it cannot become signed by leader",
    )


def accepting_an_unsigned_finding(cast):
    finding = flows.reviewed_finding(cast)
    return (
        finding,
        "status",
        lambda: rounds.finding_accept(finding=finding, by=cast.office_staff),
        "cannot become accepted by office",
    )


def reviewing_a_signed_finding(cast):
    finding = flows.signed_finding(cast)
    return (
        finding,
        "status",
        lambda: rounds.finding_review(finding=finding, by=cast.deputy),
        "is signed by leader; it cannot become reviewed by deputy leader",
    )


def returning_a_returned_paper(cast):
    finding = flows.returned_finding(cast)
    return (
        finding,
        "status",
        lambda: rounds.finding_return(finding=finding, by=cast.leader, comment="重写"),
        "is returned; it cannot become returned",
    )


def transferring_a_lead_twice(cast):
    lead = flows.transferred_lead(cast)
    return (
        lead,
        "status",
        lambda: rounds.lead_transfer(
            lead=lead,
            by=cast.office_staff,
            receiving_body=cast.receiving_body,
            transferred_on=datetime.date(2024, 7, 21),
        ),
        "is transferred; it cannot become transferred",
    )


def closing_a_case_never_opened(cast):
    lead = flows.transferred_lead(cast)
    return (
        lead,
        "status",
        lambda: rounds.lead_record_outcome(
            lead=lead,
            by=cast.receiving_officer,
            outcome=Lead.Status.CLOSED,
            outcome_on=datetime.date(2024, 8, 1),
        ),
        "is transferred; it cannot become case closed",
    )


def accepting_a_draft_plan(cast):
    plan = flows.covered_plan(cast)
    return (
        plan,
        "status",
        lambda: rectification.plan_accept(plan=plan, by=cast.office_staff),
        "is draft; it cannot become accepted",
    )


def returning_an_accepted_plan(cast):
    plan = flows.accepted_plan(cast)
    return (
        plan,
        "status",
        lambda: rectification.plan_return(plan=plan, by=cast.office_staff, comment="再改"),
        "is accepted; it cannot become returned",
    )


def closing_an_item_never_claimed(cast):
    item = flows.started_item(cast)
    return (
        item,
        "status",
        lambda: rectification.item_close(item=item, by=cast.office_staff),
        "is in progress; it cannot become closed",
    )


def reopening_an_item_not_closed(cast):
    item = flows.claimed_item(cast)
    return (
        item,
        "status",
        lambda: rectification.item_reopen(item=item, by=cast.office_staff, reason="反弹"),
        "is claimed done; it cannot become returned for rework",
    )


def evaluating_before_rectification(cast):
    flows.accepted_plan(cast)
    return (
        cast.assignment,
        "phase",
        lambda: rectification.assignment_begin_evaluation(
            assignment=cast.assignment, by=cast.office_staff
        ),
        "is feedback; it cannot become evaluation",
    )


def closing_an_assignment_without_evaluation(cast):
    flows.in_evaluation(cast)
    return (
        cast.assignment,
        "phase",
        lambda: rectification.assignment_close(assignment=cast.assignment, by=cast.office_staff),
        "Record at least one evaluation",
    )


REFUSED = [
    starting_a_started_round,
    cancelling_a_round_in_progress,
    completing_a_round_still_on_site,
    going_on_site_twice,
    reporting_before_going_on_site,
    rectification_before_feedback,
    feedback_while_on_site,
    signing_a_draft,
    accepting_an_unsigned_finding,
    reviewing_a_signed_finding,
    returning_a_returned_paper,
    transferring_a_lead_twice,
    closing_a_case_never_opened,
    accepting_a_draft_plan,
    returning_an_accepted_plan,
    closing_an_item_never_claimed,
    reopening_an_item_not_closed,
    evaluating_before_rectification,
    closing_an_assignment_without_evaluation,
]


@pytest.mark.parametrize("refused", REFUSED, ids=lambda case: case.__name__)
def test_a_refused_transition_says_why(cast, refused):
    _subject, _field, action, message = refused(cast)
    with pytest.raises(TransitionError, match=message):
        action()


@pytest.mark.parametrize("refused", REFUSED, ids=lambda case: case.__name__)
def test_a_refused_transition_changes_nothing_in_the_database(cast, refused):
    subject, field, action, _message = refused(cast)
    subject.refresh_from_db()
    before = getattr(subject, field)
    with pytest.raises(TransitionError):
        action()
    subject.refresh_from_db()
    assert getattr(subject, field) == before


@pytest.mark.parametrize("refused", REFUSED, ids=lambda case: case.__name__)
def test_a_refused_transition_writes_no_log_entry(cast, refused):
    _subject, _field, action, _message = refused(cast)
    logged = StatusChange.objects.count()
    with pytest.raises(TransitionError):
        action()
    assert StatusChange.objects.count() == logged


def test_the_message_names_the_object_its_status_and_the_refused_status(cast):
    finding = flows.drafted_finding(cast)
    with pytest.raises(TransitionError) as refused:
        rounds.finding_sign(finding=finding, by=cast.leader)
    assert refused.value.message == f"{finding} is draft; it cannot become signed by leader."
    assert refused.value.code == "invalid_transition"


def test_a_refused_claim_leaves_no_progress_report_behind(cast):
    # item_claim_done files the claim report before the status check: it must roll back.
    item = flows.claimed_item(cast)
    reports = ProgressReport.objects.filter(item=item).count()
    with pytest.raises(TransitionError):
        rectification.item_claim_done(
            item=item, by=cast.liaison, text="再次申请", attachments=[flows.pdf()]
        )
    assert ProgressReport.objects.filter(item=item).count() == reports


def test_the_history_of_a_finding_names_who_made_each_change(cast):
    finding = flows.signed_finding(cast)
    authors = [
        (record.status, record.history_user)
        for record in finding.history.order_by("history_date", "history_id")
    ]
    assert authors == [
        ("draft", cast.member),
        ("reviewed", cast.deputy),
        ("signed", cast.leader),
    ]


def test_feeding_back_records_each_finding_in_its_history(cast):
    flows.fed_back(cast)
    finding = flows.fed_back_findings(cast)[0]
    latest = finding.history.latest()
    assert (latest.status, latest.feedback_id, latest.history_user) == (
        "fed_back",
        finding.feedback_id,
        cast.office_staff,
    )
