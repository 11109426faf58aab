"""Settings for xunshi, read from the environment (see README, "Configuration").

With nothing set, xunshi runs on an embedded default: a SQLite file under var/ and a Celery
broker kept in files under var/, so a machine with only Python can run web, worker and beat.
DATABASE_URL and REDIS_URL switch to PostgreSQL and Redis.
"""

import os
from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from xunshi import config

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("XUNSHI_VAR_DIR") or BASE_DIR / "var")
ENV = os.environ

DEBUG = config.read_bool(ENV, "DEBUG", default=False)
SECRET_KEY = ENV.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "xunshi-development-only-key-never-use-in-production"
# Without DEBUG an empty key is refused by Django wherever a key is read, which includes the start
# of the web application; commands that need no key (migrations, checks) still run.
ALLOWED_HOSTS = config.read_list(ENV, "ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = config.read_list(ENV, "CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "simple_history",
    "django_celery_beat",
    "django_filters",
    "core",
    "accounts",
    "organisations",
    "rounds",
    "rectification",
    "coverage",
    "linkage",
    "supervision",
    "reminders",
    "demo",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag on every GET, and 304 when the client already holds that version (API sync).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Axes turns a flagged failed login into the lock-out page; it must stay last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "xunshi.urls"
WSGI_APPLICATION = "xunshi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "xunshi.navigation.menu",
            ],
        },
    },
]

DATABASES = {
    "default": config.read_database(
        ENV, "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'xunshi.sqlite3'}"
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles the large aggregates of the roll-up anew for every request,
    # which costs more than it saves (about a second at national scale, measured in bench/).
    # Django reads choices and exports through server-side cursors, which PostgreSQL plans for
    # the first rows by default: a filter's seven categories took 110 ms instead of 9.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c jit=off -c cursor_tuple_fraction=1"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The worker, beat and web server share the file: wait for a lock instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # The covering indexes (INCLUDE) are PostgreSQL's; on the embedded default they are plain
    # indexes, which is all a demo needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = config.read_redis_url(ENV, "REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out username+address is refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {
            "min_length": config.read_int(ENV, "PASSWORD_MIN_LENGTH", default=12, minimum=8)
        },
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed logins (django-axes, database handler): a username from one address is locked out
# after LOGIN_FAILURE_LIMIT failures for LOGIN_LOCKOUT_MINUTES; a further try while locked
# starts the cool-off again. Wrong second-factor codes count as failures too (accounts.views).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = config.read_int(ENV, "LOGIN_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = timedelta(
    minutes=config.read_int(ENV, "LOGIN_LOCKOUT_MINUTES", default=30, minimum=1)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "token"]

# Second factor (django-otp): anyone with a confirmed device gives a code after the password;
# office staff must enrol one first when REQUIRE_2FA_FOR_OFFICE_STAFF is on.
REQUIRE_2FA_FOR_OFFICE_STAFF = config.read_bool(ENV, "REQUIRE_2FA_FOR_OFFICE_STAFF", default=False)
OTP_TOTP_ISSUER = "xunshi"

# A session ends after SESSION_IDLE_MINUTES without a request (every request saves it, which
# moves its expiry on) and when the browser closes.
SESSION_IDLE_MINUTES = config.read_int(ENV, "SESSION_IDLE_MINUTES", default=30, minimum=1)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = config.read_bool(ENV, "SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# HTTPS. TLS is usually ended by an intranet proxy: BEHIND_TLS_PROXY trusts its
# X-Forwarded-Proto (and the address it appends to X-Forwarded-For, for lock-outs). HSTS is
# only sent on requests Django sees as secure.
BEHIND_TLS_PROXY = config.read_bool(ENV, "BEHIND_TLS_PROXY", default=False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = config.read_bool(ENV, "SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = config.read_int(
    ENV, "HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 60 * 60, minimum=0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Only the app's own assets: no inline script or style, nothing from outside (django-csp 4).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = config.read_choice(
    ENV, "LANGUAGE_CODE", default="zh-hans", choices={"zh-hans", "en"}
)
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = config.read_time_zone(ENV, "TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(ENV.get("MEDIA_ROOT") or VAR_DIR / "media")
# Evidence and signed scans: the limit is checked by the upload validators too.
UPLOAD_MAX_BYTES = 20 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

_email = config.read_email(ENV, "EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = ENV.get("DEFAULT_FROM_EMAIL", "xunshi@localhost")
# Where the links in email digests point: the address people use to reach xunshi.
SITE_URL = ENV.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(VAR_DIR / "broker" / "queue"),
        "data_folder_out": str(VAR_DIR / "broker" / "queue"),
        "processed_folder": str(VAR_DIR / "broker" / "processed"),
        # Where kombu keeps its exchange tables; by default a folder in the working directory.
        "control_folder": str(VAR_DIR / "broker" / "control"),
        "store_processed": False,
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.NumberedPages",
    "DEFAULT_SCHEMA_CLASS": "api.schema.XunshiAutoSchema",
    "EXCEPTION_HANDLER": "api.errors.api_exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "anon": ENV.get("API_TOKEN_REQUEST_RATE", "30/minute"),
    },
    "DATETIME_FORMAT": "iso-8601",
}
# Days an integration token lives before its owner must ask for a new one.
API_TOKEN_DAYS = config.read_int(ENV, "API_TOKEN_DAYS", default=90, minimum=1)

SPECTACULAR_SETTINGS = {
    "TITLE": "xunshi API",
    "DESCRIPTION": (
        "Inspection rounds (巡视巡察): offices, terms, rounds, teams, assignments, findings, "
        "leads, feedback, rectification, reminders and figures. Every list and object is scoped "
        "to the person as on the pages: what is not yours reads as 404. Errors are JSON: "
        '{"detail", "code"} and, for bad input, "errors" per field.'
    ),
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": ENV.get("LOG_LEVEL", "INFO")},
    # The lock-out library announces itself at every start; only its warnings matter.
    "loggers": {"axes": {"level": "WARNING"}},
}
