"""Settings, read from the environment (12-factor) with safe defaults.

Two profiles: the default (development and demo, SQLite, console email) and
``ALONGSIDE_ENV=production`` (hardened; refuses to start with a missing or unsafe setting, naming it and
how to fix it). DEBUG is off unless explicitly turned on, in every profile.
"""

import secrets
from collections.abc import Callable
from pathlib import Path

import environ
from cryptography.fernet import Fernet
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
env = environ.Env()

PRODUCTION = env.str("ALONGSIDE_ENV", default="development") == "production"
DATA_DIR = Path(env.str("ALONGSIDE_DATA_DIR", default=str(Path.cwd() / "var")))


# Django's own rule for a secret key that is safe to deploy (``check --deploy``, security.W009).
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5
MAKE_ONE = "make one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"


def _local_key(name: str, make: Callable[[], str]) -> str:
    """Outside production, make a key once and keep it beside the local database, readable by the owner only."""
    path = DATA_DIR / name
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


if PRODUCTION:
    if not env.str("SECRET_KEY", default=""):
        raise ImproperlyConfigured("SECRET_KEY must be set when ALONGSIDE_ENV=production.")
    SECRET_KEY = env.str("SECRET_KEY")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="") or _local_key("secret_key", lambda: secrets.token_urlsafe(50))


# Free text is encrypted at rest (alongside.core.crypto). Newest key first; see `alongside keys rotate`.
ENCRYPTION_KEYS = env.list("ALONGSIDE_ENCRYPTION_KEYS", default=[])
if not ENCRYPTION_KEYS:
    if PRODUCTION:
        raise ImproperlyConfigured("ALONGSIDE_ENCRYPTION_KEYS must be set when ALONGSIDE_ENV=production.")
    ENCRYPTION_KEYS = [_local_key("encryption_key", lambda: Fernet.generate_key().decode())]


# Seals the audit chain (alongside.audit.keys); keep it outside the database. Newest first; keep old ones.
AUDIT_KEYS = env.list("ALONGSIDE_AUDIT_KEYS", default=[])
if not AUDIT_KEYS:
    if PRODUCTION:
        raise ImproperlyConfigured("ALONGSIDE_AUDIT_KEYS must be set when ALONGSIDE_ENV=production.")
    AUDIT_KEYS = [_local_key("audit_key", lambda: secrets.token_urlsafe(32))]

DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])


