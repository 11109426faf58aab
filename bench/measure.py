"""Server time of pages and endpoints through the real stack: the Django test client runs every
middleware, the URL resolver, the view and the template, as a request from a browser would,
without the network and the WSGI server in front of them."""

import statistics
import time
from dataclasses import asdict, dataclass

from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

WARM_UP = 3


@dataclass(frozen=True)
class Case:
    """One page or endpoint to measure, as one person; `rows` is how many rows its figures
    stand on (the targets in scope, say), counted separately."""

    name: str
    url: str
    user: object
    role: str
    rows: int


@dataclass(frozen=True)
class Result:
    name: str
    url: str
    role: str
    status: int
    requests: int
    p50_ms: float
    p95_ms: float
    queries: int
    rows: int
    ratio: float | None = None

    def as_dict(self):
        return asdict(self)


def _percentile(times, share):
    return statistics.quantiles(times, n=100, method="inclusive")[share - 1]


def timed(function, requests):
    """p50 and p95 in milliseconds of `requests` calls after a few to warm the caches."""
    for _ in range(WARM_UP):
        function()
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return _percentile(times, 50), _percentile(times, 95)


def measure(case, requests):
    client = Client()
    client.force_login(case.user)
    # The queries are counted on one request of their own: recording them slows the others.
    # The log starts empty, as each request clears it when it starts.
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(case.url)
    # Read now: the context reads the connection's log, which the next request clears.
    queries = len(captured)
    if response.status_code != 200:
        raise RuntimeError(f"{case.name}: {case.url} answered {response.status_code}")
    p50, p95 = timed(lambda: client.get(case.url), requests)
    return Result(
        name=case.name,
        url=case.url,
        role=case.role,
        status=response.status_code,
        requests=requests,
        p50_ms=round(p50, 1),
        p95_ms=round(p95, 1),
        queries=queries,
        rows=case.rows,
    )


def against(results, baseline):
    """Each result with its p50 as a multiple of the baseline's."""
    return [
        Result(**{**result.as_dict(), "ratio": round(result.p50_ms / baseline.p50_ms, 1)})
        for result in results
    ]


def plain_table(header, lines):
    """Rows of text cells as a plain-text table: the first two columns to the left, the figures
    to the right."""
    widths = [max(len(row[index]) for row in [header, *lines]) for index in range(len(header))]
    out = [
        "  ".join(
            cell.ljust(width) if index < 2 else cell.rjust(width)
            for index, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in [header, *lines]
    ]
    out.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(out)


def table(results):
    """The results as a plain-text table."""
    header = ("page or endpoint", "as", "p50 ms", "p95 ms", "× base", "queries", "rows")
    lines = [
        (
            result.name,
            result.role,
            f"{result.p50_ms:.1f}",
            f"{result.p95_ms:.1f}",
            "" if result.ratio is None else f"{result.ratio:.1f}",
            str(result.queries),
            f"{result.rows:,}",
        )
        for result in results
    ]
    return plain_table(header, lines)
