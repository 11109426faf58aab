import time


def wait_for(found, seconds=30):
    """The first true value `found()` returns, asked again every 0.2 s: what a real worker
    does reaches the database in its own time."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = found()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("the worker did not get there in time")
