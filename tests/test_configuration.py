import gc
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from xunshi import config

PROJECT = Path(__file__).resolve().parent.parent


def settings_in_subprocess(env, code):
    """Import the settings in a clean interpreter, as `manage.py` would at start-up."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_sqlite_file_under_var_is_the_default_database():
    database = config.read_database({}, "DATABASE_URL", default="sqlite:////srv/var/x.sqlite3")
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == "/srv/var/x.sqlite3"


def test_a_postgres_url_selects_postgresql():
    env = {"DATABASE_URL": "postgres://xunshi:secret@db.internal:5432/xunshi"}
    database = config.read_database(env, "DATABASE_URL", default="sqlite:///x")
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.internal", 5432, "xunshi")


def test_an_unknown_database_scheme_is_refused_without_showing_the_password():
    env = {"DATABASE_URL": "mysql://xunshi:secret@db/xunshi"}
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL") as raised:
        config.read_database(env, "DATABASE_URL", default="sqlite:///x")
    assert "secret" not in str(raised.value)


def test_a_postgres_url_without_a_database_name_is_refused():
    with pytest.raises(ImproperlyConfigured, match="names no database"):
        config.read_database({"DATABASE_URL": "postgres://db:5432"}, "DATABASE_URL", default="")


def test_a_redis_url_must_be_redis():
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        config.read_redis_url({"REDIS_URL": "amqp://guest@localhost//"}, "REDIS_URL")


def test_no_redis_url_means_the_embedded_broker():
    assert config.read_redis_url({}, "REDIS_URL") is None


@pytest.mark.parametrize("word", ["1", "true", "Yes", "ON"])
def test_true_words_read_as_true(word):
    assert config.read_bool({"DEBUG": word}, "DEBUG", default=False) is True


def test_a_boolean_that_is_not_a_boolean_is_refused():
    with pytest.raises(ImproperlyConfigured, match="DEBUG='maybe' is not a boolean"):
        config.read_bool({"DEBUG": "maybe"}, "DEBUG", default=False)


def test_an_unknown_time_zone_is_refused():
    with pytest.raises(ImproperlyConfigured, match="Mars/Olympus"):
        config.read_time_zone({"TIME_ZONE": "Mars/Olympus"}, "TIME_ZONE", default="UTC")


def test_an_unusable_email_url_is_refused():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        config.read_email({"EMAIL_URL": "pigeon://loft"}, "EMAIL_URL", default="consolemail://")


def test_an_smtp_email_url_configures_the_smtp_backend():
    email = config.read_email(
        {"EMAIL_URL": "smtp+tls://mailer:pw@mail.internal:587"}, "EMAIL_URL", default=""
    )
    assert email["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (email["EMAIL_HOST"], email["EMAIL_PORT"], email["EMAIL_USE_TLS"]) == (
        "mail.internal",
        587,
        True,
    )


def test_allowed_hosts_are_read_as_a_comma_separated_list():
    hosts = config.read_list({"ALLOWED_HOSTS": "a.gov, b.gov ,"}, "ALLOWED_HOSTS", default=[])
    assert hosts == ["a.gov", "b.gov"]


def test_with_nothing_set_the_settings_use_sqlite_and_the_filesystem_broker(tmp_path):
    result = settings_in_subprocess(
        {"DEBUG": "true", "XUNSHI_VAR_DIR": str(tmp_path)},
        "from xunshi import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'],"
        " s.CELERY_BROKER_URL, s.TIME_ZONE, s.LANGUAGE_CODE)",
    )
    assert result.returncode == 0, result.stderr
    engine, name, broker, zone, language = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert name == str(tmp_path / "xunshi.sqlite3")
    assert (broker, zone, language) == ("filesystem://", "Asia/Shanghai", "zh-hans")


def test_the_filesystem_broker_keeps_every_folder_under_var(tmp_path):
    """kombu's own default puts a control folder in the working directory: the checkout."""
    result = settings_in_subprocess(
        {"DEBUG": "true", "XUNSHI_VAR_DIR": str(tmp_path)},
        "from xunshi import settings as s;"
        "print(*(v for k, v in s.CELERY_BROKER_TRANSPORT_OPTIONS.items() if k.endswith('folder')"
        " or k.startswith('data_folder')))",
    )
    assert result.returncode == 0, result.stderr
    folders = result.stdout.split()
    assert len(folders) == 4
    assert all(folder.startswith(str(tmp_path / "broker")) for folder in folders)


