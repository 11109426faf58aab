"""Reminders of 报备: what an office owes the office above, before and after the due date, to
the office's staff, and once late to the office above too; each threshold once."""

import datetime

import pytest
import time_machine

from linkage import services
from linkage.models import FilingPolicy, UpwardFiling
from organisations.models import Office
from reminders.models import Kind, Reminder, ReminderPolicy
from reminders.sweep import sweep
from tests import factories, flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "media_root")]

Filing = UpwardFiling.Kind
TERM_START = datetime.date(2024, 3, 1)  # term plan due 2024-05-30
ROUND_END = datetime.date(2024, 6, 30)  # summary due 2024-07-30


def d(text):
    return datetime.date.fromisoformat(text)


def run(day):
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(6)), tick=False):
        return sweep(day)


@pytest.fixture
def scene(db):
    province = factories.OfficeFactory(level=Office.Level.PROVINCIAL)
    city = factories.OfficeFactory(level=Office.Level.MUNICIPAL, parent=province)
    term = factories.TermFactory(
        office=city, starts_on=TERM_START, ends_on=datetime.date(2028, 12, 31)
    )
    round_ = factories.RoundFactory(
        term=term, planned_start=datetime.date(2024, 5, 1), planned_end=ROUND_END
    )
    return {
        "province": province,
        "city": city,
        "term": term,
        "round": round_,
        "city_staff": factories.OfficeStaffFactory(office=city, user__username="city").user,
        "province_staff": factories.OfficeStaffFactory(
            office=province, user__username="province"
        ).user,
    }


def reminded(*kinds):
    rows = Reminder.objects.filter(kind__in=kinds).select_related("recipient")
    return sorted((row.recipient.username, row.kind, row.threshold) for row in rows)


def file(scene, kind, **period):
    figures = (
        {"targets_inspected": 3, "problems_found": 9, "leads_transferred": 1}
        if kind == Filing.ROUND_SUMMARY
        else {"targets_planned": 40, "rounds_planned": 8}
    )
    return services.filing_submit(
        office=scene["city"],
        by=scene["city_staff"],
        kind=kind,
        title="报备",
        summary="内容",
        figures=figures,
        document=flows.pdf(),
        **period,
    )


def test_the_office_hears_its_term_plan_is_due_a_week_ahead(scene):
    run(d("2024-05-23"))
    assert reminded(Kind.FILING_DUE) == [("city", Kind.FILING_DUE, 7)]


def test_a_late_term_plan_is_reminded_to_the_office_and_the_office_above(scene):
    run(d("2024-05-31"))
    assert reminded(Kind.FILING_OVERDUE) == [
        ("city", Kind.FILING_OVERDUE, -1),
        ("province", Kind.FILING_OVERDUE, -1),
    ]


def test_a_reminder_of_a_filing_names_it_links_to_its_form_and_gives_its_due_date(scene):
    run(d("2024-05-29"))
    reminder = Reminder.objects.get(kind=Kind.FILING_DUE)
    assert reminder.summary == f"Term plan for {scene['term'].name}"
    assert reminder.link == "/linkage/filings/new/term_plan/"
    assert reminder.due_on == d("2024-05-30")


def test_a_submitted_term_plan_ends_its_reminders(scene):
    with time_machine.travel(datetime.datetime(2024, 5, 20, 10), tick=False):
        file(scene, Filing.TERM_PLAN, term=scene["term"])
    run(d("2024-05-31"))
    assert reminded(Kind.FILING_DUE, Kind.FILING_OVERDUE) == []


def test_a_returned_term_plan_is_owed_again(scene):
    filing = file(scene, Filing.TERM_PLAN, term=scene["term"])
    services.filing_return(filing=filing, by=scene["province_staff"], comment="请补充覆盖安排。")
    run(d("2024-06-06"))
    assert reminded(Kind.FILING_OVERDUE) == [
        ("city", Kind.FILING_OVERDUE, -7),
        ("province", Kind.FILING_OVERDUE, -7),
    ]


