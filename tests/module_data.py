"""Data built once for a whole test module, then rolled back."""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def built_once(django_db_blocker, build):
    """Run `build()` in a transaction that is rolled back after the module's last test (or a
    failure). Each test then works inside its own savepoint of that transaction."""
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
    try:
        with django_db_blocker.unblock():
            yield build()
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
