"""A ledger's Excel export through the real view, read to its last byte in a child process of
its own, so that the peak memory it reports is that export's and nothing else's."""

import multiprocessing
import resource
import time
from dataclasses import asdict, dataclass

from django.db import connections
from django.test import Client

from bench.measure import plain_table


@dataclass(frozen=True)
class Export:
    name: str
    url: str
    role: str
    rows: int
    seconds: float
    megabytes: float  # the size of the file sent
    # The child's peak resident memory above what it held when it started (the parent's
    # pages, shared at the fork): what writing the file took.
    peak_mb_above_start: float

    def as_dict(self):
        return asdict(self)


def _resident_mb():
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def _download(user, url, pipe):
    start_mb = _resident_mb()
    client = Client()
    client.force_login(user)
    started = time.monotonic()
    response = client.get(url)
    size = sum(len(chunk) for chunk in response.streaming_content)
    seconds = time.monotonic() - started
    # ru_maxrss is in kilobytes on Linux.
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pipe.send((response.status_code, seconds, size, peak_mb - start_mb))
    pipe.close()


def export(name, url, user, role, rows):
    """One export of `rows` rows (counted by the caller), timed from the request to the last
    byte."""
    # A forked child must not share the parent's database connection.
    connections.close_all()
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_download, args=(user, url, sending))
    child.start()
    status, seconds, size, peak = receiving.recv()
    child.join()
    if status != 200:
        raise RuntimeError(f"{name}: {url} answered {status}")
    return Export(
        name=name,
        url=url,
        role=role,
        rows=rows,
        seconds=round(seconds, 1),
        megabytes=round(size / 2**20, 1),
        peak_mb_above_start=round(peak, 1),
    )


def table(exports):
    header = ("export", "as", "rows", "seconds", "file MB", "peak MB above start")
    lines = [
        (
            item.name,
            item.role,
            f"{item.rows:,}",
            f"{item.seconds:.1f}",
            f"{item.megabytes:.1f}",
            f"{item.peak_mb_above_start:.1f}",
        )
        for item in exports
    ]
    return plain_table(header, lines)