def test_the_office_above_sets_the_due_dates_reminded(scene):
    FilingPolicy.objects.create(office=scene["province"], term_plan_days=30)
    run(d("2024-03-31"))  # due 2024-03-31 under the province's 30 days
    assert reminded(Kind.FILING_DUE) == [("city", Kind.FILING_DUE, 0)]


def test_the_office_sets_when_it_hears(scene):
    ReminderPolicy.objects.create(office=scene["city"], due_soon_days="14", overdue_days="10")
    run(d("2024-05-16"))
    run(d("2024-06-09"))
    assert reminded(Kind.FILING_DUE, Kind.FILING_OVERDUE) == [
        ("city", Kind.FILING_DUE, 14),
        ("city", Kind.FILING_OVERDUE, -10),
        ("province", Kind.FILING_OVERDUE, -10),
    ]


def test_a_sweep_run_twice_reminds_a_filing_once(scene):
    run(d("2024-05-23"))
    run(d("2024-05-23"))
    assert Reminder.objects.filter(kind=Kind.FILING_DUE).count() == 1


def test_a_round_summary_is_reminded_after_the_round_and_its_cancelled_rounds_are_not(scene):
    cancelled = factories.RoundFactory(
        term=scene["term"],
        ordinal=2,
        planned_start=datetime.date(2024, 5, 1),
        planned_end=ROUND_END,
        status="cancelled",
    )
    run(d("2024-07-29"))
    rows = Reminder.objects.filter(kind=Kind.FILING_DUE, threshold=1)
    assert [row.subject_id for row in rows] == [scene["round"].pk]
    assert cancelled.pk not in {row.subject_id for row in rows}
    assert rows.get().link == "/linkage/filings/new/round_summary/"


def test_a_filed_round_summary_is_not_reminded(scene):
    file(scene, Filing.ROUND_SUMMARY, round_=scene["round"])
    run(d("2024-07-31"))
    assert Reminder.objects.filter(subject_id=scene["round"].pk).count() == 0


def test_this_years_annual_plan_is_reminded_once_ahead_and_once_late(scene):
    file(scene, Filing.TERM_PLAN, term=scene["term"])
    for day in ("2025-01-20", "2025-01-24", "2025-01-31", "2025-02-01", "2025-03-03"):
        run(d(day))
    assert reminded(Kind.ANNUAL_PLAN_DUE, Kind.ANNUAL_PLAN_LATE) == [
        ("city", Kind.ANNUAL_PLAN_DUE, 2025),
        ("city", Kind.ANNUAL_PLAN_LATE, -2025),
        ("province", Kind.ANNUAL_PLAN_LATE, -2025),
    ]


def test_each_years_annual_plan_is_reminded_in_its_year(scene):
    file(scene, Filing.TERM_PLAN, term=scene["term"])
    run(d("2025-01-30"))
    run(d("2026-01-30"))
    assert reminded(Kind.ANNUAL_PLAN_DUE) == [
        ("city", Kind.ANNUAL_PLAN_DUE, 2025),
        ("city", Kind.ANNUAL_PLAN_DUE, 2026),
    ]


def test_a_filed_annual_plan_is_not_reminded(scene):
    file(scene, Filing.TERM_PLAN, term=scene["term"])
    file(scene, Filing.ANNUAL_PLAN, term=scene["term"], year=2025)
    run(d("2025-02-10"))
    assert reminded(Kind.ANNUAL_PLAN_DUE, Kind.ANNUAL_PLAN_LATE) == []


def test_the_top_office_owes_no_filings(scene):
    factories.TermFactory(office=scene["province"], starts_on=TERM_START)
    run(d("2024-05-31"))
    assert not Reminder.objects.filter(
        recipient=scene["province_staff"], kind=Kind.FILING_DUE
    ).exists()
    assert {row.recipient for row in Reminder.objects.filter(kind=Kind.FILING_OVERDUE)} == {
        scene["city_staff"],
        scene["province_staff"],
    }
