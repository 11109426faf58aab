"""The pace forecast of a term's coverage duty, with hand numbers (coverage.forecast)."""

import datetime

import pytest

from coverage.forecast import forecast, months_between, spread

STARTS = datetime.date(2022, 1, 1)
ENDS = datetime.date(2026, 12, 31)
MID_TERM = datetime.date(2024, 7, 1)  # 30 months in, 30 months left


def at(today=MID_TERM, **counts):
    values = {"targets_left": 40, "covered": 30, "rounds_done": 3, "rounds_left": 3}
    values.update(counts)
    return forecast(starts_on=STARTS, ends_on=ENDS, today=today, **values)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (datetime.date(2022, 1, 1), datetime.date(2024, 7, 1), 30),
        (datetime.date(2024, 1, 31), datetime.date(2024, 2, 29), 0),
        (datetime.date(2024, 1, 31), datetime.date(2024, 3, 1), 1),
        (datetime.date(2024, 5, 10), datetime.date(2024, 5, 10), 0),
        (datetime.date(2024, 5, 10), datetime.date(2024, 1, 1), 0),
    ],
)
def test_months_between_counts_whole_calendar_months(start, end, months):
    assert months_between(start, end) == months


@pytest.mark.parametrize(
    ("count", "slots", "shares"),
    [
        (40, 3, [14, 13, 13]),
        (5, 2, [3, 2]),
        (2, 5, [1, 1, 0, 0, 0]),
        (0, 3, [0, 0, 0]),
        (9, 3, [3, 3, 3]),
        (7, 0, []),
    ],
)
def test_the_spread_is_even_with_the_remainder_to_the_earliest_rounds(count, slots, shares):
    assert spread(count, slots) == shares


def test_mid_term_figures():
    found = at()
    assert (found.months_elapsed, found.months_left) == (30, 30)
    assert (found.per_round, found.per_month) == (10, 1)
    assert found.reachable == 30
    assert found.suggested == (14, 13, 13)
    assert found.months_needed == 40


def test_more_targets_left_than_the_pace_reaches_is_at_risk():
    assert at(targets_left=31).at_risk
    assert not at(targets_left=30).at_risk


def test_a_faster_pace_is_on_course():
    found = at(covered=60, targets_left=20)
    assert found.per_month == 2
    assert found.reachable == 60
    assert not found.at_risk


def test_no_round_left_suggests_nothing_but_still_forecasts_by_month():
    found = at(rounds_left=0, covered=60, targets_left=20)
    assert found.suggested == ()
    assert not found.at_risk


def test_the_term_is_over():
    found = at(today=datetime.date(2027, 2, 1), targets_left=5)
    assert found.term_over
    assert (found.months_elapsed, found.months_left) == (60, 0)
    assert found.suggested == ()
    assert found.at_risk


def test_on_the_last_day_no_whole_month_is_left():
    found = at(today=ENDS, targets_left=1)
    assert not found.term_over
    assert found.months_left == 0
    assert found.at_risk


def test_nothing_left_is_never_at_risk():
    assert not at(targets_left=0).at_risk
    assert not at(targets_left=0, today=datetime.date(2027, 2, 1)).at_risk
    assert at(targets_left=0).suggested == (0, 0, 0)


def test_zero_pace_with_targets_left_is_at_risk():
    found = at(covered=0, rounds_done=0)
    assert found.per_round is None
    assert found.per_month == 0
    assert found.reachable == 0
    assert found.months_needed is None
    assert found.at_risk


def test_in_the_first_month_there_is_no_pace_and_no_verdict():
    found = at(today=datetime.date(2022, 1, 20), covered=0, rounds_done=0)
    assert found.months_elapsed == 0
    assert found.per_month is None
    assert found.reachable is None
    assert not found.at_risk