def _unsafe_for_production() -> str | None:
    """Why these settings must not serve real people's records, with the fix; None when they may.

    Each of these starts a server that works and only warns (if that), so production refuses them outright.
    """
    if DEBUG:
        return "DEBUG is on: error pages would show code, settings and records. Remove DEBUG or set DEBUG=false."
    if len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH or SECRET_KEY.startswith("django-insecure-"):
        return f"SECRET_KEY is too weak: use at least {SECRET_KEY_MIN_LENGTH} random characters; {MAKE_ONE}."
    if len(set(SECRET_KEY)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        return f"SECRET_KEY repeats too few characters to be secret; {MAKE_ONE}."
    for position, key in enumerate(ENCRYPTION_KEYS, start=1):
        try:
            Fernet(key.encode())
        except ValueError:
            return (
                f"ALONGSIDE_ENCRYPTION_KEYS: key {position} is not a Fernet key (32 bytes, url-safe base64). "
                "Make one with `alongside keys generate`."
            )
    if not any(ALLOWED_HOSTS):
        return (
            "ALLOWED_HOSTS is not set: every request would be refused with 400 Bad Request. List this server's own "
            "names, e.g. ALLOWED_HOSTS=peers.example.org."
        )
    if "*" in ALLOWED_HOSTS:
        return (
            "ALLOWED_HOSTS=* accepts any host name. List this server's own names, e.g. ALLOWED_HOSTS=peers.example.org."
        )
    return None


if PRODUCTION and (problem := _unsafe_for_production()):
    raise ImproperlyConfigured(f"Refusing to start with ALONGSIDE_ENV=production: {problem}")

# Django's backends plus the audit log's commit hook (alongside.audit.backends).
AUDITED_ENGINES = {
    "django.db.backends.sqlite3": "alongside.audit.backends.sqlite3",
    "django.db.backends.postgresql": "alongside.audit.backends.postgresql",
}
# SQLite serves a small organisation (docs/performance.md): WAL lets pages read while one transaction writes;
# IMMEDIATE transactions take the write lock when they begin, so a writer waits its turn (up to the busy
# timeout) instead of failing when another wrote first; NORMAL sync is safe with WAL.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": env.int("ALONGSIDE_SQLITE_BUSY_TIMEOUT_SECONDS", default=20),
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'alongside.sqlite3'}")}
if DATABASES["default"]["ENGINE"] not in AUDITED_ENGINES:
    raise ImproperlyConfigured(f"DATABASE_URL must name SQLite or PostgreSQL, not {DATABASES['default']['ENGINE']}.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS | DATABASES["default"].get("OPTIONS", {})
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Send values apart from the SQL, so a statement's text is the same on every request and psycopg prepares
    # it the fifth time a connection runs it: the server then parses and plans each of a page's statements
    # once per worker, not once per request (docs/performance.md). Behind a connection pooler that cannot
    # keep prepared statements (PgBouncer in transaction mode before 1.21), set this to false.
    PREPARED_STATEMENTS = {"server_side_binding": True, "prepare_threshold": 5}
    if env.bool("ALONGSIDE_DB_PREPARED_STATEMENTS", default=True):
        DATABASES["default"]["OPTIONS"] = PREPARED_STATEMENTS | DATABASES["default"].get("OPTIONS", {})
DATABASES["default"]["ENGINE"] = AUDITED_ENGINES[DATABASES["default"]["ENGINE"]]
# Each action is its own short transaction (transaction.atomic), never the whole request: locks are held
# for the write, not for the page. Reads are audited in a transaction of their own (alongside.audit.log).
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Keep each worker's connection between requests (opening one costs a PostgreSQL backend process, or
# SQLite's start-up pragmas); a broken one is noticed and replaced before it is used.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("ALONGSIDE_DB_CONN_MAX_AGE", default=300)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Prepared queries (alongside.core.prepared) compiled again by the ORM on every call and compared: on in the
# tests (tests/conftest.py), so a query that does not fit the rules fails them; off in service, where it costs.
PREPARED_QUERIES_CHECKED = env.bool("ALONGSIDE_CHECK_PREPARED_QUERIES", default=False)

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Alongside <no-reply@alongside.invalid>")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_htmx",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "alongside.core",
    "alongside.home",
    "alongside.accounts",
    "alongside.notifications",  # before the apps that notify: its demo step sets choices first
    "alongside.audit",
    "alongside.language",
    "alongside.api",
    "alongside.reports",
    "alongside.plans",
    "alongside.meetings",
    "alongside.groups",
    "alongside.feedback",
    "alongside.consent",
    "alongside.crisis",
    "alongside.conversations",
    "alongside.support",
    "alongside.billing",
    "alongside.interop",
    "alongside.worklist",
    "alongside.supervision",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "alongside.accounts.middleware.PersonLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "alongside.accounts.middleware.SessionTimeoutMiddleware",
    "alongside.accounts.middleware.CurrentMembershipMiddleware",
    "alongside.accounts.middleware.RequireTwoFactorMiddleware",
    "alongside.core.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "alongside.urls"
WSGI_APPLICATION = "alongside.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "alongside.home.context_processors.alongside",
            ],
        },
    },
]

# --- Authentication -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "alongside.accounts.backends.MembershipBackend"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "alongside.accounts.validators.MaximumLengthValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60

