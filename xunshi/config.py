"""Reading the environment strictly: a value that cannot be understood stops start-up.

Settings must fail loudly: a typo in DEBUG or DATABASE_URL on a confidential system is
worse than a refusal to start.
"""

from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import environ
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}
DATABASE_SCHEMES = {"postgres", "postgresql", "pgsql", "sqlite"}
BROKER_SCHEMES = {"redis", "rediss"}


def read_bool(environment, name, *, default):
    raw = environment.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use true or false.")


def read_int(environment, name, *, default, minimum=None):
    raw = environment.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError as error:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from error
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is below the minimum of {minimum}.")
    return value


def read_list(environment, name, *, default):
    raw = environment.get(name)
    if raw is None:
        return list(default)
    return [part.strip() for part in raw.split(",") if part.strip()]


def read_database(environment, name, *, default):
    url = environment.get(name) or default
    scheme = urlsplit(url).scheme
    if scheme not in DATABASE_SCHEMES:
        raise ImproperlyConfigured(
            f"{name} must start with postgres:// or sqlite:///, got {_redact(url)!r}."
        )
    config = environ.Env.db_url_config(url)
    if scheme != "sqlite" and not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} names no database: {_redact(url)!r}.")
    return config


def read_redis_url(environment, name):
    url = environment.get(name)
    if not url:
        return None
    if urlsplit(url).scheme not in BROKER_SCHEMES:
        raise ImproperlyConfigured(f"{name} must start with redis://, got {_redact(url)!r}.")
    return url


def read_email(environment, name, *, default):
    url = environment.get(name) or default
    try:
        return environ.Env.email_url_config(url)
    except (ImproperlyConfigured, KeyError, ValueError) as error:
        raise ImproperlyConfigured(
            f"{name} is not a usable e-mail URL: {_redact(url)!r}."
        ) from error


def read_choice(environment, name, *, default, choices):
    value = environment.get(name) or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} is not one of {sorted(choices)}.")
    return value


def read_time_zone(environment, name, *, default):
    value = environment.get(name) or default
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ImproperlyConfigured(f"{name}={value!r} is not a known time zone.") from error
    return value


def _redact(url):
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@")
    return url
