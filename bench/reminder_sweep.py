"""Benchmark: the reminder sweep over the issue's item counts, and a 100,000-row Excel export.

    bench/reminder_sweep.py build [province|national]   # once: loads its own data set
    bench/reminder_sweep.py sweep [province|national]   # a first sweep and a repeat, timed
    bench/reminder_sweep.py export                       # one office's 100,000-row items ledger

Province: 400,000 rectification items in four offices of 100,000 each, so one office's ledger
holds the 100,000 rows the export is measured on. National: 3,000 offices, 1,000,000 targets,
5,000,000 problems and 10,000,000 items. Every item has a liaison and two staff to remind.

The sweep runs as the worker pool runs the hourly task's batches of offices: one process per
core, each taking the next batch when done with one.

The rows are written by COPY (bench.writer), not through the services: the benchmark measures
the sweep, not the seeding. Each size lives in its own PostgreSQL database (BENCH_DATABASE_URL,
by default xunshi_bench_sweep_<size> on 127.0.0.1), loaded in one transaction, so a data set is
either whole or absent. The figures are merged into bench/results.json.
"""

import multiprocessing
import os
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SIZE = sys.argv[2] if len(sys.argv) > 2 else "province"
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/xunshi_bench_sweep_{SIZE}"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xunshi.settings")
os.environ.setdefault("SECRET_KEY", "xunshi-benchmark-only")
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import export, results  # noqa: E402
from bench.database import create_database  # noqa: E402
from bench.sweep_dataset import SHAPES, SweepLoader, staff_username  # noqa: E402
from organisations.models import Office  # noqa: E402
from rectification.models import RectificationItem  # noqa: E402
from rectification.progress import overdue_item  # noqa: E402
from reminders.models import Reminder  # noqa: E402
from reminders.sweep import office_batches  # noqa: E402
from reminders.tasks import sweep_offices  # noqa: E402

ItemStatus = RectificationItem.Status


def build():
    create_database()
    call_command("migrate", verbosity=0)
    if RectificationItem.objects.exists():
        print(f"The {SIZE} sweep data set is there.")
        return
    print(f"Loading the {SIZE} sweep data set into {connection.settings_dict['NAME']}...")
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        # The loader made every foreign key; PostgreSQL need not check them row by row.
        cursor.execute("SET LOCAL session_replication_role = replica")
        rows = SweepLoader(SHAPES[SIZE], timezone.localdate(), timezone.now()).load()
    loaded = time.monotonic() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"Loaded in {loaded:.0f} s (VACUUM ANALYZE {time.monotonic() - started - loaded:.0f} s)")
    for model, count in rows.items():
        print(f"  {model}: {count:,}")


# The processes of a worker's pool: Celery's default concurrency, one per core.
WORKERS = os.cpu_count()


def _in_pool(batches):
    """The hourly sweep as a worker pool runs it: the batches of offices the hourly task
    queues, each process taking the next batch when it is done with one. The processes open
    their own connections; this one is closed before they are forked."""
    connections.close_all()
    fork = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(WORKERS, mp_context=fork) as pool:
        return list(pool.map(sweep_offices, batches))


def _timed_sweep(label):
    shares = list(office_batches())
    started = time.monotonic()
    made = _in_pool(shares)
    seconds = time.monotonic() - started
    peak = (
        max(
            resource.getrusage(who).ru_maxrss
            for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
        )
        / 1024
    )
    created = sum(result["created"] for result in made)
    batches = sum(result["batches"] for result in made)
    tasks = f"{len(shares)} task" + ("s" if len(shares) != 1 else "")
    print(
        f"{label}: {seconds:.1f} s, {created:,} reminders made in {batches:,} batches "
        f"({tasks} shared by {WORKERS} processes); peak memory of a process {peak:.0f} MB"
    )
    return {
        "seconds": round(seconds, 1),
        "reminders": created,
        "batches": batches,
        "processes": WORKERS,
        "tasks": len(shares),
        "peak_mb": round(peak),
    }


def run_sweeps():
    items = RectificationItem.objects.count()
    offices = Office.objects.count()
    print(f"{items:,} rectification items in {offices:,} offices")
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Reminder._meta.db_table}")
    first = _timed_sweep("first sweep (every reminder due today made)")
    repeat = _timed_sweep("repeat sweep (nothing new)")
    results.save(
        f"sweep_{SIZE}", {"items": items, "offices": offices, "first": first, "repeat": repeat}
    )


def run_export():
    """The first office's items ledger as Excel: its overdue measures, then all 100,000, to
    show that memory stays flat as the rows grow."""
    staff = get_user_model().objects.get(username=staff_username(0))
    items = RectificationItem.objects.filter(
        plan__assignment__round__office=staff.profile.office
    ).exclude(status=ItemStatus.WITHDRAWN)
    overdue = items.filter(overdue_item(timezone.localdate())).count()
    url = reverse("rectification:ledger_items_export")
    exports = [
        export.export("items ledger, overdue", f"{url}?overdue=true", staff, "staff", overdue),
        export.export("items ledger, all", url, staff, "staff", items.count()),
    ]
    print(export.table(exports))
    results.save("export", {"exports": [item.as_dict() for item in exports]})


if __name__ == "__main__":
    {"build": build, "sweep": run_sweeps, "export": run_export}[sys.argv[1]]()