# Staff roles must use two-factor; the demo turns this off so people can look around.
REQUIRE_STAFF_TWO_FACTOR = env.bool("ALONGSIDE_REQUIRE_STAFF_2FA", default=True)
OTP_TOTP_ISSUER = "Alongside"

# django-axes: lock by username and address together, so one person cannot lock out a shared network.
AXES_FAILURE_LIMIT = env.int("ALONGSIDE_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"  # the sign-in form field, which holds the email address
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# --- Sessions ---------------------------------------------------------------------------------------
SESSION_ENGINE = "alongside.accounts.sessions"  # Django's database sessions, read with one plain statement
SESSION_IDLE_TIMEOUT = env.int("ALONGSIDE_IDLE_TIMEOUT_SECONDS", default=30 * 60)
SESSION_IDLE_WARNING = min(120, SESSION_IDLE_TIMEOUT // 2)
SESSION_COOKIE_AGE = env.int("ALONGSIDE_ABSOLUTE_TIMEOUT_SECONDS", default=12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
INVITATION_VALID_DAYS = env.int("ALONGSIDE_INVITATION_VALID_DAYS", default=7)

# --- Consent and audit (docs/consent-and-audit.md) ------------------------------------------------------
# A copy of each audit chain's head outside the database; put it on other storage in production.
AUDIT_HEAD_FILE = env.str("ALONGSIDE_AUDIT_HEAD_FILE", default=str(DATA_DIR / "audit-heads.log"))
BREAK_GLASS_MINUTES = env.int("ALONGSIDE_BREAK_GLASS_MINUTES", default=60)
REAUTH_MINUTES = env.int("ALONGSIDE_REAUTH_MINUTES", default=10)  # "sudo mode" before exports and closing
DEFAULT_RETENTION_YEARS = env.int("ALONGSIDE_RETENTION_YEARS", default=6)  # HIPAA keeps documentation 6 years

# --- Static files -----------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request when it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# --- Background tasks (exports) -------------------------------------------------------------------
# The database backend needs no broker: `alongside db_worker` runs the tasks. ALONGSIDE_TASKS=immediate
# runs each task in the request that starts it instead; `make demo` does (see docs/reports.md).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS[env.str("ALONGSIDE_TASKS", default="database")]}}
EXPORTS_DIR = DATA_DIR / "exports"
# Keys the research export's pseudonyms and date shifts (docs/reports.md). Without it, a key derived from
# SECRET_KEY; set it on its own to keep pseudonyms stable across SECRET_KEY rotations.
RESEARCH_PSEUDONYM_KEY = env.str("ALONGSIDE_RESEARCH_KEY", default="")
# Where people open Alongside: notifications sent by the worker (no request at hand) link to pages under it.
ALONGSIDE_BASE_URL = env.str("ALONGSIDE_BASE_URL", default="http://127.0.0.1:8000")

# --- Languages (docs/translation.md) ---------------------------------------------------------------
# English and Spanish. Each person's own choice (User.language, set from the footer) wins; before they choose or
# sign in, the browser's Accept-Language decides. URLs stay the same in every language.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
# Every app keeps its own catalogue in <app>/locale; strings of the top-level modules (policy, web) go here.
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date and time formats per language (alongside/formats/<language>/formats.py): templates name a format
# ("SHORT_DATE_FORMAT"), never spell one out, so the order of day, month and year follows the language.
FORMAT_MODULE_PATH = ["alongside.formats"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Security headers ---------------------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    WHITENOISE_USE_FINDERS = False
    if not REQUIRE_STAFF_TWO_FACTOR:
        raise ImproperlyConfigured("Two-factor authentication for staff cannot be turned off in production.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "alongside.core.logging.SingleLineFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "alongside.security": {"handlers": ["console"], "level": "INFO"},
        "django.security": {"handlers": ["console"], "level": "WARNING"},
        "django.request": {"handlers": ["console"], "level": "ERROR"},  # server errors with their traceback
    },
}
