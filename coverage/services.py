"""Actions of the coverage app: keeping the stored figures of each office up to date."""

from django.db import transaction
from django.utils import timezone

from coverage import office_figures
from coverage.models import COUNTS, OfficeFigures
from organisations.models import Office
from organisations.selectors import office_and_below_ids

# Offices counted together: six grouped queries a batch, each reading its whole table whatever
# the batch, so the nation's 3,000 offices go in one (3.3 s; 8.9 s in batches of 500), and at
# most this many small rows of counts are held at once.
BATCH = 5_000


def office_figures_refresh(*, today, office_ids=None, batch=BATCH):
    """Count the figures of every office (or of `office_ids`) for `today` and store them.

    Steps, for each batch of offices in id order: count every figure of the batch from the live
    tables (coverage.office_figures), then write one row per office, replacing what was there,
    in one transaction. Idempotent: running twice, in two workers at once, or again after a
    crash half way leaves one row per office with the latest count. Returns how many offices
    were counted."""
    counted_at = timezone.now()
    offices = Office.objects.order_by("pk")
    if office_ids is not None:
        offices = offices.filter(pk__in=office_ids)
    done, after = 0, 0
    while True:
        ids = list(offices.filter(pk__gt=after).values_list("pk", flat=True)[:batch])
        if not ids:
            return done
        _store(office_figures.counted(ids, today), today=today, counted_at=counted_at)
        done, after = done + len(ids), ids[-1]


def office_figures_refresh_below(*, office, today):
    """Count again the figures of `office` and of the offices below it: what its roll-up adds
    up, when one of its readers will not wait for the next scheduled count."""
    return office_figures_refresh(today=today, office_ids=office_and_below_ids(office.pk))


def _store(figures, *, today, counted_at):
    rows = [
        OfficeFigures(
            office_id=office_id,
            as_of=today,
            counted_at=counted_at,
            term_id=counts.pop("term"),
            **counts,
        )
        for office_id, counts in figures.items()
    ]
    with transaction.atomic():
        OfficeFigures.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["office"],
            update_fields=["as_of", "counted_at", "term", *COUNTS],
        )