def test_with_redis_url_set_redis_is_broker_and_cache():
    result = settings_in_subprocess(
        {"DEBUG": "true", "REDIS_URL": "redis://cache.internal:6379/2"},
        "from xunshi import settings as s;"
        "print(s.CELERY_BROKER_URL, s.CACHES['default']['BACKEND'])",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "redis://cache.internal:6379/2",
        "django.core.cache.backends.redis.RedisCache",
    ]


def test_the_web_application_refuses_to_start_without_a_secret_key():
    result = settings_in_subprocess({"DEBUG": "false"}, "import xunshi.wsgi")
    assert result.returncode != 0
    assert "The SECRET_KEY setting must not be empty." in result.stderr


def test_schema_checks_run_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=PROJECT,
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_manage_py_names_a_bad_database_url_in_one_line():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "true", "DATABASE_URL": "oracle://db/x"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "xunshi: configuration error: DATABASE_URL must start with postgres:// or sqlite:///, "
        "got 'oracle://db/x'."
    )


UNREACHABLE_SERVICES = (
    "import socket\n"
    "def refuse(*args, **kwargs):\n"
    "    raise OSError('refused')\n"
    "socket.create_connection = refuse\n"
)


def test_tests_fall_back_loudly_to_sqlite_when_postgresql_and_redis_do_not_answer():
    result = settings_in_subprocess(
        {},
        UNREACHABLE_SERVICES + "from xunshi import test_settings as s\n"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "memory://"]
    assert "Not reachable: PostgreSQL on 127.0.0.1:5432, Redis on 127.0.0.1:6379" in result.stderr


def test_ci_forbids_the_fallback():
    result = settings_in_subprocess(
        {"XUNSHI_REQUIRE_SERVICES": "1"}, UNREACHABLE_SERVICES + "import xunshi.test_settings"
    )
    assert result.returncode != 0
    assert "XUNSHI_REQUIRE_SERVICES forbids the fallback" in result.stderr


def test_a_whole_number_is_read_from_the_environment():
    assert config.read_int({"LOGIN_FAILURE_LIMIT": " 7 "}, "LOGIN_FAILURE_LIMIT", default=5) == 7


def test_an_unset_whole_number_takes_its_default():
    assert config.read_int({}, "LOGIN_FAILURE_LIMIT", default=5) == 5


def test_a_whole_number_that_is_not_a_number_is_refused():
    with pytest.raises(ImproperlyConfigured, match="SESSION_IDLE_MINUTES='half an hour'"):
        config.read_int({"SESSION_IDLE_MINUTES": "half an hour"}, "SESSION_IDLE_MINUTES", default=1)


def test_a_whole_number_below_its_minimum_is_refused():
    with pytest.raises(ImproperlyConfigured, match="PASSWORD_MIN_LENGTH=6 is below the minimum"):
        config.read_int({"PASSWORD_MIN_LENGTH": "6"}, "PASSWORD_MIN_LENGTH", default=12, minimum=8)


SHOW_LOGIN_SECURITY = (
    "from xunshi import settings as s;"
    "[length] = [v['OPTIONS']['min_length'] for v in s.AUTH_PASSWORD_VALIDATORS"
    " if v['NAME'].endswith('MinimumLengthValidator')];"
    "print(length, s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds()),"
    " s.SESSION_COOKIE_AGE, s.REQUIRE_2FA_FOR_OFFICE_STAFF)"
)


def test_login_security_is_configured_from_the_environment(tmp_path):
    env = {
        "DEBUG": "true",
        "XUNSHI_VAR_DIR": str(tmp_path),
        "PASSWORD_MIN_LENGTH": "16",
        "LOGIN_FAILURE_LIMIT": "3",
        "LOGIN_LOCKOUT_MINUTES": "60",
        "SESSION_IDLE_MINUTES": "15",
        "REQUIRE_2FA_FOR_OFFICE_STAFF": "yes",
    }
    result = settings_in_subprocess(env, SHOW_LOGIN_SECURITY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["16", "3", "3600", "900", "True"]


def test_login_security_defaults_to_twelve_characters_five_failures_and_thirty_minutes(tmp_path):
    result = settings_in_subprocess(
        {"DEBUG": "true", "XUNSHI_VAR_DIR": str(tmp_path)}, SHOW_LOGIN_SECURITY
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["12", "5", "1800", "1800", "False"]


@pytest.mark.django_db
def test_postgresql_runs_the_queries_without_jit_compilation():
    if connection.vendor != "postgresql":
        pytest.skip("JIT is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def test_the_web_server_start_up_freezes_what_it_loaded():
    import xunshi.wsgi  # noqa: F401

    assert gc.get_freeze_count() > 0
