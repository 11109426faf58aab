"""Thresholds as date bands, so that a sweep finds what is due with one indexed range query each.

A thing due on `due` with thresholds before it of [7, 3, 1, 0] days is reminded once in each
band: 7 days ahead for anything 4–7 days away, 3 for 2–3 days, 1 for tomorrow, 0 for today. A
sweep that missed a day still finds the thing in its band and reminds it once, at the nearest
threshold, instead of sending every threshold it passed. After the date, thresholds of
[1, 7, 30] days make the bands 1–6, 7–29 and 30 days or more.
"""

import datetime
import operator
from dataclasses import dataclass
from functools import reduce

from django.db.models import Case, IntegerField, Q, Value, When


@dataclass(frozen=True)
class Band:
    threshold: int  # days before the date (positive), on it (0) or after it (negative)
    first: datetime.date | None  # earliest due date in the band, None when unbounded
    last: datetime.date  # latest due date in the band

    def lookup(self, field):
        if self.first is None:
            return {f"{field}__lte": self.last}
        return {f"{field}__range": (self.first, self.last)}


def before(today, days):
    """Bands ahead of a date; `days` must include 0 for the day itself."""
    ordered = sorted(set(days))
    bands, nearer = [], -1
    for day in ordered:
        bands.append(
            Band(
                threshold=day,
                first=today + datetime.timedelta(days=nearer + 1),
                last=today + datetime.timedelta(days=day),
            )
        )
        nearer = day
    return bands


def after(today, days):
    """Bands past a date, the last one open-ended."""
    ordered = sorted(set(days))
    bands = []
    for index, day in enumerate(ordered):
        later = ordered[index + 1] if index + 1 < len(ordered) else None
        bands.append(
            Band(
                threshold=-day,
                first=None if later is None else today - datetime.timedelta(days=later - 1),
                last=today - datetime.timedelta(days=day),
            )
        )
    return bands


def in_bands(band_list, field):
    """(Q: the date at `field` falls in one of the bands, expression: the threshold of its
    band), for asking a whole rule of the database in one query."""
    lookups = [Q(**band.lookup(field)) for band in band_list]
    thresholds = [band.threshold for band in band_list]
    return reduce(operator.or_, lookups), by_band(band_list, field, thresholds, IntegerField())


def by_band(band_list, field, values, output_field):
    """An expression worth the value of the band the date at `field` falls in (`values` in
    the order of `band_list`)."""
    return Case(
        *(
            When(Q(**band.lookup(field)), then=Value(value))
            for band, value in zip(band_list, values, strict=True)
        ),
        output_field=output_field,
    )
