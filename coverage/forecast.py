"""The pace of a term's coverage duty: is the office on course to inspect every target in time?

Pure arithmetic on counts and dates, no database: the selectors count, this module reasons.

- The pace is measured two ways: targets covered per round under way or completed, and per
  whole month since the term began.
- The term is at risk when targets are left and the pace per month, kept up for the months
  left, covers fewer than that (or the term is over). Before a whole month has passed there is
  no pace yet, and no verdict either unless the term is over.
- The targets left are spread evenly over the rounds still planned, the remainder going to the
  earliest rounds.
"""

import datetime
from dataclasses import dataclass


def months_between(start, end):
    """Whole calendar months from `start` to `end` (0 when `end` is not after `start`)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(months, 0)


def spread(count, slots):
    """`count` split as evenly as possible over `slots`, the remainder to the first ones."""
    if slots <= 0:
        return []
    share, remainder = divmod(max(count, 0), slots)
    return [share + 1 if index < remainder else share for index in range(slots)]


@dataclass(frozen=True)
class Forecast:
    targets_left: int
    covered: int
    rounds_done: int
    rounds_left: int
    months_elapsed: int
    months_left: int
    term_over: bool
    # The targets suggested for each remaining planned round, earliest first.
    suggested: tuple

    @property
    def per_round(self):
        """Targets covered per round under way or completed; None before any round started."""
        return self.covered / self.rounds_done if self.rounds_done else None

    @property
    def per_month(self):
        """Targets covered per whole month since the term began; None in its first month."""
        return self.covered / self.months_elapsed if self.months_elapsed else None

    @property
    def reachable(self):
        """How many more targets the pace per month covers in the months left, or None."""
        if self.per_month is None:
            return None
        return self.per_month * self.months_left

    @property
    def at_risk(self):
        if self.targets_left <= 0:
            return False
        if self.term_over:
            return True
        return self.reachable is not None and self.targets_left > self.reachable

    @property
    def months_needed(self):
        """Months the pace per month needs for the targets left; None without a pace."""
        if not self.per_month:
            return None
        return self.targets_left / self.per_month


def forecast(*, targets_left, covered, rounds_done, rounds_left, starts_on, ends_on, today):
    """The term's forecast on `today`; `ends_on` is the term's last day (inclusive)."""
    term_over = today > ends_on
    until = min(today, ends_on + datetime.timedelta(days=1))
    return Forecast(
        targets_left=max(targets_left, 0),
        covered=covered,
        rounds_done=rounds_done,
        rounds_left=rounds_left,
        months_elapsed=months_between(starts_on, until),
        months_left=0 if term_over else months_between(today, ends_on + datetime.timedelta(days=1)),
        term_over=term_over,
        suggested=tuple(spread(targets_left, 0 if term_over else rounds_left)),
    )
