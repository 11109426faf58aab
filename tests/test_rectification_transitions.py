"""Rectification (整改): the plan and its clocks, items to closure, evaluation and closing."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import DomainError, NotAllowed, TransitionError
from rectification import services
from rectification.models import (
    Evaluation,
    ProgressReport,
    RectificationItem,
    RectificationPlan,
)
from rounds.models import Assignment
from tests import factories, flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "media_root")]

Phase = Assignment.Phase
PlanStatus = RectificationPlan.Status
ItemStatus = RectificationItem.Status
Kind = RectificationItem.Kind
SIGNED_AT = datetime.datetime(2024, 8, 10, 9, 0, tzinfo=datetime.UTC)


def d(text):
    return datetime.date.fromisoformat(text)


def clocks(plan):
    return (plan.due_on, plan.report_due_on, plan.concentrated_until)


def add_item(cast, plan, finding, **overrides):
    values = {
        "plan": plan,
        "by": cast.liaison,
        "finding": finding,
        "measure": "建立健全财务审批制度",
        "responsible_unit": "镇财政所",
        "responsible_person": "赵所长",
        "deadline": d("2024-09-30"),
    }
    values.update(overrides)
    return services.item_add(**values)


def submit(cast, plan, **overrides):
    values = {"plan": plan, "by": cast.liaison, "signed_by_name": "张书记", "signed_at": SIGNED_AT}
    values.update(overrides)
    return services.plan_submit(**values)


def evaluate(cast, **overrides):
    values = {
        "assignment": cast.assignment,
        "by": cast.office_staff,
        "party": Evaluation.Party.OFFICE,
        "score": Decimal("88.5"),
        "grade": Evaluation.Grade.GOOD,
    }
    values.update(overrides)
    return services.evaluation_record(**values)


# plan_open -------------------------------------------------------------------------------


def test_by_default_the_clocks_run_one_two_and_three_months_from_feedback(cast):
    plan = flows.opened_plan(cast, delivered_on=d("2024-07-15"))
    assert clocks(plan) == (d("2024-08-15"), d("2024-09-15"), d("2024-10-15"))


def test_a_deadline_falls_on_the_last_day_of_a_shorter_month(cast):
    plan = flows.opened_plan(cast, delivered_on=d("2024-03-31"))
    assert clocks(plan) == (d("2024-04-30"), d("2024-05-31"), d("2024-06-30"))


def test_the_clocks_run_into_the_next_year_and_february(cast):
    plan = flows.opened_plan(cast, delivered_on=d("2024-11-30"))
    assert clocks(plan) == (d("2024-12-30"), d("2025-01-30"), d("2025-02-28"))


def test_the_clocks_follow_the_office_policy(cast):
    factories.RectificationPolicyFactory(
        office=cast.office, plan_due_months=2, report_due_months=3, concentrated_months=6
    )
    plan = flows.opened_plan(cast, delivered_on=d("2024-07-15"))
    assert clocks(plan) == (d("2024-09-15"), d("2024-10-15"), d("2025-01-15"))


def test_a_deadline_on_a_weekend_stays_there_unless_the_policy_moves_it(cast):
    # 2024-09-15 is a Sunday.
    plan = flows.opened_plan(cast, delivered_on=d("2024-07-15"))
    assert plan.report_due_on == d("2024-09-15")


def test_the_policy_moves_a_sunday_deadline_to_monday(cast):
    factories.RectificationPolicyFactory(office=cast.office, move_weekend_deadlines=True)
    plan = flows.opened_plan(cast, delivered_on=d("2024-07-15"))
    assert clocks(plan) == (d("2024-08-15"), d("2024-09-16"), d("2024-10-15"))


def test_the_policy_moves_a_saturday_deadline_to_monday(cast):
    # 2024-08-17 is a Saturday.
    factories.RectificationPolicyFactory(office=cast.office, move_weekend_deadlines=True)
    plan = flows.opened_plan(cast, delivered_on=d("2024-07-17"))
    assert plan.due_on == d("2024-08-19")


def test_opening_the_plan_twice_gives_the_same_plan(cast):
    first = flows.opened_plan(cast)
    again = services.plan_open(assignment=cast.assignment, by=cast.office_staff)
    assert again.pk == first.pk
    assert RectificationPlan.objects.filter(assignment=cast.assignment).count() == 1


def test_no_plan_is_opened_before_feedback(cast):
    flows.reporting(cast)
    with pytest.raises(DomainError, match="no feedback yet"):
        services.plan_open(assignment=cast.assignment, by=cast.liaison)


def test_the_office_may_open_the_plan_for_the_unit(cast):
    flows.fed_back(cast)
    plan = services.plan_open(assignment=cast.assignment, by=cast.office_staff)
    assert plan.status == PlanStatus.DRAFT


@pytest.mark.parametrize("role", ["leader", "member", "receiving_officer", "outsider"])
def test_only_the_liaison_or_the_office_open_the_plan(cast, role):
    flows.fed_back(cast)
    with pytest.raises(NotAllowed, match="liaison or the office"):
        services.plan_open(assignment=cast.assignment, by=getattr(cast, role))


def test_a_liaison_no_longer_active_cannot_open_the_plan(cast):
    flows.fed_back(cast)
    cast.assignment.target.liaisons.update(active=False)
    with pytest.raises(NotAllowed):
        services.plan_open(assignment=cast.assignment, by=cast.liaison)


def test_the_liaison_of_another_unit_cannot_open_the_plan(cast, other_cast):
    flows.fed_back(cast)
    with pytest.raises(NotAllowed):
        services.plan_open(assignment=cast.assignment, by=other_cast.liaison)


# item_add --------------------------------------------------------------------------------


def test_the_liaison_adds_a_measure_for_a_fed_back_finding(cast):
    plan = flows.opened_plan(cast)
    finding = flows.fed_back_findings(cast)[0]
    item = add_item(cast, plan, finding, kind=Kind.IMMEDIATE)
    assert (item.status, item.kind, item.finding) == (
        ItemStatus.NOT_STARTED,
        Kind.IMMEDIATE,
        finding,
    )


def test_a_finding_may_have_several_measures(cast):
    plan = flows.opened_plan(cast)
    finding = flows.fed_back_findings(cast)[0]
    add_item(cast, plan, finding)
    add_item(cast, plan, finding, measure="开展警示教育")
    assert finding.rectification_items.count() == 2


def test_an_accepted_finding_left_out_of_the_feedback_takes_no_measure(cast):
    left_out = flows.accepted_finding(cast)
    plan = flows.opened_plan(cast)
    with pytest.raises(DomainError, match="fed back to this unit"):
        add_item(cast, plan, left_out)


def test_a_finding_of_another_assignment_takes_no_measure_here(cast, other_cast):
    plan = flows.opened_plan(cast)
    flows.fed_back(other_cast)
    with pytest.raises(DomainError, match="fed back to this unit"):
        add_item(cast, plan, flows.fed_back_findings(other_cast)[0])


def test_a_measure_must_be_described(cast):
    plan = flows.opened_plan(cast)
    with pytest.raises(DomainError, match="Describe the measure"):
        add_item(cast, plan, flows.fed_back_findings(cast)[0], measure="  ")


def test_a_measure_cannot_be_due_before_the_feedback(cast):
    plan = flows.opened_plan(cast, delivered_on=d("2024-07-15"))
    with pytest.raises(DomainError, match="before the feedback"):
        add_item(cast, plan, flows.fed_back_findings(cast)[0], deadline=d("2024-07-14"))


def test_the_leader_cannot_add_measures(cast):
    plan = flows.opened_plan(cast)
    with pytest.raises(NotAllowed):
        add_item(cast, plan, flows.fed_back_findings(cast)[0], by=cast.leader)


def test_no_measure_is_added_to_a_submitted_plan(cast):
    plan = flows.submitted_plan(cast)
    with pytest.raises(DomainError, match="can no longer be changed"):
        add_item(cast, plan, flows.fed_back_findings(cast)[0])


def test_a_measure_is_added_to_a_returned_plan(cast):
    plan = flows.submitted_plan(cast)
    plan = services.plan_return(plan=plan, by=cast.office_staff, comment="措施不具体")
    item = add_item(cast, plan, flows.fed_back_findings(cast)[0], measure="细化整改措施")
    assert item.plan == plan


# plan_submit -----------------------------------------------------------------------------


def test_the_liaison_submits_a_plan_signed_by_the_top_official(cast):
    plan = submit(cast, flows.covered_plan(cast), signed_by_name="  张书记 ")
    assert (plan.status, plan.signed_by_name, plan.signed_at) == (
        PlanStatus.SUBMITTED,
        "张书记",
        SIGNED_AT,
    )
    assert (plan.submitted_by, plan.submitted_at is not None) == (cast.liaison, True)


def test_every_fed_back_finding_needs_a_measure_before_submission(cast):
    plan = flows.opened_plan(cast, findings=2)
    covered, uncovered = flows.fed_back_findings(cast)
    add_item(cast, plan, covered)
    with pytest.raises(DomainError, match=f"no measure yet: {uncovered.number}"):
        submit(cast, plan)


def test_a_plan_names_the_top_official_who_signed_it(cast):
    with pytest.raises(DomainError, match="top official"):
        submit(cast, flows.covered_plan(cast), signed_by_name=" ")


def test_a_plan_needs_the_date_it_was_signed(cast):
    with pytest.raises(DomainError):
        submit(cast, flows.covered_plan(cast), signed_at=None)


def test_a_signed_scan_of_the_wrong_type_is_refused(cast):
    scan = SimpleUploadedFile("方案.pdf", b"not a pdf", content_type="application/pdf")
    with pytest.raises(DomainError, match="does not match"):
        submit(cast, flows.covered_plan(cast), signed_scan=scan)


def test_a_signed_scan_is_kept_with_the_plan(cast):
    plan = submit(cast, flows.covered_plan(cast), signed_scan=flows.pdf("方案.pdf"))
    plan.refresh_from_db()
    assert plan.signed_scan.name.endswith(".pdf")


@pytest.mark.parametrize("role", ["leader", "outsider"])
def test_only_the_liaison_or_the_office_submit_the_plan(cast, role):
    with pytest.raises(NotAllowed):
        submit(cast, flows.covered_plan(cast), by=getattr(cast, role))


def test_a_submitted_plan_cannot_be_submitted_again(cast):
    plan = flows.submitted_plan(cast)
    with pytest.raises(TransitionError, match="cannot become"):
        submit(cast, plan)


# plan_accept, plan_return ----------------------------------------------------------------


def test_the_office_accepts_a_submitted_plan(cast):
    plan = services.plan_accept(plan=flows.submitted_plan(cast), by=cast.office_staff)
    assert (plan.status, plan.decided_by) == (PlanStatus.ACCEPTED, cast.office_staff)


@pytest.mark.parametrize("role", ["liaison", "leader", "outsider"])
def test_only_the_office_accepts_a_plan(cast, role):
    plan = flows.submitted_plan(cast)
    with pytest.raises(NotAllowed, match="Only staff of"):
        services.plan_accept(plan=plan, by=getattr(cast, role))


def test_a_draft_plan_cannot_be_accepted(cast):
    plan = flows.covered_plan(cast)
    with pytest.raises(TransitionError, match="cannot become"):
        services.plan_accept(plan=plan, by=cast.office_staff)


def test_the_office_returns_a_submitted_plan_with_a_comment(cast):
    plan = services.plan_return(
        plan=flows.submitted_plan(cast), by=cast.office_staff, comment="措施不具体"
    )
    assert plan.status == PlanStatus.RETURNED


def test_returning_a_plan_needs_a_comment(cast):
    plan = flows.submitted_plan(cast)
    with pytest.raises(DomainError, match="must change"):
        services.plan_return(plan=plan, by=cast.office_staff, comment="")


def test_the_liaison_cannot_return_the_plan(cast):
    plan = flows.submitted_plan(cast)
    with pytest.raises(NotAllowed):
        services.plan_return(plan=plan, by=cast.liaison, comment="措施不具体")


def test_an_accepted_plan_cannot_be_returned(cast):
    plan = flows.accepted_plan(cast)
    with pytest.raises(TransitionError, match="cannot become"):
        services.plan_return(plan=plan, by=cast.office_staff, comment="措施不具体")


def test_a_returned_plan_is_submitted_again(cast):
    plan = services.plan_return(
        plan=flows.submitted_plan(cast), by=cast.office_staff, comment="措施不具体"
    )
    assert submit(cast, plan).status == PlanStatus.SUBMITTED


# progress_report -------------------------------------------------------------------------


def test_the_first_progress_report_starts_the_item(cast):
    item = flows.item_under_plan(cast)
    report = services.progress_report(item=item, by=cast.liaison, text="已制定整改清单")
    item.refresh_from_db()
    assert (item.status, report.kind) == (ItemStatus.IN_PROGRESS, ProgressReport.Kind.PROGRESS)
    assert item.last_progress_at == report.created_at


def test_a_long_term_item_gets_periodic_reports(cast):
    item = flows.item_under_plan(cast, kind=Kind.LONG_TERM)
    report = services.progress_report(item=item, by=cast.liaison, text="本季度开展专题学习两次")
    assert report.kind == ProgressReport.Kind.PERIODIC


def test_progress_is_reported_under_an_accepted_plan(cast):
    item = flows.item_under_plan(cast, plan_status=PlanStatus.ACCEPTED)
    services.progress_report(item=item, by=cast.liaison, text="已制定整改清单")
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_PROGRESS


def test_progress_is_not_reported_before_the_plan_is_submitted(cast):
    item = flows.added_item(cast)
    with pytest.raises(DomainError, match="once the plan has been submitted"):
        services.progress_report(item=item, by=cast.liaison, text="已制定整改清单")


def test_progress_is_not_reported_under_a_returned_plan(cast):
    item = flows.item_under_plan(cast)
    services.plan_return(plan=item.plan, by=cast.office_staff, comment="措施不具体")
    with pytest.raises(DomainError, match="once the plan has been submitted"):
        services.progress_report(item=item, by=cast.liaison, text="已制定整改清单")


@pytest.mark.parametrize("walk", [flows.claimed_item, flows.closed_item])
def test_progress_is_not_reported_on_a_claimed_or_closed_item(cast, walk):
    item = walk(cast)
    with pytest.raises(DomainError, match="wait for the office"):
        services.progress_report(item=item, by=cast.liaison, text="补充说明")


def test_a_progress_report_says_what_was_done(cast):
    item = flows.item_under_plan(cast)
    with pytest.raises(DomainError, match="Write what was done"):
        services.progress_report(item=item, by=cast.liaison, text=" ")


def test_a_progress_report_keeps_its_attachments(cast):
    item = flows.item_under_plan(cast)
    report = services.progress_report(
        item=item, by=cast.liaison, text="已印发文件", attachments=[flows.pdf("通知.pdf")]
    )
    assert list(report.attachments.values_list("name", "content_type")) == [
        ("通知.pdf", "application/pdf")
    ]


def test_a_bad_attachment_refuses_the_whole_report(cast):
    item = flows.item_under_plan(cast)
    with pytest.raises(DomainError, match="is empty"):
        services.progress_report(
            item=item, by=cast.liaison, text="已印发文件", attachments=[flows.pdf(content=b"")]
        )
    assert not item.progress_reports.exists()


@pytest.mark.parametrize("role", ["leader", "member", "outsider"])
def test_only_the_liaison_or_the_office_report_progress(cast, role):
    item = flows.item_under_plan(cast)
    with pytest.raises(NotAllowed):
        services.progress_report(item=item, by=getattr(cast, role), text="已制定整改清单")


# item_claim_done -------------------------------------------------------------------------


def test_the_liaison_claims_an_item_done_with_evidence(cast):
    item = services.item_claim_done(
        item=flows.started_item(cast),
        by=cast.liaison,
        text="制度已印发",
        attachments=[flows.pdf()],
    )
    assert item.status == ItemStatus.CLAIMED
    assert item.progress_reports.filter(kind=ProgressReport.Kind.CLAIM).count() == 1


def test_an_item_not_started_may_be_claimed_done_at_once(cast):
    item = services.item_claim_done(
        item=flows.item_under_plan(cast, kind=Kind.IMMEDIATE),
        by=cast.liaison,
        text="已立行立改",
        attachments=[flows.pdf()],
    )
    assert item.status == ItemStatus.CLAIMED


def test_claiming_an_item_done_needs_evidence(cast):
    item = flows.started_item(cast)
    with pytest.raises(DomainError, match="Attach the evidence"):
        services.item_claim_done(item=item, by=cast.liaison, text="制度已印发", attachments=[])


def test_a_long_term_item_is_never_claimed_done(cast):
    item = flows.started_item(cast, kind=Kind.LONG_TERM)
    with pytest.raises(DomainError, match="never just ticked off"):
        services.item_claim_done(
            item=item, by=cast.liaison, text="已完成", attachments=[flows.pdf()]
        )


def test_a_claimed_item_cannot_be_claimed_again(cast):
    item = flows.claimed_item(cast)
    with pytest.raises(TransitionError, match="cannot become"):
        services.item_claim_done(
            item=item, by=cast.liaison, text="再次申请", attachments=[flows.pdf()]
        )


def test_a_returned_item_is_claimed_done_again(cast):
    item = services.item_return(item=flows.claimed_item(cast), by=cast.office_staff, reason="不实")
    item = services.item_claim_done(
        item=item, by=cast.liaison, text="已补充材料", attachments=[flows.pdf()]
    )
    assert item.status == ItemStatus.CLAIMED


def test_the_leader_cannot_claim_an_item_done(cast):
    item = flows.started_item(cast)
    with pytest.raises(NotAllowed):
        services.item_claim_done(
            item=item, by=cast.leader, text="已完成", attachments=[flows.pdf()]
        )


# item_close, item_return, item_reopen ----------------------------------------------------


def test_the_office_closes_a_claimed_item(cast):
    item = services.item_close(item=flows.claimed_item(cast), by=cast.office_staff)
    assert (item.status, item.closed_by, item.closed_at is not None) == (
        ItemStatus.CLOSED,
        cast.office_staff,
        True,
    )


@pytest.mark.parametrize("role", ["liaison", "leader", "outsider"])
def test_only_the_office_closes_an_item(cast, role):
    item = flows.claimed_item(cast)
    with pytest.raises(NotAllowed):
        services.item_close(item=item, by=getattr(cast, role))


def test_an_item_in_progress_cannot_be_closed(cast):
    item = flows.started_item(cast)
    with pytest.raises(TransitionError, match="cannot become"):
        services.item_close(item=item, by=cast.office_staff)


def test_the_office_returns_a_claimed_item_and_counts_the_return(cast):
    item = services.item_return(
        item=flows.claimed_item(cast), by=cast.office_staff, reason="佐证材料不足"
    )
    assert (item.status, item.return_count) == (ItemStatus.RETURNED, 1)


def test_each_return_of_an_item_is_counted(cast):
    item = flows.claimed_item(cast)
    services.item_return(item=item, by=cast.office_staff, reason="佐证材料不足")
    services.item_claim_done(item=item, by=cast.liaison, text="已补充", attachments=[flows.pdf()])
    item = services.item_return(item=item, by=cast.office_staff, reason="仍不充分")
    assert item.return_count == 2


def test_returning_an_item_needs_a_reason(cast):
    item = flows.claimed_item(cast)
    with pytest.raises(DomainError, match="why the item is returned"):
        services.item_return(item=item, by=cast.office_staff, reason=" ")


def test_the_liaison_cannot_return_an_item(cast):
    item = flows.claimed_item(cast)
    with pytest.raises(NotAllowed):
        services.item_return(item=item, by=cast.liaison, reason="佐证材料不足")


def test_an_item_in_progress_cannot_be_returned(cast):
    item = flows.started_item(cast)
    with pytest.raises(TransitionError, match="cannot become"):
        services.item_return(item=item, by=cast.office_staff, reason="佐证材料不足")


def test_the_office_reopens_a_closed_item(cast):
    item = services.item_reopen(
        item=flows.closed_item(cast), by=cast.office_staff, reason="回头看发现问题反弹"
    )
    assert (item.status, item.closed_by, item.closed_at, item.return_count) == (
        ItemStatus.RETURNED,
        None,
        None,
        1,
    )


def test_reopening_an_item_needs_a_reason(cast):
    item = flows.closed_item(cast)
    with pytest.raises(DomainError, match="why the item is reopened"):
        services.item_reopen(item=item, by=cast.office_staff, reason="")


def test_the_liaison_cannot_reopen_an_item(cast):
    item = flows.closed_item(cast)
    with pytest.raises(NotAllowed):
        services.item_reopen(item=item, by=cast.liaison, reason="问题反弹")


def test_only_a_closed_item_is_reopened(cast):
    item = flows.claimed_item(cast)
    with pytest.raises(TransitionError, match="cannot become"):
        services.item_reopen(item=item, by=cast.office_staff, reason="问题反弹")


# assignment_begin_evaluation -------------------------------------------------------------


def test_evaluation_begins_once_the_plan_is_accepted(cast):
    flows.accepted_plan(cast)
    flows.in_rectification(cast)
    assignment = services.assignment_begin_evaluation(
        assignment=cast.assignment, by=cast.office_staff
    )
    assert assignment.phase == Phase.EVALUATION


def test_evaluation_waits_for_the_plan_to_be_accepted(cast):
    flows.submitted_plan(cast)
    flows.in_rectification(cast)
    with pytest.raises(TransitionError, match="not been accepted"):
        services.assignment_begin_evaluation(assignment=cast.assignment, by=cast.office_staff)


def test_evaluation_needs_a_plan(cast):
    flows.in_rectification(cast)
    with pytest.raises(TransitionError, match="not been accepted"):
        services.assignment_begin_evaluation(assignment=cast.assignment, by=cast.office_staff)


def test_evaluation_cannot_skip_the_rectification_phase(cast):
    flows.accepted_plan(cast)
    assert cast.refresh().phase == Phase.FEEDBACK
    with pytest.raises(TransitionError, match="cannot become"):
        services.assignment_begin_evaluation(assignment=cast.assignment, by=cast.office_staff)


def test_the_liaison_cannot_begin_the_evaluation(cast):
    flows.accepted_plan(cast)
    flows.in_rectification(cast)
    with pytest.raises(NotAllowed):
        services.assignment_begin_evaluation(assignment=cast.assignment, by=cast.liaison)


# evaluation_record -----------------------------------------------------------------------


def test_the_office_records_an_evaluation_in_the_evaluation_phase(cast):
    flows.in_evaluation(cast)
    evaluation = evaluate(cast)
    assert Evaluation.objects.get(pk=evaluation.pk).score == Decimal("88.5")


@pytest.mark.parametrize("score", [Decimal(0), Decimal(100)])
def test_a_score_may_be_zero_or_a_hundred(cast, score):
    flows.in_evaluation(cast)
    assert evaluate(cast, score=score).score == score


@pytest.mark.parametrize("score", [Decimal("-0.5"), Decimal("100.5")])
def test_a_score_outside_zero_to_a_hundred_is_refused(cast, score):
    flows.in_evaluation(cast)
    with pytest.raises(DomainError, match="between 0 and 100"):
        evaluate(cast, score=score)


def test_each_party_evaluates_once(cast):
    flows.in_evaluation(cast)
    evaluate(cast, party=Evaluation.Party.DISCIPLINE_GROUP)
    with pytest.raises(DomainError, match="already evaluated"):
        evaluate(cast, party=Evaluation.Party.DISCIPLINE_GROUP)


def test_three_parties_evaluate_the_same_assignment(cast):
    flows.in_evaluation(cast)
    for party in (
        Evaluation.Party.SUPERIOR_DEPARTMENT,
        Evaluation.Party.DISCIPLINE_GROUP,
        Evaluation.Party.INSPECTION_TEAM,
    ):
        evaluate(cast, party=party)
    assert cast.assignment.evaluations.count() == 3


def test_no_evaluation_is_recorded_during_rectification(cast):
    flows.accepted_plan(cast)
    flows.in_rectification(cast)
    with pytest.raises(TransitionError, match="evaluation phase"):
        evaluate(cast)


@pytest.mark.parametrize("role", ["liaison", "leader", "outsider"])
def test_only_the_office_records_evaluations(cast, role):
    flows.in_evaluation(cast)
    with pytest.raises(NotAllowed):
        evaluate(cast, by=getattr(cast, role))


# assignment_close ------------------------------------------------------------------------


def test_the_office_closes_an_evaluated_assignment(cast):
    flows.in_evaluation(cast)
    evaluate(cast)
    assignment = services.assignment_close(assignment=cast.assignment, by=cast.office_staff)
    assert assignment.phase == Phase.CLOSED


def test_an_assignment_is_not_closed_without_an_evaluation(cast):
    flows.in_evaluation(cast)
    with pytest.raises(TransitionError, match="at least one evaluation"):
        services.assignment_close(assignment=cast.assignment, by=cast.office_staff)


def test_the_liaison_cannot_close_the_assignment(cast):
    flows.in_evaluation(cast)
    evaluate(cast)
    with pytest.raises(NotAllowed):
        services.assignment_close(assignment=cast.assignment, by=cast.liaison)


def test_a_closed_assignment_cannot_be_closed_again(cast):
    flows.in_evaluation(cast)
    evaluate(cast)
    services.assignment_close(assignment=cast.assignment, by=cast.office_staff)
    with pytest.raises(TransitionError, match="cannot become"):
        services.assignment_close(assignment=cast.assignment, by=cast.office_staff)
