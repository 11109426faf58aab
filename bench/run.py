"""`make bench`: load the synthetic data set at a scale (once), then measure the coverage and
roll-up pages and endpoints through the real stack, against a trivial view.

    .venv/bin/python bench/run.py [small|province|national]    # or SCALE=...; default province

The data lives in its own PostgreSQL database, BENCH_DATABASE_URL, by default
postgres://postgres@127.0.0.1:5432/xunshi_bench_<scale>: created and migrated when missing, loaded
once (a row in bench_dataset says which scale it holds and how long the load took), so a second
run measures at once. BENCH_REQUESTS sets the requests per page (at least 50).

Prints a table and merges this scale's figures into bench/results.json.
"""

import json
import os
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCALE = (sys.argv[1] if len(sys.argv) > 1 else os.environ.get("SCALE")) or "province"
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/xunshi_bench_{SCALE}"
)
os.environ["DJANGO_SETTINGS_MODULE"] = "xunshi.settings"
# Production settings (no DEBUG: no query log, no debug pages), a key for the sessions only.
os.environ.setdefault("SECRET_KEY", "xunshi-benchmark-only")
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ.setdefault("LOG_LEVEL", "WARNING")

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

# Started as the web server starts it: set up, every view loaded, start-up's heap frozen.
import xunshi.wsgi  # noqa: E402, F401
from bench import dataset  # noqa: E402
from bench import results as results_file  # noqa: E402
from bench.database import create_database  # noqa: E402
from bench.measure import Case, Result, against, measure, table, timed  # noqa: E402
from bench.scales import SCALES  # noqa: E402
from coverage.rollup import rollup, rollup_office  # noqa: E402
from coverage.selectors import term_page, uncovered_targets  # noqa: E402
from coverage.services import office_figures_refresh  # noqa: E402
from organisations.models import Office, Target  # noqa: E402
from organisations.selectors import office_and_below_ids  # noqa: E402
from rectification.models import RectificationItem  # noqa: E402
from rectification.progress import overdue_item  # noqa: E402
from rounds.models import Assignment, Finding, Round, Term  # noqa: E402

MARKER = "bench_dataset"


def _loaded(scale):
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER} (scale text PRIMARY KEY, loaded_on date,"
            " seconds double precision, rows jsonb)"
        )
        cursor.execute(f"SELECT loaded_on, seconds, rows FROM {MARKER} WHERE scale = %s", [scale])
        found = cursor.fetchone()
    if found is None:
        return None
    loaded_on, seconds, rows = found
    # Django hands jsonb back as text.
    rows = json.loads(rows)
    return {"loaded_on": loaded_on.isoformat(), "seconds": seconds, "rows": rows, "now": False}


def _load(scale):
    """Load the data set in one transaction; the foreign keys are not checked row by row
    (the generator made them), which a superuser may ask of PostgreSQL."""
    started = time.monotonic()
    today = timezone.localdate()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        rows = dataset.load(SCALES[scale], today=today, now=timezone.now())
        seconds = round(time.monotonic() - started, 1)
        cursor.execute(
            f"INSERT INTO {MARKER} (scale, loaded_on, seconds, rows) VALUES (%s, %s, %s, %s)",
            [scale, today, seconds, json.dumps(rows)],
        )
    analysed = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {
        "loaded_on": today.isoformat(),
        "seconds": seconds,
        "vacuum_analyze_seconds": round(time.monotonic() - analysed, 1),
        "rows": rows,
        "now": True,
    }


@dataclass(frozen=True)
class Reader:
    """The office whose pages are read, its term running today and its readers."""

    office: Office
    term: Term
    staff: object
    leadership: object
    own: int  # its active targets
    under: int  # the active targets of it and the offices below


def _reader(code):
    users = get_user_model().objects.select_related("profile__office")
    office = Office.objects.get(code=code)
    today = timezone.localdate()
    offices = office_and_below_ids(office.pk)
    return Reader(
        office=office,
        term=Term.objects.get(office=office, starts_on__lte=today, ends_on__gte=today),
        staff=users.get(username=dataset.staff_username(code)),
        leadership=users.filter(username=dataset.leadership_username(code)).first(),
        own=Target.objects.filter(office=office, active=True).count(),
        under=Target.objects.filter(office_id__in=offices, active=True).count(),
    )


