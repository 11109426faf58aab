"""Settings for the test suite: real PostgreSQL and Redis when they answer.

`make test` uses the services on 127.0.0.1 when they are reachable; otherwise it says so
loudly and falls back to SQLite and an in-memory broker. CI sets XUNSHI_REQUIRE_SERVICES=1,
which turns the fallback into an error.
"""

import hashlib
import os
import socket
import sys
import warnings

from django.core.exceptions import ImproperlyConfigured

from xunshi import config

TEST_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/xunshi"
TEST_REDIS_URL = "redis://127.0.0.1:6379/15"


def _answers(host, port):
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


_require = config.read_bool(os.environ, "XUNSHI_REQUIRE_SERVICES", default=False)
_missing = []
if "DATABASE_URL" not in os.environ:
    if _answers("127.0.0.1", 5432):
        os.environ["DATABASE_URL"] = TEST_POSTGRES_URL
    else:
        _missing.append("PostgreSQL on 127.0.0.1:5432")
if "REDIS_URL" not in os.environ:
    if _answers("127.0.0.1", 6379):
        os.environ["REDIS_URL"] = TEST_REDIS_URL
    else:
        _missing.append("Redis on 127.0.0.1:6379")
if _missing:
    message = "Not reachable: " + ", ".join(_missing) + "."
    if _require:
        raise ImproperlyConfigured(message + " XUNSHI_REQUIRE_SERVICES forbids the fallback.")
    banner = f"\n{'!' * 72}\n{message} Falling back to SQLite / in-memory broker.\n{'!' * 72}\n"
    sys.stderr.write(banner)
    warnings.warn(message, stacklevel=1)

os.environ.setdefault("SECRET_KEY", "xunshi-tests-only")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECURE_COOKIES", "false")

from xunshi.settings import *  # noqa: E402, F403
from xunshi.settings import (  # noqa: E402
    BASE_DIR,
    CELERY_BROKER_TRANSPORT_OPTIONS,
    DATABASES,
    REST_FRAMEWORK,
    VAR_DIR,
)

# Each checkout (and each DATABASE_URL given to it) has its own test database and broker keys, so
# that two suites on one machine (a fresh clone beside the working copy, say) can run at once.
_identity = f"{BASE_DIR}|{os.environ.get('DATABASE_URL', '')}"
_checkout = hashlib.sha256(_identity.encode()).hexdigest()[:8]
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["TEST"] = {"NAME": f"test_xunshi_{_checkout}"}

if not os.environ.get("REDIS_URL"):
    CELERY_BROKER_URL = "memory://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **CELERY_BROKER_TRANSPORT_OPTIONS,
        "global_keyprefix": f"xunshi-test-{_checkout}:",
    }
# Tests ask for many tokens from one address; the throttle itself has its own test.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "10000/minute"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = VAR_DIR / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
