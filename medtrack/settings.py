"""medtrack settings: one file, read from the environment (DESIGN §8).

Safe developer defaults: SQLite in the project folder, DEBUG off unless
DJANGO_DEBUG=1. Production sets DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and
DATABASE_URL; see README.md.
"""

import os
from email.utils import formataddr, getaddresses
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from injections.rules import throttle

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: str = "0") -> bool:
    return os.environ.get(name, default) == "1"


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated variable as a list, blanks left out."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_addresses(name: str) -> list[str]:
    """`Name <a@example.org>, b@example.org` as a list of addresses, each as given."""
    parsed = getaddresses([os.environ.get(name, "")])
    if any("@" not in address for _name, address in parsed if _name or address):
        raise ImproperlyConfigured(f"{name}: each entry must be an email address")
    return [formataddr(pair) for pair in parsed if pair[1]]


DEBUG = env_flag("DJANGO_DEBUG")

# Without DJANGO_SECRET_KEY a development key is used; `manage.py check --deploy`
# reports it (security.W009), and medtrack's own check refuses it when DEBUG is off
# outside tests (injections/checks.py).
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "django-insecure-medtrack-development-only"
SECRET_KEY_FROM_ENVIRONMENT = "DJANGO_SECRET_KEY" in os.environ

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")
# Origins other than the site's own address allowed to post forms, such as
# `https://medtrack.example.org` when a proxy rewrites the Host header.
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # First, so that its createsuperuser (which validates the password) is the one run.
    "medtrack",
    "injections.web.adminsite.AdminConfig",  # django.contrib.admin, with the second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "injections",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After whitenoise, which sends static files compressed ahead of time.
    "injections.web.middleware.Compress",
    "injections.web.middleware.NeverCache",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "injections.web.sessions.SessionTimeouts",
    "injections.web.language.ChosenLanguage",
    "injections.web.middleware.AuditTrail",
    "injections.web.middleware.LoginRequired",
    "injections.web.middleware.PatientTimeZone",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a throttled sign-in into its answer.
    "axes.middleware.AxesMiddleware",
]

# `make bench` alone sets DJANGO_ROOT_URLCONF=benchmarks.urls (the app's URLs and two
# bare views to measure pages against); production leaves it unset.
ROOT_URLCONF = os.environ.get("DJANGO_ROOT_URLCONF", "medtrack.urls")

# Forms render through the project's templates: one field template for the site.
FORM_RENDERER = "injections.web.forms.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

WSGI_APPLICATION = "medtrack.wsgi.application"

# SQLite is the embedded default: WAL so readers never block the writer,
# synchronous FULL so a committed dose survives a power cut, and IMMEDIATE
# transactions so two writers queue instead of failing mid-transaction.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
}
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Kept open, as PostgreSQL's are (conn_max_age above): opening a file and
    # repeating the PRAGMAs cost each signed-in request about a millisecond.
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
DATABASES["default"]["ATOMIC_REQUESTS"] = False

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Passwords (issue 13, item 2): hashed with Argon2; the other hashers stay so that a
# password hashed before still verifies, and is hashed again with Argon2 at sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# Applied wherever a password is set: the password pages, the admin, and the services
# and commands (injections/services/accounts.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A link to reset a password works once, for an hour (docs/decisions.md).
PASSWORD_RESET_TIMEOUT = 3600

# Sign-in throttling (issue 13, item 1): django-axes counts failed sign-ins per
# username and per address, to rules.throttle's limits, and refuses further tries
# until its cool-off has passed (injections/web/throttling.py). Attempts during a
# cool-off do not extend it: a stranger's guesses cannot keep a patient out for good.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "injections.web.throttling.SignInAttempts"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = throttle.FAILURES_PER_ACCOUNT
AXES_COOLOFF_TIME = throttle.COOL_OFF
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "injections.web.trail.client_ip"  # MEDTRACK_TRUSTED_PROXIES
AXES_USERNAME_CALLABLE = "injections.web.throttling.username_tried"
AXES_LOCKOUT_CALLABLE = "injections.web.throttling.locked_out"
# Successful sign-ins are in medtrack's own audit log; Axes keeps the failures.
AXES_DISABLE_ACCESS_LOG = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# How long a session lasts (issue 13, item 2; injections/rules/sessions.py): idle
# limits for clinic staff and site admins, for patients and caregivers, and for those
# kept signed in on their own phone; and the lifetime, whatever the activity.
MEDTRACK_STAFF_IDLE_MINUTES = int(os.environ.get("MEDTRACK_STAFF_IDLE_MINUTES", "30"))
MEDTRACK_IDLE_HOURS = int(os.environ.get("MEDTRACK_IDLE_HOURS", "12"))
MEDTRACK_KEPT_IDLE_DAYS = int(os.environ.get("MEDTRACK_KEPT_IDLE_DAYS", "14"))
MEDTRACK_SESSION_HOURS = int(os.environ.get("MEDTRACK_SESSION_HOURS", "24"))
MEDTRACK_KEPT_SESSION_DAYS = int(os.environ.get("MEDTRACK_KEPT_SESSION_DAYS", "30"))
# The cookie of a kept session lasts its lifetime; any other ends with the browser.
SESSION_COOKIE_AGE = MEDTRACK_KEPT_SESSION_DAYS * 24 * 3600
# The second factor (TOTP) for clinic staff and site admins: the name an
# authenticator app shows, and no key or QR code shown again in the admin.
OTP_TOTP_ISSUER = "medtrack"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The switcher's choice before signing in (web.language), for a year; once signed in,
# the choice is the person's own (LanguageChoice).
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Where `collectstatic` gathers the files whitenoise serves in production.
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Tests and the development server serve static files straight from the finders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_MANIFEST_STRICT = False

