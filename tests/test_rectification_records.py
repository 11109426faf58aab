"""Editing and withdrawing measures, round clocks, rectification reports, filings (备案) and the
weighted evaluation result."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import DomainError, NotAllowed
from core.models import StatusChange
from rectification import services
from rectification.models import (
    Evaluation,
    Filing,
    RectificationItem,
    RectificationReport,
    RoundClocks,
)
from rectification.selectors import evaluation_result
from tests import factories, flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "media_root")]

ItemStatus = RectificationItem.Status
Kind = RectificationItem.Kind
Party = Evaluation.Party
Grade = Evaluation.Grade
Report = RectificationReport.Kind
Document = Filing.Document


def d(text):
    return datetime.date.fromisoformat(text)


def update(cast, item, **overrides):
    values = {
        "item": item,
        "by": cast.liaison,
        "measure": "完善制度并组织学习",
        "responsible_unit": "镇纪委",
        "responsible_person": "李书记",
        "deadline": d("2024-10-31"),
        "kind": Kind.IMMEDIATE,
    }
    values.update(overrides)
    return services.item_update(**values)


def file_report(cast, **overrides):
    values = {
        "assignment": cast.assignment,
        "by": cast.liaison,
        "kind": Report.UNIT,
        "text": "整改工作已基本完成。",
        "author_name": "张书记",
    }
    values.update(overrides)
    return services.report_file(**values)


def record_filing(cast, **overrides):
    values = {
        "assignment": cast.assignment,
        "by": cast.office_staff,
        "document": Document.PLAN,
        "party": Filing.Party.DISCIPLINE_GROUP,
        "filed_on": d("2024-09-02"),
    }
    values.update(overrides)
    return services.filing_record(**values)


# items: edit and withdraw ---------------------------------------------------------------


def test_the_liaison_changes_a_measure_of_a_draft_plan(cast):
    item = update(cast, flows.added_item(cast))
    item.refresh_from_db()
    assert (item.measure, item.kind, item.deadline) == (
        "完善制度并组织学习",
        Kind.IMMEDIATE,
        d("2024-10-31"),
    )


def test_a_measure_of_a_returned_plan_may_be_changed(cast):
    plan = flows.submitted_plan(cast)
    services.plan_return(plan=plan, by=cast.office_staff, comment="措施不具体")
    item = update(cast, plan.items.get(), measure="细化到人到岗")
    assert item.measure == "细化到人到岗"


def test_a_measure_of_a_submitted_plan_cannot_be_changed(cast):
    plan = flows.submitted_plan(cast)
    with pytest.raises(DomainError, match="can no longer be changed"):
        update(cast, plan.items.get())


def test_a_changed_measure_still_needs_a_responsible_person(cast):
    with pytest.raises(DomainError, match="responsible unit and person"):
        update(cast, flows.added_item(cast), responsible_person=" ")


def test_the_leader_cannot_change_a_measure(cast):
    with pytest.raises(NotAllowed):
        update(cast, flows.added_item(cast), by=cast.leader)


def test_a_withdrawn_measure_stays_on_record_with_its_reason(cast):
    item = flows.added_item(cast)
    services.item_withdraw(item=item, by=cast.liaison, reason="与第2项重复")
    item.refresh_from_db()
    assert item.status == ItemStatus.WITHDRAWN
    assert StatusChange.objects.filter(object_id=item.pk, to_value="withdrawn").get().comment == (
        "与第2项重复"
    )


def test_a_finding_whose_only_measure_was_withdrawn_blocks_submission(cast):
    plan = flows.covered_plan(cast)
    services.item_withdraw(item=plan.items.get(), by=cast.liaison)
    with pytest.raises(DomainError, match="no measure yet"):
        flows.submit(cast, plan)


def test_no_progress_is_reported_on_a_withdrawn_measure(cast):
    plan = flows.covered_plan(cast)
    extra = flows.added_item(cast, plan=plan)
    services.item_withdraw(item=extra, by=cast.liaison)
    flows.submit(cast, plan)
    with pytest.raises(DomainError, match="withdrawn"):
        services.progress_report(item=extra, by=cast.liaison, text="进展")


def test_a_withdrawn_measure_cannot_be_edited(cast):
    item = flows.added_item(cast)
    services.item_withdraw(item=item, by=cast.liaison)
    with pytest.raises(DomainError, match="withdrawn"):
        update(cast, item)


# round clocks ---------------------------------------------------------------------------


def test_a_round_sets_its_own_clocks_where_the_office_allows_it(cast):
    factories.RectificationPolicyFactory(office=cast.office, rounds_may_override=True)
    RoundClocks.objects.create(
        round=cast.round, plan_due_months=2, report_due_months=4, concentrated_months=6
    )
    plan = flows.opened_plan(cast, delivered_on=d("2024-07-15"))
    assert (plan.due_on, plan.report_due_on, plan.concentrated_until) == (
        d("2024-09-15"),
        d("2024-11-15"),
        d("2025-01-15"),
    )


def test_a_round_clock_is_ignored_where_the_office_does_not_allow_it(cast):
    RoundClocks.objects.create(
        round=cast.round, plan_due_months=2, report_due_months=4, concentrated_months=6
    )
    plan = flows.opened_plan(cast, delivered_on=d("2024-07-15"))
    assert plan.due_on == d("2024-08-15")


# reports --------------------------------------------------------------------------------


def test_the_liaison_files_the_rectification_report(cast):
    flows.submitted_plan(cast)
    report = file_report(cast)
    assert (report.kind, report.author_name, report.submitted_by) == (
        Report.UNIT,
        "张书记",
        cast.liaison,
    )


def test_filing_a_report_again_revises_it_and_keeps_the_earlier_text(cast):
    flows.submitted_plan(cast)
    file_report(cast)
    report = file_report(cast, text="补充完善后的报告。")
    assert RectificationReport.objects.filter(assignment=cast.assignment).count() == 1
    assert [h.text for h in report.history.order_by("history_date")] == [
        "整改工作已基本完成。",
        "补充完善后的报告。",
    ]


def test_the_top_officials_report_is_filed_beside_the_units(cast):
    flows.submitted_plan(cast)
    file_report(cast)
    file_report(cast, kind=Report.TOP_OFFICIAL, text="本人履行第一责任人职责情况。")
    assert RectificationReport.objects.filter(assignment=cast.assignment).count() == 2


def test_no_report_is_filed_before_the_plan_is_submitted(cast):
    flows.covered_plan(cast)
    with pytest.raises(DomainError, match="submit the rectification plan first"):
        file_report(cast)


def test_a_report_names_who_signed_it(cast):
    flows.submitted_plan(cast)
    with pytest.raises(DomainError, match="Name who signed"):
        file_report(cast, author_name="")


def test_a_report_keeps_its_signed_copy(cast):
    flows.submitted_plan(cast)
    report = file_report(cast, file=flows.pdf("整改报告.pdf"))
    assert (report.file_content_type, report.file.read()) == ("application/pdf", flows.PDF_BYTES)


def test_a_report_refuses_a_signed_copy_that_is_not_what_it_claims(cast):
    flows.submitted_plan(cast)
    fake = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(DomainError, match="does not match"):
        file_report(cast, file=fake)
    assert not RectificationReport.objects.exists()


def test_the_leader_cannot_file_the_units_report(cast):
    flows.submitted_plan(cast)
    with pytest.raises(NotAllowed):
        file_report(cast, by=cast.leader)


# filings --------------------------------------------------------------------------------


def test_the_office_records_the_plan_filed_with_a_party(cast):
    flows.submitted_plan(cast)
    filing = record_filing(cast, reference="纪检备〔2024〕12号")
    assert (filing.party, filing.reference, filing.recorded_by) == (
        Filing.Party.DISCIPLINE_GROUP,
        "纪检备〔2024〕12号",
        cast.office_staff,
    )


def test_a_plan_filing_is_recorded_once_per_party(cast):
    flows.submitted_plan(cast)
    record_filing(cast)
    with pytest.raises(DomainError, match="already recorded"):
        record_filing(cast)


def test_a_draft_plan_has_not_been_filed_anywhere(cast):
    flows.covered_plan(cast)
    with pytest.raises(DomainError, match="not been submitted"):
        record_filing(cast)


def test_the_report_is_filed_only_once_it_exists(cast):
    flows.submitted_plan(cast)
    with pytest.raises(DomainError, match="report has not been filed"):
        record_filing(cast, document=Document.REPORT)


def test_a_filing_cannot_predate_the_submission(cast):
    flows.submitted_plan(cast)
    with pytest.raises(DomainError, match="before it was signed"):
        record_filing(cast, filed_on=d("2020-01-01"))


def test_a_filing_cannot_be_dated_in_the_future(cast):
    flows.submitted_plan(cast)
    with pytest.raises(DomainError, match="future"):
        record_filing(cast, filed_on=datetime.date.today() + datetime.timedelta(days=3))


def test_the_liaison_does_not_record_filings(cast):
    flows.submitted_plan(cast)
    with pytest.raises(NotAllowed):
        record_filing(cast, by=cast.liaison)


# the evaluation result ------------------------------------------------------------------


def evaluated(cast, scores):
    flows.in_evaluation(cast)
    for party, score in scores.items():
        services.evaluation_record(
            assignment=cast.assignment,
            by=cast.office_staff,
            party=party,
            score=Decimal(score),
            grade=Grade.GOOD,
        )
    return evaluation_result(cast.assignment, cast.assignment.evaluations.all())


def test_the_overall_score_weighs_the_parties_by_the_default_scheme(cast):
    # (30 × 90 + 30 × 80 + 20 × 70 + 20 × 60) / 100 = 77.
    result = evaluated(
        cast,
        {
            Party.SUPERIOR_DEPARTMENT: 90,
            Party.DISCIPLINE_GROUP: 80,
            Party.INSPECTION_TEAM: 70,
            Party.OFFICE: 60,
        },
    )
    assert (result.score, result.grade) == (Decimal("77.0"), Grade.FAIR)


def test_a_party_that_has_not_evaluated_drops_out_of_the_weights(cast):
    # (30 × 95 + 20 × 85) / 50 = 91.
    result = evaluated(cast, {Party.SUPERIOR_DEPARTMENT: 95, Party.INSPECTION_TEAM: 85})
    assert (result.score, result.grade, result.parties) == (Decimal("91.0"), Grade.EXCELLENT, 2)


def test_the_office_sets_its_own_weights_and_grades(cast):
    factories.RectificationPolicyFactory(
        office=cast.office,
        weight_superior=1,
        weight_discipline=0,
        weight_team=0,
        weight_office=1,
        excellent_from=95,
        good_from=85,
        fair_from=70,
    )
    result = evaluated(cast, {Party.SUPERIOR_DEPARTMENT: 90, Party.OFFICE: 80})
    assert (result.score, result.grade) == (Decimal("85.0"), Grade.GOOD)


def test_a_score_below_the_fair_line_is_poor(cast):
    result = evaluated(cast, {Party.OFFICE: 59})
    assert result.grade == Grade.POOR


def test_there_is_no_overall_result_before_any_party_has_evaluated(cast):
    result = evaluated(cast, {})
    assert (result.score, result.grade) == (None, None)


def test_the_overall_score_is_rounded_to_one_decimal(cast):
    # (30 × 85 + 30 × 80 + 20 × 81) / 80 = 82.125.
    result = evaluated(
        cast,
        {Party.SUPERIOR_DEPARTMENT: 85, Party.DISCIPLINE_GROUP: 80, Party.INSPECTION_TEAM: 81},
    )
    assert result.score == Decimal("82.1")


@pytest.fixture(autouse=True)
def _after_the_signature():
    """The walks sign the plan on 2024-08-10; the records follow a little later."""
    with time_machine.travel(datetime.datetime(2024, 9, 2, 10, tzinfo=datetime.UTC), tick=True):
        yield


def test_a_report_is_dated_today_unless_it_says_otherwise(cast):
    flows.submitted_plan(cast)
    assert file_report(cast).signed_on == d("2024-09-02")


def test_a_report_cannot_be_dated_before_the_plan(cast):
    flows.submitted_plan(cast)
    with pytest.raises(DomainError, match="before the plan"):
        file_report(cast, signed_on=d("2024-08-01"))


def test_the_report_filing_follows_the_date_on_the_report(cast):
    flows.submitted_plan(cast)
    file_report(cast, signed_on=d("2024-08-30"))
    with pytest.raises(DomainError, match="signed on 2024-08-30"):
        record_filing(cast, document=Document.REPORT, filed_on=d("2024-08-29"))
