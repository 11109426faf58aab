"""报备: who sees which filings, and what is overdue or missing, on dates set by hand."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from linkage import selectors, services
from linkage.models import FilingPolicy, UpwardFiling
from organisations.models import Office
from rounds.models import Round
from tests import factories, flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

Kind = UpwardFiling.Kind
Level = Office.Level
PLAN_FIGURES = {"targets_planned": 50, "rounds_planned": 8}
DEFAULTS = FilingPolicy()


@pytest.fixture
def tree(db):
    """A province; a city under it with two counties; a second city."""
    province = factories.OfficeFactory(level=Level.PROVINCIAL)
    city = factories.OfficeFactory(level=Level.MUNICIPAL, parent=province)
    other_city = factories.OfficeFactory(level=Level.MUNICIPAL, parent=province)
    county = factories.OfficeFactory(parent=city)
    sibling = factories.OfficeFactory(parent=city)
    staff = {
        office: factories.OfficeStaffFactory(office=office).user
        for office in (province, city, other_city, county, sibling)
    }
    return {
        "province": province,
        "city": city,
        "other_city": other_city,
        "county": county,
        "sibling": sibling,
        "staff": staff,
    }


def term_plan(office, by, starts_on=datetime.date(2022, 1, 1)):
    term = factories.TermFactory(office=office, starts_on=starts_on)
    return services.filing_submit(
        office=office,
        by=by,
        kind=Kind.TERM_PLAN,
        term=term,
        title="规划",
        summary="全覆盖",
        figures=PLAN_FIGURES,
        document=flows.pdf(),
    )


def test_scoping(tree):
    staff = tree["staff"]
    city_plan = term_plan(tree["city"], staff[tree["city"]])
    county_plan = term_plan(tree["county"], staff[tree["county"]])
    sibling_plan = term_plan(tree["sibling"], staff[tree["sibling"]])
    # A county never sees a sibling's filings.
    assert list(selectors.filings_visible_to(staff[tree["county"]])) == [county_plan]
    assert list(selectors.filings_inbox(staff[tree["county"]])) == []
    # The city sees its own filing and, in its inbox, its counties'.
    assert set(selectors.filings_inbox(staff[tree["city"]])) == {county_plan, sibling_plan}
    assert list(selectors.filings_filed_by(staff[tree["city"]])) == [city_plan]
    # The province's inbox holds its direct children's filings only, not its grandchildren's.
    assert list(selectors.filings_inbox(staff[tree["province"]])) == [city_plan]
    assert list(selectors.filings_visible_to(staff[tree["other_city"]])) == []
    # The leadership group reads as the office does; someone without an office sees nothing.
    reader = factories.ProfileFactory(office=tree["province"], is_leadership=True).user
    assert list(selectors.filings_inbox(reader)) == [city_plan]
    assert not selectors.filings_visible_to(factories.UserFactory()).exists()
    assert set(selectors.lower_offices_of(staff[tree["province"]])) == {
        tree["city"],
        tree["other_city"],
    }


def test_overdue_is_due_date_passed_and_not_acknowledged(tree):
    staff = tree["staff"]
    late = term_plan(tree["city"], staff[tree["city"]])  # due 2022-04-01
    acknowledged = term_plan(tree["other_city"], staff[tree["other_city"]])
    services.filing_acknowledge(filing=acknowledged, by=staff[tree["province"]])
    on_time = term_plan(tree["county"], staff[tree["county"]], starts_on=datetime.date(2024, 6, 1))
    today = datetime.date(2024, 8, 15)
    rows = {
        filing.pk: filing.overdue_by.days if filing.overdue_by else 0
        for filing in selectors.with_overdue(UpwardFiling.objects.all(), today)
    }
    assert rows == {
        late.pk: (today - datetime.date(2022, 4, 1)).days,
        acknowledged.pk: 0,
        on_time.pk: 0,
    }
    overdue = UpwardFiling.objects.filter(selectors.overdue_condition(today))
    assert list(overdue) == [late]


@time_machine.travel(datetime.date(2024, 8, 15), tick=False)
def test_the_count_of_missing_filings_is_the_length_of_their_list(tree):
    city, other_city = tree["city"], tree["other_city"]
    today = timezone.localdate()
    for office, starts_on in ((city, datetime.date(2022, 3, 1)), (other_city, None)):
        term = factories.TermFactory(
            office=office,
            starts_on=starts_on or datetime.date(2024, 3, 1),
            ends_on=datetime.date(2026, 12, 31),
        )
        factories.RoundFactory(
            term=term,
            planned_start=datetime.date(2024, 4, 1),
            planned_end=datetime.date(2024, 6, 30),
        )
    offices = [city.pk, other_city.pk]
    missing = selectors.missing_filings(offices, today, deadlines=DEFAULTS)
    assert {row.kind for row in missing} == {Kind.TERM_PLAN, Kind.ANNUAL_PLAN, Kind.ROUND_SUMMARY}
    assert selectors.missing_filings_count(offices, today, deadlines=DEFAULTS) == len(missing)
    assert selectors.missing_filings_count([], today, deadlines=DEFAULTS) == 0


@time_machine.travel(datetime.date(2024, 8, 15), tick=False)
def test_expected_filings_missing_past_their_due_date(tree, django_assert_max_num_queries):
    city, other_city = tree["city"], tree["other_city"]
    today = timezone.localdate()
    # The city's term started 2024-03-01: term plan due 2024-05-30, missing.
    term = factories.TermFactory(
        office=city, starts_on=datetime.date(2024, 3, 1), ends_on=datetime.date(2028, 12, 31)
    )
    # A round ended 2024-06-30: summary due 2024-07-30, missing. A cancelled round and a round
    # ending later expect nothing yet.
    ended = factories.RoundFactory(
        term=term, planned_start=datetime.date(2024, 4, 1), planned_end=datetime.date(2024, 6, 30)
    )
    factories.RoundFactory(
        term=term,
        planned_start=datetime.date(2024, 4, 1),
        planned_end=datetime.date(2024, 6, 30),
        status=Round.Status.CANCELLED,
    )
    factories.RoundFactory(
        term=term, planned_start=datetime.date(2024, 7, 1), planned_end=datetime.date(2024, 9, 30)
    )
    # The other city filed everything it owes for its term.
    other_term = factories.TermFactory(
        office=other_city,
        starts_on=datetime.date(2023, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
    )
    for kind, year in ((Kind.TERM_PLAN, None), (Kind.ANNUAL_PLAN, 2023), (Kind.ANNUAL_PLAN, 2024)):
        services.filing_submit(
            office=other_city,
            by=tree["staff"][other_city],
            kind=kind,
            term=other_term,
            year=year,
            title="计划",
            summary="内容",
            figures=PLAN_FIGURES,
            document=flows.pdf(),
        )
    with django_assert_max_num_queries(4):
        missing = selectors.missing_filings([city.pk, other_city.pk], today, deadlines=DEFAULTS)
    assert [(row.kind, row.office, row.due_on, row.days_overdue) for row in missing] == [
        (Kind.TERM_PLAN, city, datetime.date(2024, 5, 30), 77),
        (Kind.ANNUAL_PLAN, city, datetime.date(2024, 5, 30), 77),
        (Kind.ROUND_SUMMARY, city, datetime.date(2024, 7, 30), 16),
    ]
    assert missing[2].round == ended and missing[1].year == 2024
    assert [
        row.kind
        for row in selectors.missing_filings(
            [city.pk], today, deadlines=DEFAULTS, kind="round_summary"
        )
    ] == [Kind.ROUND_SUMMARY]
    assert selectors.missing_filings([], today, deadlines=DEFAULTS) == []
