"""Who made a change: every domain action names its author, and the history records them.

Services run inside web requests, Celery tasks and management commands alike; the author is the
`by` argument of the action, not whoever happens to be logged in on the current thread.
"""

import contextvars
import functools
from contextlib import contextmanager

from django.db import transaction
from simple_history.models import HistoricalRecords

_actor = contextvars.ContextVar("xunshi_actor", default=None)


@contextmanager
def acting_as(user):
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


def current_author(instance=None, request=None, **kwargs):
    """For django-simple-history: the acting user of the domain action, else the request's."""
    actor = _actor.get()
    if actor is not None:
        return actor
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def domain_action(function):
    """One domain action: a single transaction whose changes are recorded as made by `by`."""

    @functools.wraps(function)
    def run(*args, **kwargs):
        with acting_as(kwargs.get("by")), transaction.atomic():
            return function(*args, **kwargs)

    return run


def tracked(**options):
    """The history of a domain model: every create and change, with author and time."""
    return HistoricalRecords(get_user=current_author, **options)
