"""报备: the rules of filing plans and summaries with the office above, and of the review."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import DomainError, NotAllowed, TransitionError
from core.models import StatusChange
from linkage import policy, services
from linkage.models import FilingPolicy, UpwardFiling
from organisations.models import Office
from tests import factories, flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root", "english")]

Kind = UpwardFiling.Kind
Status = UpwardFiling.Status
TERM_START = datetime.date(2022, 1, 1)
DEFAULTS = FilingPolicy()


@pytest.fixture
def scene(db):
    province = factories.OfficeFactory(level=Office.Level.PROVINCIAL)
    city = factories.OfficeFactory(level=Office.Level.MUNICIPAL, parent=province)
    term = factories.TermFactory(office=city, starts_on=TERM_START)
    return {
        "province": province,
        "city": city,
        "term": term,
        "round": factories.RoundFactory(term=term),
        "city_staff": factories.OfficeStaffFactory(office=city).user,
        "province_staff": factories.OfficeStaffFactory(office=province).user,
        "province_reader": factories.ProfileFactory(office=province, is_leadership=True).user,
    }


PLAN_FIGURES = {"targets_planned": 134, "rounds_planned": 9}
SUMMARY_FIGURES = {"targets_inspected": 12, "problems_found": 87, "leads_transferred": 6}


def submit(scene, kind=Kind.TERM_PLAN, **overrides):
    values = {
        "office": scene["city"],
        "by": scene["city_staff"],
        "kind": kind,
        "term": scene["term"],
        "title": "巡察工作规划",
        "summary": "本届任期内实现巡察全覆盖。",
        "figures": SUMMARY_FIGURES if kind == Kind.ROUND_SUMMARY else PLAN_FIGURES,
        "document": flows.pdf("规划.pdf"),
    }
    if kind == Kind.ANNUAL_PLAN:
        values["year"] = 2023
    if kind == Kind.ROUND_SUMMARY:
        values["round_"] = scene["round"]
    return services.filing_submit(**values | overrides)


# Submitting -------------------------------------------------------------------------------


def test_a_term_plan_is_filed_with_the_parent_and_due_within_90_days(scene):
    filing = submit(scene)
    assert filing.filed_with == scene["province"]
    assert filing.status == Status.SUBMITTED
    assert filing.due_on == TERM_START + datetime.timedelta(days=90)
    assert filing.rounds_planned == 9 and filing.targets_inspected is None
    assert filing.document_content_type == "application/pdf"
    assert filing.history.count() == 1


def test_an_annual_plan_is_due_on_31_january_and_a_summary_30_days_after_the_round(scene):
    annual = submit(scene, Kind.ANNUAL_PLAN)
    assert annual.due_on == datetime.date(2023, 1, 31)
    summary = submit(scene, Kind.ROUND_SUMMARY)
    assert summary.due_on == scene["round"].planned_end + datetime.timedelta(days=30)
    assert summary.term == scene["term"] and summary.year is None


def test_the_first_annual_plan_is_due_no_earlier_than_the_term_plan(scene):
    annual = submit(scene, Kind.ANNUAL_PLAN, year=2022)
    assert annual.due_on == policy.term_plan_due(scene["term"], DEFAULTS)


@pytest.mark.parametrize(
    ("kind", "overrides", "message"),
    [
        (Kind.TERM_PLAN, {"term": None}, "Choose the term the plan is for."),
        (Kind.ANNUAL_PLAN, {"year": None}, "Give the year of the annual plan."),
        (Kind.ANNUAL_PLAN, {"year": 2031}, "outside the term"),
        (Kind.ROUND_SUMMARY, {"round_": None}, "Choose the round the summary is about."),
        (Kind.ROUND_SUMMARY, {"figures": {"targets_inspected": 3}}, "problems found"),
        (Kind.TERM_PLAN, {"figures": {"targets_planned": -1, "rounds_planned": 2}}, "negative"),
        (Kind.TERM_PLAN, {"title": "  "}, "Give the filing a title."),
        (Kind.TERM_PLAN, {"document": None}, "Attach the signed document."),
    ],
)
def test_kind_specific_fields_are_required(scene, kind, overrides, message):
    with pytest.raises(DomainError, match=message):
        submit(scene, kind, **overrides)
    assert not UpwardFiling.objects.exists()


def test_a_round_or_term_of_another_office_is_refused(scene):
    other_round = factories.RoundFactory()
    with pytest.raises(DomainError, match="not one of your office's rounds"):
        submit(scene, Kind.ROUND_SUMMARY, round_=other_round)
    with pytest.raises(DomainError, match="not one of your office's terms"):
        submit(scene, term=other_round.term)


def test_a_fake_pdf_is_refused(scene):
    fake = SimpleUploadedFile("规划.pdf", b"not a pdf", content_type="application/pdf")
    with pytest.raises(DomainError) as refused:
        submit(scene, document=fake)
    assert refused.value.code == "upload"


def test_only_staff_of_the_filing_office_submit(scene):
    for person in (scene["province_staff"], scene["province_reader"]):
        with pytest.raises(NotAllowed):
            submit(scene, by=person)
    reader = factories.ProfileFactory(office=scene["city"], is_leadership=True).user
    with pytest.raises(NotAllowed):
        submit(scene, by=reader)


def test_an_office_without_a_parent_cannot_file(scene):
    term = factories.TermFactory(office=scene["province"])
    with pytest.raises(DomainError, match="no office above"):
        submit(scene, office=scene["province"], by=scene["province_staff"], term=term)


def test_the_same_plan_cannot_be_filed_twice(scene):
    submit(scene)
    with pytest.raises(DomainError, match="already filed"):
        submit(scene)
    submit(scene, Kind.ANNUAL_PLAN)
    with pytest.raises(DomainError, match="already filed"):
        submit(scene, Kind.ANNUAL_PLAN)
    assert UpwardFiling.objects.count() == 2


# Reviewing --------------------------------------------------------------------------------


def test_the_upper_office_acknowledges_and_the_change_is_recorded(scene):
    filing = submit(scene)
    filing = services.filing_acknowledge(filing=filing, by=scene["province_staff"])
    assert filing.status == Status.ACKNOWLEDGED
    assert filing.reviewed_by == scene["province_staff"] and filing.reviewed_at
    change = StatusChange.objects.get()
    assert (change.from_value, change.to_value, change.by) == (
        "submitted",
        "acknowledged",
        scene["province_staff"],
    )


def test_only_the_upper_office_staff_review(scene):
    filing = submit(scene)
    for person in (scene["city_staff"], scene["province_reader"]):
        with pytest.raises(NotAllowed):
            services.filing_acknowledge(filing=filing, by=person)
        with pytest.raises(NotAllowed):
            services.filing_return(filing=filing, by=person, comment="补充")


def test_a_return_needs_a_comment(scene):
    filing = submit(scene)
    with pytest.raises(DomainError, match="Say what the filing must change"):
        services.filing_return(filing=filing, by=scene["province_staff"], comment=" ")
    filing.refresh_from_db()
    assert filing.status == Status.SUBMITTED


def test_an_acknowledged_filing_cannot_be_returned_or_acknowledged_again(scene):
    filing = services.filing_acknowledge(filing=submit(scene), by=scene["province_staff"])
    with pytest.raises(TransitionError):
        services.filing_return(filing=filing, by=scene["province_staff"], comment="补充")
    with pytest.raises(TransitionError):
        services.filing_acknowledge(filing=filing, by=scene["province_staff"])
    with pytest.raises(TransitionError):
        services.filing_resubmit(
            filing=filing, by=scene["city_staff"], title="t", summary="s", figures=PLAN_FIGURES
        )


def test_a_returned_filing_is_corrected_and_resubmitted_in_place(scene):
    filing = submit(scene)
    services.filing_return(filing=filing, by=scene["province_staff"], comment="请补充年度分解")
    filing.refresh_from_db()
    assert filing.status == Status.RETURNED and filing.review_comment == "请补充年度分解"
    with pytest.raises(NotAllowed):
        services.filing_resubmit(
            filing=filing, by=scene["province_staff"], title="x", summary="y", figures=PLAN_FIGURES
        )
    filing = services.filing_resubmit(
        filing=filing,
        by=scene["city_staff"],
        title="巡察工作规划（修订）",
        summary="已补充年度分解。",
        figures={"targets_planned": 140, "rounds_planned": 10},
        document=flows.pdf("规划修订.pdf"),
        comment="已按意见修改",
    )
    assert filing.status == Status.SUBMITTED
    assert filing.targets_planned == 140 and filing.reviewed_by is None
    assert UpwardFiling.objects.count() == 1
    assert [(c.to_value, c.comment) for c in StatusChange.objects.order_by("pk")] == [
        ("returned", "请补充年度分解"),
        ("submitted", "已按意见修改"),
    ]
    # Every version stays in the history, the first document with it.
    assert filing.history.count() == 3
    assert filing.history.earliest().document != filing.document.name
    services.filing_acknowledge(filing=filing, by=scene["province_staff"])


def test_resubmitting_without_a_new_document_keeps_the_old_one(scene):
    filing = submit(scene)
    old = filing.document.name
    services.filing_return(filing=filing, by=scene["province_staff"], comment="改")
    filing = services.filing_resubmit(
        filing=filing, by=scene["city_staff"], title="t", summary="s", figures=PLAN_FIGURES
    )
    assert filing.document.name == old


# Due dates ----------------------------------------------------------------------------------


@time_machine.travel(datetime.date(2024, 8, 15), tick=False)
def test_due_dates_by_hand():
    term = factories.TermFactory.build(
        starts_on=datetime.date(2024, 3, 1), ends_on=datetime.date(2028, 12, 31)
    )
    round_ = factories.RoundFactory.build(planned_end=datetime.date(2024, 6, 30))
    assert policy.term_plan_due(term, DEFAULTS) == datetime.date(2024, 5, 30)
    assert policy.annual_plan_due(term, 2024, DEFAULTS) == datetime.date(2024, 5, 30)
    assert policy.annual_plan_due(term, 2025, DEFAULTS) == datetime.date(2025, 1, 31)
    assert policy.round_summary_due(round_, DEFAULTS) == datetime.date(2024, 7, 30)
    assert policy.days_overdue(datetime.date(2024, 7, 30), datetime.date(2024, 8, 15)) == 16
    assert policy.days_overdue(datetime.date(2024, 9, 1), datetime.date(2024, 8, 15)) == 0
