"""Benchmark: the reminder sweep over a province-sized data set (400,000 rectification items).

    bench/reminder_sweep.py build   # once: fills the benchmark database (a few minutes)
    bench/reminder_sweep.py sweep   # a first sweep and a repeat, each timed, with peak memory

The data is written with bulk inserts, not through the services: the benchmark measures the
sweep, not the seeding. It lives in its own PostgreSQL database (BENCH_DATABASE_URL, by default
xunshi_bench on 127.0.0.1), so it never touches the demo or the test databases.
"""

import datetime
import os
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DEBUG", "true")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/xunshi_bench"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xunshi.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from organisations.models import Liaison, Office, Profile, Target  # noqa: E402
from rectification.models import RectificationItem, RectificationPlan  # noqa: E402
from reminders.models import Reminder  # noqa: E402
from reminders.sweep import sweep  # noqa: E402
from rounds.models import (  # noqa: E402
    Assignment,
    Feedback,
    Finding,
    FindingCategory,
    Round,
    Team,
    Term,
)

OFFICES = 10
ASSIGNMENTS_PER_OFFICE = 2000
FINDINGS_PER_ASSIGNMENT = 10
ITEMS_PER_FINDING = 2
STAFF_PER_OFFICE = 2
CHUNK = 5000
ItemStatus = RectificationItem.Status
Kind = RectificationItem.Kind