# A strict Content Security Policy from the first page (STYLE.md rule 12):
# scripts and styles only from our own static files.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads no cookie: the token travels in hx-headers
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# HTTPS only, with DEBUG off (issue 13, item 3): cookies marked Secure, plain HTTP
# redirected, and HSTS for a year. DJANGO_SECURE_COOKIES=0 turns all three off, for
# plain HTTP behind a trusted proxy on a private network.
HTTPS_ONLY = not DEBUG and env_flag("DJANGO_SECURE_COOKIES", "1")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_SSL_REDIRECT = env_flag("DJANGO_SSL_REDIRECT", "1" if HTTPS_ONLY else "0")
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_HSTS_SECONDS", 365 * 24 * 3600 if HTTPS_ONLY else 0)
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS", "1")
SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD", "1")
# Behind a proxy that ends TLS, the header it sets and its value over HTTPS, such as
# `HTTP_X_FORWARDED_PROTO,https`. Without it, a redirect to HTTPS would never end.
if proxy_header := env_list("DJANGO_PROXY_SSL_HEADER"):
    if len(proxy_header) != 2:
        raise ImproperlyConfigured("DJANGO_PROXY_SSL_HEADER: a header and a value, comma-separated")
    SECURE_PROXY_SSL_HEADER = tuple(proxy_header)

# Mail from the standard EMAIL_* variables (DESIGN §8), as Django 6.1's MAILERS.
# With DEBUG and no EMAIL_HOST, messages are printed to the console instead.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "medtrack <medtrack@localhost>")
# Error reports (a server error, a failed reminder) go by email to DJANGO_ADMINS,
# from DJANGO_SERVER_EMAIL; without admins, only to the log.
ADMINS = env_addresses("DJANGO_ADMINS")
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = "[medtrack] "
if DEBUG and "EMAIL_HOST" not in os.environ:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_flag("EMAIL_USE_TLS"),
                # A mail server that hangs never holds a reminder sender for ever.
                "timeout": int(os.environ.get("EMAIL_TIMEOUT", "10")),
            },
        }
    }

# Where links in reminders point: the address people open medtrack at (issue 11).
SITE_URL = os.environ.get("MEDTRACK_URL", "http://localhost:8000").rstrip("/")

# The audit log's "from where" (issue 13, item 4): the client's address is REMOTE_ADDR,
# unless medtrack runs behind this many proxies of its own, each appending the address
# it received from to X-Forwarded-For; then it is the one the farthest proxy saw.
# Never more than there are: the client writes the rest of the header as it likes.
MEDTRACK_TRUSTED_PROXIES = int(os.environ.get("MEDTRACK_TRUSTED_PROXIES", "0"))

# The largest CSV the web import takes (History, "Bring in a record"): 100,000 rows of
# DESIGN §7 are about 8 MB. The page states it before the upload.
MEDTRACK_IMPORT_MAX_BYTES = int(os.environ.get("MEDTRACK_IMPORT_MAX_BYTES", 20 * 1024 * 1024))

# Web Push (VAPID): `manage.py make_push_keys` prints a pair. Without them the
# settings page says notifications are not set up, and reminders go by email only.
VAPID_PUBLIC_KEY = os.environ.get("VAPID_PUBLIC_KEY", "")
VAPID_PRIVATE_KEY = os.environ.get("VAPID_PRIVATE_KEY", "")
VAPID_SUBJECT = os.environ.get("VAPID_SUBJECT", "mailto:medtrack@localhost")

# Logs are JSON lines on standard error (medtrack/logs.py), with no health data in
# them; errors also go by email to ADMINS when DEBUG is off, with every value posted
# and every local variable left out of the report.
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO")
DEFAULT_EXCEPTION_REPORTER_FILTER = "medtrack.logs.HealthDataFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "formatters": {"json": {"()": "medtrack.logs.JsonLines"}},
    "handlers": {
        "stderr": {"class": "medtrack.logs.Stderr", "formatter": "json"},
        "mail_admins": {
            "class": "medtrack.logs.MailAdmins",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["stderr", "mail_admins"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own handlers give way to the root's, so nothing is written twice.
        "django": {"handlers": [], "level": LOG_LEVEL},
        # A request for a host not served is a scanner's, not an error to mail.
        "django.security.DisallowedHost": {"handlers": ["stderr"], "propagate": False},
        # Axes warns of each failed sign-in and each lock-out; its start-up notes are noise.
        "axes": {"level": "WARNING"},
    },
}