def _coverage_cases(reader, label=""):
    """The term coverage page of the office's own targets and with those below it."""
    url, name = reverse("coverage:term"), f"{label}coverage page"
    cases = [Case(name, url, reader.staff, "staff", reader.own)]
    if reader.leadership:
        cases.append(Case(name, url, reader.leadership, "leadership", reader.own))
    below = Case(f"{name} ?below=1", f"{url}?below=1", reader.staff, "staff", reader.under)
    return [*cases, below]


def _rollup_cases(reader, label=""):
    url, api, name = (
        reverse("coverage:rollup"),
        reverse("api:figures_rollup"),
        f"{label}roll-up page",
    )
    cases = [Case(name, url, reader.staff, "staff", reader.under)]
    if reader.leadership:
        cases.append(Case(name, url, reader.leadership, "leadership", reader.under))
    return [*cases, Case(f"{label}API figures/rollup", api, reader.staff, "staff", reader.under)]


def _work_cases(reader, label=""):
    """The main work pages and API lists of the office and of a unit's liaison, as they open
    and with the filters people use: the office's overdue ledger, the problems of a round in
    one category, the liaison's measures by deadline."""
    office, staff = reader.office, reader.staff
    round_ = (
        Round.objects.filter(office=office, status=Round.Status.COMPLETED)
        .order_by("-planned_start")
        .first()
    )
    findings = Finding.objects.filter(assignment__round=round_)
    category = findings.values_list("category_id", flat=True).first()
    of_round = findings.filter(category_id=category).count()
    items = RectificationItem.objects.filter(plan__assignment__round__office=office)
    overdue = items.filter(overdue_item(timezone.localdate())).count()
    liaison = get_user_model().objects.get(username=dataset.liaison_username(office.code))
    own_items = RectificationItem.objects.filter(
        plan__assignment__target__liaisons__user=liaison
    ).count()
    assignment = Assignment.objects.filter(
        target__liaisons__user=liaison, rectification_plan__isnull=False
    )
    hub = reverse("rectification:assignment", args=[assignment.values_list("pk").first()[0]])
    by_round = f"round={round_.pk}&category={category}"
    office_items = items.exclude(status=RectificationItem.Status.WITHDRAWN).count()
    office_problems = Finding.objects.filter(
        assignment__round__office=office, status=Finding.Status.FED_BACK
    ).count()
    office_findings = Finding.objects.filter(assignment__round__office=office).count()
    cases = [
        # The pages as they open, before any filter.
        Case("items ledger page", reverse("rectification:ledger_items"), staff, "staff",
             office_items),
        Case("problems ledger page", reverse("rectification:ledger_findings"), staff, "staff",
             office_problems),
        Case("problem list", reverse("rounds:findings"), staff, "staff", office_findings),
        Case("API items", "/api/v1/rectification-items/", staff, "staff", office_items),
        Case("API findings", "/api/v1/findings/", staff, "staff", office_findings),
        Case("overdue ledger page", f"{reverse('rectification:ledger_items')}?overdue=true",
             staff, "staff", overdue),
        Case("problems ledger, a round's category",
             f"{reverse('rectification:ledger_findings')}?{by_round}", staff, "staff", of_round),
        Case("problem list, a round's category", f"{reverse('rounds:findings')}?{by_round}",
             staff, "staff", of_round),
        Case("API findings, a round's category", f"/api/v1/findings/?{by_round}", staff,
             "staff", of_round),
        Case("API items, overdue", "/api/v1/rectification-items/?overdue=true", staff, "staff",
             overdue),
        Case("the unit's measures page", hub, liaison, "liaison", own_items),
        Case("API items by deadline", "/api/v1/rectification-items/?ordering=deadline",
             liaison, "liaison", own_items),
        *_role_cases(reader),
    ]  # fmt: skip
    return [replace(case, name=f"{label}{case.name}") for case in cases]


def _role_cases(reader):
    """The first pages of the other main roles: the office's leadership group (its dashboard,
    the overdue ledger) and a member of one team (the problems of the team's assignments)."""
    member = get_user_model().objects.get(username=dataset.member_username(reader.office.code))
    team_findings = Finding.objects.filter(assignment__team__memberships__user=member).count()
    items = RectificationItem.objects.filter(plan__assignment__round__office=reader.office)
    cases = [
        Case("home page", reverse("home"), reader.staff, "staff", 0),
        Case("home page", reverse("home"), member, "member", team_findings),
        Case("problem list", reverse("rounds:findings"), member, "member", team_findings),
        Case("API findings", "/api/v1/findings/", member, "member", team_findings),
    ]
    if reader.leadership:
        cases += [
            Case(
                "dashboard",
                reverse("coverage:dashboard"),
                reader.leadership,
                "leadership",
                reader.own,
            ),
            Case(
                "overdue ledger page",
                f"{reverse('rectification:ledger_items')}?overdue=true",
                reader.leadership,
                "leadership",
                items.filter(overdue_item(timezone.localdate())).count(),
            ),
        ]
    return cases