def _create_database():
    import psycopg2

    name = connection.settings_dict["NAME"]
    admin = psycopg2.connect(
        dbname="postgres",
        user=connection.settings_dict["USER"] or "postgres",
        host=connection.settings_dict["HOST"] or "127.0.0.1",
        port=connection.settings_dict["PORT"] or 5432,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def _bulk(model, rows):
    for start in range(0, len(rows), CHUNK):
        model.objects.bulk_create(rows[start : start + CHUNK])


def build():
    _create_database()
    call_command("migrate", verbosity=0)
    if RectificationItem.objects.count() >= 400_000:
        print("The benchmark data is already there.")
        return
    rng = random.Random(20261122)
    today = timezone.localdate()
    now = timezone.now()
    started = time.monotonic()
    users = get_user_model()
    for number in range(OFFICES):
        office = Office.objects.create(
            code=f"B{number:02d}", name=f"基准巡察办{number:02d}", level=Office.Level.COUNTY
        )
        staff = users.objects.bulk_create(
            users(username=f"bench-staff-{number}-{index}") for index in range(STAFF_PER_OFFICE)
        )
        Profile.objects.bulk_create(
            Profile(user=user, name=f"干部{user.pk}", office=office, is_office_staff=True)
            for user in staff
        )
        category = FindingCategory.objects.create(office=office, code="C1", name="纪律建设")
        term = Term.objects.create(
            office=office,
            name="第一届",
            starts_on=today - datetime.timedelta(days=900),
            ends_on=today + datetime.timedelta(days=900),
        )
        round_ = Round.objects.create(
            office=office,
            term=term,
            ordinal=1,
            planned_start=today - datetime.timedelta(days=700),
            planned_end=today - datetime.timedelta(days=600),
            status=Round.Status.COMPLETED,
        )
        team = Team.objects.create(round=round_, name="第一巡察组")
        targets = Target.objects.bulk_create(
            Target(
                office=office,
                code=f"T{index:05d}",
                name=f"单位{number}-{index}",
                category="township",
            )
            for index in range(ASSIGNMENTS_PER_OFFICE)
        )
        liaisons = users.objects.bulk_create(
            users(username=f"bench-liaison-{number}-{index}")
            for index in range(ASSIGNMENTS_PER_OFFICE)
        )
        _bulk(Profile, [Profile(user=user, name=f"联络员{user.pk}") for user in liaisons])
        _bulk(
            Liaison,
            [
                Liaison(target=target, user=user, appointed_on=today)
                for target, user in zip(targets, liaisons, strict=True)
            ],
        )
        assignments = Assignment.objects.bulk_create(
            Assignment(round=round_, team=team, target=target, phase=Assignment.Phase.RECTIFICATION)
            for target in targets
        )
        delivered = today - datetime.timedelta(days=500)
        feedbacks = Feedback.objects.bulk_create(
            Feedback(
                assignment=assignment,
                delivered_on=delivered,
                recipients="领导班子",
                top_official="书记",
                issued_by=staff[0],
            )
            for assignment in assignments
        )
        plans = RectificationPlan.objects.bulk_create(
            RectificationPlan(
                assignment=assignment,
                due_on=delivered + datetime.timedelta(days=30),
                report_due_on=delivered + datetime.timedelta(days=60),
                concentrated_until=delivered + datetime.timedelta(days=90),
                status=RectificationPlan.Status.ACCEPTED,
                signed_by_name="书记",
                signed_at=now - datetime.timedelta(days=460),
                submitted_at=now - datetime.timedelta(days=460),
            )
            for assignment in assignments
        )
        findings = []
        for assignment, feedback in zip(assignments, feedbacks, strict=True):
            findings.extend(
                Finding(
                    assignment=assignment,
                    number=f"{index:03d}",
                    title="问题",
                    summary="问题摘要",
                    source="谈话",
                    category=category,
                    prepared_by=staff[0],
                    prepared_on=delivered,
                    status=Finding.Status.FED_BACK,
                    signed_by=staff[0],
                    accepted_by=staff[0],
                    feedback=feedback,
                )
                for index in range(FINDINGS_PER_ASSIGNMENT)
            )
        _bulk(Finding, findings)
        plan_of = {plan.assignment_id: plan for plan in plans}
        items = []
        for finding in findings:
            for _index in range(ITEMS_PER_FINDING):
                items.append(_item(rng, today, now, plan_of[finding.assignment_id], finding, staff))
        _bulk(RectificationItem, items)
        print(f"office {number + 1}/{OFFICES} built, {time.monotonic() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _item(rng, today, now, plan, finding, staff):
    kind = rng.choices([Kind.IMMEDIATE, Kind.IN_PERIOD, Kind.LONG_TERM], [2, 7, 1])[0]
    status = rng.choices(
        [ItemStatus.CLOSED, ItemStatus.CLAIMED, ItemStatus.IN_PROGRESS, ItemStatus.NOT_STARTED],
        [4, 1, 3, 2],
    )[0]
    if kind == Kind.LONG_TERM and status in (ItemStatus.CLAIMED, ItemStatus.CLOSED):
        status = ItemStatus.IN_PROGRESS
    closed = status == ItemStatus.CLOSED
    progressed = status != ItemStatus.NOT_STARTED
    return RectificationItem(
        plan=plan,
        finding=finding,
        measure="建立健全制度并抓好落实",
        responsible_unit="办公室",
        responsible_person="主任",
        deadline=today + datetime.timedelta(days=rng.randint(-400, 200)),
        kind=kind,
        status=status,
        closed_by=staff[0] if closed else None,
        closed_at=now - datetime.timedelta(days=rng.randint(1, 300)) if closed else None,
        last_progress_at=(
            now - datetime.timedelta(days=rng.randint(0, 120)) if progressed else None
        ),
    )


def _timed_sweep(label):
    started = time.monotonic()
    result = sweep(timezone.localdate())
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{label}: {seconds:.1f} s, {result.created:,} reminders made in {result.batches:,} "
        f"batches; peak memory of the process {peak:.0f} MB"
    )


def run_sweeps():
    items = RectificationItem.objects.count()
    print(f"{items:,} rectification items in {Office.objects.count()} offices")
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Reminder._meta.db_table}")
    _timed_sweep("first sweep (every reminder due today made)")
    _timed_sweep("repeat sweep (nothing new)")


if __name__ == "__main__":
    {"build": build, "sweep": run_sweeps}[sys.argv[1]]()
