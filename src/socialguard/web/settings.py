"""Django settings of the socialguard web app, read from the environment.

| variable | meaning | default |
| --- | --- | --- |
| `SOCIALGUARD_DATA` | folder for the SQLite database, secret key and mail files | `./var/` |
| `DATABASE_URL` | e.g. `postgres://user@127.0.0.1:5432/socialguard` | SQLite in the data folder |
| `SOCIALGUARD_SECRET_KEY` | Django's secret key | generated once into the data folder |
| `SOCIALGUARD_ALLOWED_HOSTS` | comma-separated host names | `127.0.0.1,localhost,[::1]` |
| `SOCIALGUARD_HTTPS` | `1` behind HTTPS: secure cookies, HSTS, redirect to HTTPS | off |
| `SOCIALGUARD_TRUSTED_PROXIES` | addresses/networks of reverse proxies whose `X-Forwarded-*` headers count | none |
| `SOCIALGUARD_DEBUG` | `1` for Django's debug pages (never in production) | off |
| `SOCIALGUARD_EMAIL` | `console`, `file` (into `<data>/mail/`) or `smtp` (Django's `EMAIL_*` vars) | `console` |
| `SOCIALGUARD_OUTSIDE_LINK_HOURS` | how long an outside approver's link is valid | `72` |
| `SOCIALGUARD_INVITATION_HOURS` | how long an invitation to join an organisation is valid | `168` |
| `SOCIALGUARD_AUDIT_CHECKPOINTS` | the audit archive's signed checkpoint file (JSON lines) | `<data>/audit-checkpoints.jsonl` |
| `SOCIALGUARD_AUDIT_SIGNING_KEY` | base64 Ed25519 key that signs checkpoints | generated into `<data>/audit-signing-key` |
| `SOCIALGUARD_AUDIT_PUBLIC_KEY` | base64 public key to verify checkpoints with (no signing key needed) | the signing key's |
| `SOCIALGUARD_AUDIT_WEBHOOK` | URL each checkpoint line is also POSTed to | none |
| `SOCIALGUARD_AUDIT_CHECKPOINT_MINUTES` | minutes between periodic checkpoints | `60` |
"""

from __future__ import annotations

import os

import dj_database_url

from .datadir import creates_files, data_dir, secret_key
from .proxies import parse_networks


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


DATA_DIR = data_dir()
SECRET_KEY = secret_key(DATA_DIR)
DEBUG = _flag("SOCIALGUARD_DEBUG")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("SOCIALGUARD_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_htmx",
    "ninja",  # its Swagger UI assets and template, so /api/docs needs no CDN
    "socialguard.web",
    "socialguard.orgs",
    "socialguard.audit",
    "socialguard.signin",
    "socialguard.workflow",
    "socialguard.compose",
    "socialguard.security",
    "socialguard.inbox",
    "socialguard.policy_pages",
    "socialguard.training",
    "socialguard.dashboard",
    "socialguard.rechecks",
    "socialguard.api",
    "socialguard.connections",
    "socialguard.outbox",
]

MIDDLEWARE = [
    "socialguard.web.proxies.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "socialguard.web.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "socialguard.signin.middleware.TwoFactorMiddleware",
    "socialguard.web.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "socialguard.web.urls"
WSGI_APPLICATION = "socialguard.web.wsgi.application"
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
                "socialguard.orgs.access.membership_context",
                "socialguard.policy_pages.context.acknowledgement_context",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'socialguard.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock when a transaction starts, so concurrent writers queue instead of failing.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "signin:login"
LOGIN_REDIRECT_URL = "home"

# Sessions end after 8 hours or when the browser closes; cookies are HttpOnly and SameSite.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SOCIALGUARD_CSP = {  # socialguard.web.csp: nothing inline, nothing from elsewhere
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Forwarding headers reach Django only from these proxies (socialguard.web.proxies); so the scheme header is safe.
SOCIALGUARD_TRUSTED_PROXIES = parse_networks(os.environ.get("SOCIALGUARD_TRUSTED_PROXIES", ""))
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SOCIALGUARD_HTTPS = _flag("SOCIALGUARD_HTTPS")
if SOCIALGUARD_HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31_536_000

# Sign-in throttling (socialguard.signin.throttle): per client address a limit, per user name and address a
# growing delay; nothing per account alone, so nobody can lock another person out.
LOGIN_ADDRESS_MAX_FAILURES = 20
LOGIN_WINDOW_SECONDS = 15 * 60
LOGIN_FREE_FAILURES = 3
LOGIN_MAX_DELAY_SECONDS = 60
OTP_TOTP_ISSUER = "socialguard"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "socialguard"}}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("pl", "Polski")]
LOCALE_PATHS = [os.path.join(os.path.dirname(__file__), "locale")]
USE_I18N = True
TIME_ZONE = os.environ.get("SOCIALGUARD_TIME_ZONE", "Europe/Warsaw")
USE_TZ = True
FORMAT_MODULE_PATH = ["socialguard.web.formats"]  # one unambiguous date format per language

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
if creates_files():
    STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True  # serve from the installed packages without a collectstatic step

EMAIL_CHOICE = os.environ.get("SOCIALGUARD_EMAIL", "console")
EMAIL_BACKEND = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}.get(EMAIL_CHOICE, "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _flag("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("SOCIALGUARD_FROM_EMAIL", "socialguard@localhost")

# Posts longer than this are refused with a clear message before they reach the checker.
SOCIALGUARD_MAX_POST_CHARS = 10_000
# Images attached to posts: kept under <data>/media/ by their SHA-256; larger uploads are refused.
SOCIALGUARD_MEDIA_DIR = DATA_DIR / "media"
SOCIALGUARD_MAX_MEDIA_BYTES = 8 * 1024 * 1024
SOCIALGUARD_OUTSIDE_LINK_SECONDS = int(os.environ.get("SOCIALGUARD_OUTSIDE_LINK_HOURS", "72")) * 3600
SOCIALGUARD_INVITATION_SECONDS = int(os.environ.get("SOCIALGUARD_INVITATION_HOURS", "168")) * 3600
SOCIALGUARD_WEBHOOK_TIMEOUT = 5

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_forbidden": {"()": "socialguard.web.logfilters.OneLineForbidden"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "socialguard": {"handlers": ["console"], "level": "INFO"},
        "django.request": {"filters": ["one_line_forbidden"]},
    },
}

# Signed checkpoints of the audit chains, kept outside the database (socialguard.audit.checkpoints).
AUDIT_CHECKPOINT_FILE = os.environ.get("SOCIALGUARD_AUDIT_CHECKPOINTS") or DATA_DIR / "audit-checkpoints.jsonl"
AUDIT_SIGNING_KEY_FILE = DATA_DIR / "audit-signing-key"
CREDENTIAL_KEYS_FILE = DATA_DIR / "credential-keys"  # brand-account credentials' keys (connections.vault)
AUDIT_CHECKPOINT_WEBHOOK = os.environ.get("SOCIALGUARD_AUDIT_WEBHOOK", "")

# The address people reach the app at, for links in e-mails and webhook messages.
SOCIALGUARD_BASE_URL = os.environ.get("SOCIALGUARD_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