def _cases(scale):
    """What to measure at this scale, and as whom: at province scale everything of the
    provincial office; at national scale the roll-up of the top office (its coverage page with
    the offices below would list a million targets, which no one reads), and the pages of a
    province inside the nation (its coverage, roll-up and work pages and lists): the
    province-sized pages over national-sized tables."""
    top = _reader("BZ")
    api_coverage = f"{reverse('api:figures_coverage')}?term={top.term.pk}"
    cases = [
        Case("baseline /healthz", reverse("healthz"), top.staff, "staff", 0),
        Case("API figures/coverage", api_coverage, top.staff, "staff", top.own),
        *_rollup_cases(top),
    ]
    if scale != "national":
        return [*cases, *_coverage_cases(top), *_work_cases(top)], top, top
    province = _reader("BZ-01")
    label = "province: "
    cases += [
        *_coverage_cases(province, label),
        *_rollup_cases(province, label),
        *_work_cases(province, label),
    ]
    return cases, top, province


def _selector(name, function, rows, requests):
    """A selector timed on its own, without HTTP, middleware or template."""
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        function()
    queries = len(captured)
    p50, p95 = timed(function, requests)
    return Result(
        name=name,
        url=function.__doc__ or "",
        role="staff",
        status=200,
        requests=requests,
        p50_ms=round(p50, 1),
        p95_ms=round(p95, 1),
        queries=queries,
        rows=rows,
    )


def _selectors(top, coverage_reader, requests):
    """The roll-up of the top office and the coverage figures of a province, without HTTP."""
    today = timezone.localdate()
    office = rollup_office(top.staff, top.office.pk)
    reader = coverage_reader

    def rolled_up():
        """coverage.rollup.rollup"""
        rollup(top.staff, office, today=today)

    def coverage_figures():
        """coverage.selectors.term_page + uncovered_targets (first page; the page counts it from
        term_page's figures), below=1"""
        term_page(reader.staff, reader.term, below=True, today=today)
        list(uncovered_targets(reader.staff, reader.term, below=True)[:50])

    return [
        _selector("roll-up selector (no HTTP)", rolled_up, top.under, requests),
        _selector(
            "coverage ?below=1 selectors (no HTTP)", coverage_figures, reader.under, requests
        ),
    ]


def _refresh_office_figures():
    """What beat runs every ten minutes: every office's figures, counted for the roll-up."""
    started = time.monotonic()
    offices = office_figures_refresh(today=timezone.localdate())
    return {"offices": offices, "seconds": round(time.monotonic() - started, 1)}


def main():
    if SCALE not in SCALES:
        sys.exit(f"SCALE must be one of {', '.join(SCALES)}, not {SCALE!r}")
    requests = max(50, int(os.environ.get("BENCH_REQUESTS", "50")))
    create_database()
    call_command("migrate", verbosity=0)
    load = _loaded(SCALE)
    if load is None:
        print(f"Loading the {SCALE} data set into {connection.settings_dict['NAME']}...")
        load = _load(SCALE)
        print(f"Loaded in {load['seconds']} s (VACUUM ANALYZE {load['vacuum_analyze_seconds']} s)")
    else:
        print(f"The {SCALE} data set is there (loaded {load['loaded_on']} in {load['seconds']} s)")
    for model, count in load["rows"].items():
        print(f"  {model}: {count:,}")
    refresh = _refresh_office_figures()
    print(
        f"Counted the figures of {refresh['offices']:,} offices for the roll-up in"
        f" {refresh['seconds']} s (beat does it every ten minutes)"
    )
    cases, top, coverage_reader = _cases(SCALE)
    results = [measure(case, requests) for case in cases]
    results += _selectors(top, coverage_reader, requests)
    baseline, results = results[0], against(results, results[0])
    print(table(results))
    results_file.save(
        SCALE,
        {
            "machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg()},
            "load": load,
            "office_figures_refresh": refresh,
            "baseline": baseline.as_dict(),
            "results": [result.as_dict() for result in results],
        },
    )
    print(f"Written to {results_file.RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
