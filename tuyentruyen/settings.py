"""One settings module, read from the environment.

SQLite (WAL, immediate transactions, busy timeout) works with no configuration; set DATABASE_URL to
use PostgreSQL. Production: DEBUG=false, SECRET_KEY and ALLOWED_HOSTS set (see docs/deploy.md).
"""

import os
from pathlib import Path

import dj_database_url

from tuyentruyen.lib.s3config import s3_storages

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def _secret_key() -> str:
    """SECRET_KEY from the environment, else a random key kept in VAR_DIR (made on first start), so a
    fresh checkout never runs with a known key."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        import secrets

        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.touch(mode=0o600)
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
# Absolute links in e-mails and feeds.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
# manage.py backup and the daily backup job write to the "backups" storage: this folder, or the object
# store when S3_BUCKET is set. Archives older than BACKUP_KEEP_DAYS are removed.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))
BACKUP_KEEP_DAYS = int(os.environ.get("BACKUP_KEEP_DAYS", "14"))
STATIC_URL = "/static/"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "tuyentruyen.localities",
    "tuyentruyen.accounts",
    "tuyentruyen.audit",
    "tuyentruyen.jobs",
    "tuyentruyen.plans",
    "tuyentruyen.work",
    "tuyentruyen.notifications",
    "tuyentruyen.reports",
    "tuyentruyen.province",
    "tuyentruyen.portal",
    "tuyentruyen.engagement",
    "tuyentruyen.procedures",
    "tuyentruyen.api",
    "tuyentruyen.backups",
    "tuyentruyen.web",
]

MIDDLEWARE = [
    # First: a request id, one access-log line and the request metrics for everything below (lib/requestlog.py);
    # then /livez, /readyz, /metrics, answered before sessions, redirects and the tenant (web/probes.py).
    "tuyentruyen.lib.requestlog.RequestLogMiddleware",
    "tuyentruyen.web.probes.ProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A commune with its own domain (PUBLIC_HOSTS) gets its public site at "/".
    "tuyentruyen.portal.middleware.PublicHostMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before anything reads the query or the body: NFC, no invisible characters (lib/input.py).
    "tuyentruyen.lib.input.NormaliseInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After the user is known: idle staff sessions end, then a session that still owes its second
    # factor (or an enrolment) may reach nothing but those pages.
    "tuyentruyen.accounts.middleware.IdleSessionMiddleware",
    "tuyentruyen.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Permissions-Policy on every response, Cache-Control: no-store on staff pages.
    "tuyentruyen.web.middleware.SecurityHeadersMiddleware",
    # Marked lag-tolerant views read from the replica, when there is one (lib/dbrouter.py).
    "tuyentruyen.lib.dbrouter.ReplicaMiddleware",
    # Last, so that the tenant scope is open around the view and its template rendering.
    "tuyentruyen.accounts.middleware.TenantScopeMiddleware",
]

ROOT_URLCONF = "tuyentruyen.urls"
WSGI_APPLICATION = "tuyentruyen.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tuyentruyen" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tuyentruyen.web.context_processors.navigation",
                "tuyentruyen.portal.context_processors.public_site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
# "pgbouncer": DATABASE_URL (and DATABASE_REPLICA_URL) point at PgBouncer in transaction pooling mode, where
# consecutive transactions of one client may run on different server connections (docs/deploy.md).
DATABASE_POOLER = os.environ.get("DATABASE_POOLER", "").strip().lower()
if DATABASE_POOLER not in ("", "pgbouncer"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"DATABASE_POOLER={DATABASE_POOLER!r}: only 'pgbouncer' is known")


def _database(url: str) -> dict:
    database = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if DATABASE_POOLER == "pgbouncer" and "postgresql" in database["ENGINE"]:
        # A named cursor (.iterator()) lives in its session, which the pooler hands to someone else after
        # each transaction; psycopg's prepared statements likewise. Django's SET TIME ZONE at connect is
        # one of the parameters PgBouncer tracks per client and replays, so it needs nothing here.
        database["DISABLE_SERVER_SIDE_CURSORS"] = True
        database.setdefault("OPTIONS", {})["prepare_threshold"] = None
    return database


if DATABASE_URL:
    DATABASES = {"default": _database(DATABASE_URL)}
    # The primary without the pooler, for pg_dump and pg_restore (backups/database.py): they set session
    # parameters (search_path among them) that transaction pooling would leave on someone else's session.
    if os.environ.get("DATABASE_DIRECT_URL"):
        DATABASES["default"]["DIRECT"] = dj_database_url.parse(os.environ["DATABASE_DIRECT_URL"])
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": Path(os.environ.get("SQLITE_PATH", VAR_DIR / "tuyentruyen.sqlite3")),
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so a second writer waits on busy_timeout
                # instead of failing half-way with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
# A streaming replica for the pages that tolerate a few seconds of lag (lib/dbrouter.py): marked views
# read there, unless the request is inside a transaction, wrote something, or comes from a client that
# wrote within REPLICA_AFTER_WRITE_SECONDS. Tests use it as a mirror of the default database.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
REPLICA_AFTER_WRITE_SECONDS = int(os.environ.get("REPLICA_AFTER_WRITE_SECONDS", "10"))
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = _database(DATABASE_REPLICA_URL)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["tuyentruyen.lib.dbrouter.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared by every process of every app server (rate limits, daily caps): the database cache needs no
# server. CACHE_URL=redis://host:port/db uses Redis or Valkey instead (measured in bench/cache_backends.py;
# docs/deploy.md, "Caches, sessions and locks"). Sessions stay in the database either way.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL,
                          "KEY_PREFIX": "tt"}}
elif CACHE_URL:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"CACHE_URL={CACHE_URL!r}: only redis://, rediss:// or unix:// addresses are known")
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache_entries"},
    }

# A worker that has not written its heartbeat for this long is taken for dead: its running task is
# retried once, then failed (jobs/leases.py).
JOBS_HEARTBEAT_STALE_SECONDS = int(os.environ.get("JOBS_HEARTBEAT_STALE_SECONDS", "60"))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Language, time -------------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
# Corrections of Django's own Vietnamese messages (spaces before full stops and the like)
LOCALE_PATHS = [BASE_DIR / "tuyentruyen" / "locale"]
FORM_RENDERER = "tuyentruyen.lib.fields.FormRenderer"  # selects offer "— Chọn … —", never "---------"
USE_TZ = True
DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATE_FORMAT = "d/m/Y"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
FORMAT_MODULE_PATH = ["tuyentruyen.formats"]

# --- Security -------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failures per account before it is locked for LOGIN_LOCKOUT_SECONDS, and failures per address (all
# accounts together) before the address is: high, because an office's staff share one address.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "50"))
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("LOGIN_LOCKOUT_SECONDS", "900"))

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Reverse proxies whose forwarded headers are believed (addresses or CIDRs, comma-separated; see
# lib/client.py and docs/deploy.md). Empty: the client is REMOTE_ADDR, whatever headers say.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
# Secure cookies unless told otherwise; ./run turns them off because the demo is plain HTTP on loopback.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF cookie (htmx gets the token from the page), so it can be HttpOnly too.
CSRF_COOKIE_HTTPONLY = True
# Off by default: the documented deployment redirects to HTTPS at the reverse proxy; set it to true
# where Django itself faces the network (docs/deploy.md).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Staff sessions end at browser close and after SESSION_IDLE_SECONDS without a request (8 hours), when
# accounts' IdleSessionMiddleware logs them out with a message. The server-side row expires a few minutes
# later on its own (it is saved again on activity), so a stolen cookie is worthless after that either way.
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", str(8 * 3600)))
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS + 300
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Two-factor authentication (TOTP): open to every staff user, required of system admins and commune
# admins. ./run turns the requirement off for the loopback demo (see README); nowhere else should.
REQUIRE_2FA = env_bool("REQUIRE_2FA", True)
OTP_TOTP_ISSUER = "Tuyên truyền CCHC"
RECOVERY_CODE_COUNT = 10

# Content-Security-Policy (django-csp): our own origin only, no inline script or style, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Browser features the product uses: the camera, for photos of evidence taken on a phone.
PERMISSIONS_POLICY = (
    "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), serial=(), midi=(), "
    "magnetometer=(), gyroscope=(), accelerometer=(), display-capture=()"
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Large uploads are spooled here (not /tmp), where the daily sweep removes what a killed worker left.
FILE_UPLOAD_TEMP_DIR = Path(os.environ.get("FILE_UPLOAD_TEMP_DIR", VAR_DIR / "tmp" / "uploads"))
FILE_UPLOAD_TEMP_DIR.mkdir(parents=True, exist_ok=True)  # Django's checks, and its spooling, need it made
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "tuyentruyen.lib.uploads.TemporaryFileUploadHandler",  # a full disk drops the file, not the request
    "tuyentruyen.lib.uploads.RefuseInterruptedUploadHandler",  # last: an upload cut short saves nothing
]

# Work files of the process itself (a backup being packed, a copy for a tool that needs a path): local,
# never shared between servers, removed when done; what a killed process left is swept after a day.
SCRATCH_DIR = Path(os.environ.get("SCRATCH_DIR", VAR_DIR / "tmp"))
# Stored files (evidence, attachments, pictures, audio, imports waiting for a worker, receipts) go through
# the "default" storage, backups through "backups" (lib/stored.py). S3_BUCKET moves both to an
# S3-compatible object store (lib/s3config.py), so that every app server and worker reads what another
# one wrote.
STORAGES = {
    "default": {"BACKEND": "tuyentruyen.lib.stored.LocalStorage"},
    # Owner-only: an archive holds residents' personal data.
    "backups": {"BACKEND": "tuyentruyen.lib.stored.BackupFolderStorage",
                "OPTIONS": {"file_permissions_mode": 0o600, "directory_permissions_mode": 0o700}},
    "staticfiles": {"BACKEND": "tuyentruyen.lib.storage.StaticStorage"},
}
STORAGES.update(s3_storages(os.environ) or {})

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "tuyentruyen@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Text messages to residents who left a phone number (feedback status): a dotted path to a gateway class
# (lib/sms.py), e.g. "tuyentruyen.lib.sms.ConsoleBackend"; empty sends none.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "")
# "tuyentruyen.lib.sms.HttpBackend": a generic HTTP gateway, POSTed JSON {"to", "text", "sender"} with
# "Authorization: Bearer SMS_HTTP_TOKEN"; SMS_HTTP_SENDER is the brandname (empty: the gateway's default).
SMS_HTTP_URL = os.environ.get("SMS_HTTP_URL", "").strip()
SMS_HTTP_TOKEN = os.environ.get("SMS_HTTP_TOKEN", "").strip()
SMS_HTTP_SENDER = os.environ.get("SMS_HTTP_SENDER", "").strip()
if SMS_BACKEND.endswith(".HttpBackend") and not SMS_HTTP_URL.startswith(("http://", "https://")):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SMS_BACKEND is the HTTP gateway: set SMS_HTTP_URL to its http(s):// address")

# LOG_FORMAT=json: one JSON object per line on stderr, with the request id and the request's or job's fields
# (lib/jsonlog.py), and one access line per request (logger tuyentruyen.request; ACCESS_LOG=false turns it
# off). Unset: plain lines, no access lines unless ACCESS_LOG=true (./run keeps gunicorn's own).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain").strip().lower()
ACCESS_LOG = env_bool("ACCESS_LOG", LOG_FORMAT == "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Residents' personal data never reaches a log: every record is masked first (lib/logfilter.py);
    # a refused request (403, 404) is one line, not a traceback (lib/logs.py).
    "filters": {"personal_data": {"()": "tuyentruyen.lib.logfilter.MaskPersonalData"},
                "short_client_errors": {"()": "tuyentruyen.lib.logs.ShortClientErrors"}},
    "formatters": {"json": {"()": "tuyentruyen.lib.jsonlog.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler",
                             "filters": ["short_client_errors", "personal_data"],
                             **({"formatter": "json"} if LOG_FORMAT == "json" else {})}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"tuyentruyen.request": {"level": "INFO" if ACCESS_LOG else "WARNING"}},
}
# GET /metrics answers Prometheus text to "Authorization: Bearer <METRICS_TOKEN>"; unset, it is a 404 and
# no request metrics are kept (web/probes.py, lib/metrics.py; PROMETHEUS_MULTIPROC_DIR: see there).
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
AUTHENTICATION_BACKENDS = ["tuyentruyen.accounts.backends.AccountBackend"]

# Text-to-speech for radio bulletins: "espeak" (Debian's espeak-ng, offline) or a dotted path to a class
# with synthesize(text) -> (bytes, mime).
TTS_ENGINE = os.environ.get("TTS_ENGINE", "espeak")

# Communes with their own domain name: "host=commune-slug,host2=slug2" (see lib/public.py).
PUBLIC_HOSTS = dict(
    pair.split("=", 1) for pair in env_list("PUBLIC_HOSTS") if "=" in pair
)
