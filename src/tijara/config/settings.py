"""One settings module, read from the environment. With no environment at all the demo works."""

import json
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/tijara


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Debug only when asked for (TIJARA_DEBUG=1): a server started without environment runs as production.
DEBUG = env_bool("TIJARA_DEBUG", False)
# The insecure key is only used when TIJARA_DEBUG is on; otherwise TIJARA_SECRET_KEY must be set.
SECRET_KEY = os.environ.get("TIJARA_SECRET_KEY") or (
    "insecure-key-only-for-debug" if DEBUG else ""
)
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("TIJARA_SECRET_KEY must be set when TIJARA_DEBUG is off.")

ALLOWED_HOSTS = env_list("TIJARA_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("TIJARA_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "tijara.core",
    "tijara.audit",
    "tijara.accounts",
    "tijara.merchants",
    "tijara.shipping",
    "tijara.legal",
    "tijara.privacy",
    "tijara.catalog",
    "tijara.cart",
    "tijara.checkout",
    "tijara.orders",
    "tijara.invoicing",
    "tijara.ledger",
    "tijara.payments",
    "tijara.fulfilment",
    "tijara.aftersale",
    "tijara.remittances",
    "tijara.dataprotection",
    "tijara.storefront",
    "tijara.dashboard",
    "tijara.api",
    "tijara.observatory",
    "tijara.archive",
    "tijara.simulator",
    "tijara.demo",
]
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "storefront:login"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tijara.audit.middleware.AuditContextMiddleware",  # client address for audit records [SEC-AUDIT-EVENTS]
    "tijara.core.security.SecurityHeadersMiddleware",  # CSP, Permissions-Policy, no-store [SEC-WEB-HEADERS]
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tijara.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "tijara.config.urls"
WSGI_APPLICATION = "tijara.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tijara.core.context_processors.site",
                "tijara.cart.context_processors.cart",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# DATABASE_URL selects the database; default is a SQLite file in the current directory.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{Path.cwd() / 'tijara.sqlite3'}"),
        conn_max_age=int(os.environ.get("TIJARA_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL + IMMEDIATE: concurrent writers queue on the lock instead of failing "database is locked".
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # [SEC-AUTH-PASSWORD] at least 12 characters and not among the 20,000 most common passwords.
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": int(os.environ.get("TIJARA_PASSWORD_MIN_LENGTH", "12"))}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "tijara",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("TIJARA_CACHE_MAX_ENTRIES", "5000"))},
    }
}
if os.environ.get("TIJARA_REDIS_URL"):
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                         "LOCATION": os.environ["TIJARA_REDIS_URL"]}

# Background jobs (django-tasks, the API Django 6 adopts). The database backend is durable: a job
# written in an order's transaction is never lost; `tijara db_worker` runs them.
TASKS = {"default": {"BACKEND": os.environ.get("TIJARA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# --- Languages ------------------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("ar", _("Arabic")), ("en", _("English"))]
LANGUAGES_BIDI = ["ar"]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Africa/Casablanca"
USE_TZ = True
# Babel locales used to format numbers and money for each interface language.
TIJARA_NUMBER_LOCALES = {"fr": "fr_MA", "ar": "ar_MA", "en": "en_US"}

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("TIJARA_STATIC_ROOT", Path.cwd() / "staticfiles"))
STORAGES = {
    # Uploaded files (product photos, logos, import files) go through Django's storage API: the local folder
    # MEDIA_ROOT by default; an S3-compatible object store by naming its backend and options, e.g.
    # TIJARA_MEDIA_STORAGE=storages.backends.s3.S3Storage (needs django-storages installed) and
    # TIJARA_MEDIA_STORAGE_OPTIONS='{"bucket_name": "...", "endpoint_url": "...", "custom_domain": "..."}'.
    "default": {"BACKEND": os.environ.get("TIJARA_MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage"),
                "OPTIONS": json.loads(os.environ.get("TIJARA_MEDIA_STORAGE_OPTIONS", "{}"))},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = os.environ.get("TIJARA_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("TIJARA_MEDIA_ROOT", Path.cwd() / "media"))
# The application serves public images of the local media folder itself (product photos, logos; never other
# folders) with a year-long cache; off when the web server or an object store serves MEDIA_URL instead.
TIJARA_SERVE_MEDIA = env_bool("TIJARA_SERVE_MEDIA", True)

# --- Security (check --deploy clean when TIJARA_DEBUG is off) --------------------------------
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("TIJARA_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("TIJARA_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("TIJARA_SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("TIJARA_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # The header says the site may be preloaded into browsers (HTTPS from the very first visit); a deployment
    # that cannot serve every subdomain over HTTPS turns it off, and check --deploy then says so (W021).
    SECURE_HSTS_PRELOAD = env_bool("TIJARA_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # [SEC-WEB-DEPLOY] A server answering only loopback names (the demo on 127.0.0.1 with TIJARA_SSL_REDIRECT=0
    # and TIJARA_SECURE_COOKIES=0) is out of the network's reach, so Django's HTTPS reminders do not apply to it;
    # as soon as TIJARA_ALLOWED_HOSTS names a reachable host they are checked again.
    LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "testserver", "[::1]", "::1"}
    SILENCED_SYSTEM_CHECKS = [
        check for check, secure in (("security.W008", SECURE_SSL_REDIRECT), ("security.W012", SESSION_COOKIE_SECURE),
                                    ("security.W016", CSRF_COOKIE_SECURE))
        if not secure and set(ALLOWED_HOSTS) <= LOOPBACK_HOSTS
    ]

# --- Sign-in security [SEC-AUTH-2FA] [SEC-AUTH-LOCK] [SEC-AUTH-RESET] ---------------------------------
# Second factor (TOTP) required of merchant owners and managers and of platform staff (the tests turn it off).
TIJARA_TWO_FACTOR_REQUIRED = env_bool("TIJARA_TWO_FACTOR_REQUIRED", True)
# This many wrong passwords for one account, or from one address, lock both for TIJARA_SIGNIN_LOCK_SECONDS.
TIJARA_SIGNIN_LOCK_FAILURES = int(os.environ.get("TIJARA_SIGNIN_LOCK_FAILURES", "50"))
TIJARA_SIGNIN_LOCK_SECONDS = int(os.environ.get("TIJARA_SIGNIN_LOCK_SECONDS", "900"))
# A password-reset link works once, for this many seconds.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("TIJARA_PASSWORD_RESET_SECONDS", "3600"))
# The request header holding the client's address when a reverse proxy sits in front (e.g. HTTP_X_REAL_IP);
# empty: the socket's address (REMOTE_ADDR). Throttling counts per address with it.
TIJARA_CLIENT_IP_HEADER = os.environ.get("TIJARA_CLIENT_IP_HEADER", "")

# --- Email ----------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "TIJARA_EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = Path(os.environ.get("TIJARA_EMAIL_DIR", Path.cwd() / "var" / "mail"))
EMAIL_HOST = os.environ.get("TIJARA_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("TIJARA_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("TIJARA_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("TIJARA_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("TIJARA_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("TIJARA_FROM_EMAIL", "tijara <no-reply@tijara.localhost>")

# --- Logging: errors go to the log, never to the user ----------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TIJARA_LOG_LEVEL", "WARNING")},
}

# --- tijara ---------------------------------------------------------------------------------
TIJARA_SITE_NAME = os.environ.get("TIJARA_SITE_NAME", "tijara")
TIJARA_BENCH = env_bool("TIJARA_BENCH", False)  # exposes /_bench/floor for bench/ scripts
# Public pages are cached this many seconds for cookie-less visitors (0 disables; tests run with 0).
TIJARA_PAGE_CACHE_SECONDS = int(os.environ.get("TIJARA_PAGE_CACHE_SECONDS", "0" if DEBUG else "30"))
# Number of matches of a public listing, cached this many seconds (0 disables; tests run with 0).
TIJARA_COUNT_CACHE_SECONDS = int(os.environ.get("TIJARA_COUNT_CACHE_SECONDS", "0" if DEBUG else "60"))
# Uploaded images decoded at once per server process, and how long an upload waits for its turn before being
# asked to come back [SEC-WEB-IMPORT].
TIJARA_IMAGE_MAX_DECODES = int(os.environ.get("TIJARA_IMAGE_MAX_DECODES", "2"))
TIJARA_IMAGE_DECODE_WAIT_SECONDS = float(os.environ.get("TIJARA_IMAGE_DECODE_WAIT_SECONDS", "20"))
TIJARA_PAGE_SIZE = 24
TIJARA_MAX_PAGE_SIZE = 100
# Requests one merchant API token may make per window (seconds); beyond: 429 with Retry-After [SEC-API-RATE].
TIJARA_API_TOKEN_RATE_LIMIT = int(os.environ.get("TIJARA_API_TOKEN_RATE_LIMIT", "120"))
TIJARA_API_TOKEN_RATE_WINDOW = int(os.environ.get("TIJARA_API_TOKEN_RATE_WINDOW", "60"))
TIJARA_OBSERVATORY_DIR = Path(os.environ.get("TIJARA_OBSERVATORY_DIR", Path.cwd() / "var" / "observatory"))
# The platform's commission on each sale (0.05 = 5 %), unless the merchant has its own rate in the ledger.
TIJARA_COMMISSION_RATE = os.environ.get("TIJARA_COMMISSION_RATE", "0.05")

# --- Card payments (the interbank hosted payment page) -----------------------------------------
# The store key signs forms and callbacks: from the environment only, never the repository. Without it the
# card method is not offered.
TIJARA_CMI_GATEWAY_URL = os.environ.get("TIJARA_CMI_GATEWAY_URL", "http://127.0.0.1:8001/fim/est3Dgate")
TIJARA_CMI_CLIENT_ID = os.environ.get("TIJARA_CMI_CLIENT_ID", "600000001")
TIJARA_CMI_STORE_KEY = os.environ.get("TIJARA_CMI_STORE_KEY", "")
TIJARA_CMI_TIMEOUT_SECONDS = float(os.environ.get("TIJARA_CMI_TIMEOUT_SECONDS", "10"))
# An unpaid card checkout is cancelled (stock released) this long after its last payment attempt.
TIJARA_CARD_PAYMENT_TIMEOUT_MINUTES = int(os.environ.get("TIJARA_CARD_PAYMENT_TIMEOUT_MINUTES", "30"))
# --- Cash on delivery operations (docs/compliance.md, "Facts that are settings") ----------------------
# Unanswered confirmation calls before a COD order is cancelled [COD-CALL-CANCEL]; minutes a taken call stays
# with its staff member [COD-CALL-CLAIM]; minutes before an unanswered call comes back to the top of the queue.
TIJARA_COD_MAX_UNANSWERED = int(os.environ.get("TIJARA_COD_MAX_UNANSWERED", "3"))
TIJARA_COD_CLAIM_MINUTES = int(os.environ.get("TIJARA_COD_CLAIM_MINUTES", "10"))
TIJARA_COD_RETRY_MINUTES = int(os.environ.get("TIJARA_COD_RETRY_MINUTES", "120"))
# The platform-wide refusal rate of a phone number is shown only above these counts of other stores' orders
# and of other stores [COD-RISK].
TIJARA_COD_RISK_MIN_ORDERS = int(os.environ.get("TIJARA_COD_RISK_MIN_ORDERS", "10"))
TIJARA_COD_RISK_MIN_MERCHANTS = int(os.environ.get("TIJARA_COD_RISK_MIN_MERCHANTS", "3"))
# Rows a carrier's cash remittance file may have; a bigger file is refused whole [COD-REMIT-PREVIEW].
TIJARA_REMITTANCE_MAX_ROWS = int(os.environ.get("TIJARA_REMITTANCE_MAX_ROWS", "20000"))
# --- After the sale (law 31-08) ------------------------------------------------------------------------
# Yearly rate of the legal interest owed on a refund paid after its 15 days [CP-REFUND-INTEREST]. Law 31-08 says
# legal interest accrues without giving the rate; our sources hold no decree fixing Morocco's legal rate, so
# 6 % a year is a project default to confirm with counsel (docs/compliance.md, "Facts that are settings").
TIJARA_LEGAL_INTEREST_RATE = os.environ.get("TIJARA_LEGAL_INTEREST_RATE", "0.06")
# Days the signed order link of a buyer e-mail opens the order page for a guest; never fewer than the legal
# delivery limit + the 30-day withdrawal window + the 15 refund days (orders/tracking.py raises it to that floor).
TIJARA_ORDER_LINK_DAYS = int(os.environ.get("TIJARA_ORDER_LINK_DAYS", "365"))
# --- Security audit trail and incident register (law 05-20) --------------------------------------------
# Audit records are kept this many days, never fewer than 365 (art. 21 sets one year for critical
# infrastructure; our default for the platform) [SEC-AUDIT-RETENTION]. `tijara audit purge` removes older ones.
TIJARA_AUDIT_RETENTION_DAYS = int(os.environ.get("TIJARA_AUDIT_RETENTION_DAYS", "365"))
# Law 05-20 says "without delay" (art. 30) and "once known" (art. 33) and sets no hours: these are our own
# deadlines from detection, shown in the incident register [SEC-INCIDENT-DGSSI] [SEC-INCIDENT-CUSTOMERS].
TIJARA_INCIDENT_DGSSI_HOURS = int(os.environ.get("TIJARA_INCIDENT_DGSSI_HOURS", "24"))
TIJARA_INCIDENT_CUSTOMERS_HOURS = int(os.environ.get("TIJARA_INCIDENT_CUSTOMERS_HOURS", "72"))
# --- Signed contract archive ---------------------------------------------------------------------
# Base64 of the platform's 32-byte Ed25519 private key that signs archived contract records; environment only.
# Unset, the server starts, but placing an order raises ImproperlyConfigured (nothing is archived unsigned).
TIJARA_ARCHIVE_SIGNING_KEY = os.environ.get("TIJARA_ARCHIVE_SIGNING_KEY", "")
# Absolute base of the shop's own URLs when no request is at hand (gateway callbacks).
TIJARA_SITE_URL = os.environ.get("TIJARA_SITE_URL", "http://127.0.0.1:8000")

# --- Personal data (law 09-08) ---------------------------------------------------------------------------
# The platform as controller, shown in the privacy notice of its own forms [DP-NOTICE]; stores show their own.
TIJARA_CONTROLLER_NAME = os.environ.get("TIJARA_CONTROLLER_NAME", "tijara SARL")
TIJARA_CONTROLLER_ADDRESS = os.environ.get("TIJARA_CONTROLLER_ADDRESS", "Casablanca, Maroc")
TIJARA_PRIVACY_EMAIL = os.environ.get("TIJARA_PRIVACY_EMAIL", "privacy@tijara.localhost")
# Receipt number the CNDP gave for the platform's declaration (law 09-08 art. 12); shown in every notice.
TIJARA_CNDP_RECEIPT = os.environ.get("TIJARA_CNDP_RECEIPT", "D-GC-000/2026")
# Reference of a CNDP authorisation to process national ID numbers; blank: no CIN anywhere [DP-NO-CIN].
TIJARA_CIN_AUTHORISATION = os.environ.get("TIJARA_CIN_AUTHORISATION", "")
# Days to answer a data-subject request (law 09-08 arts. 7-9 give 10 days for rectification/erasure) [DP-DSR-TIMER].
TIJARA_DSR_DAYS = int(os.environ.get("TIJARA_DSR_DAYS", "10"))
# Processors that receive personal data [DP-PROCESSORS]: kind (email|sms|carrier|hosting), country (ISO),
# basis of a transfer abroad (morocco|adequacy|consent|authorisation + reference) and the processor contract.
# Override with a JSON object in TIJARA_PROCESSORS_JSON. An e-mail backend not listed here is refused.
TIJARA_PROCESSORS = json.loads(os.environ["TIJARA_PROCESSORS_JSON"]) if os.environ.get("TIJARA_PROCESSORS_JSON") else {
    "mail-relay": {"kind": "email", "name": "Platform mail relay (SMTP)", "country": "MA", "basis": "morocco",
                   "contract": "operated by the platform",
                   "backends": ["django.core.mail.backends.smtp.EmailBackend"]},
    "hosting": {"kind": "hosting", "name": "Server hosting", "country": "MA", "basis": "morocco",
                "contract": "operated by the platform"},
    "carriers": {"kind": "carrier", "name": "Carriers chosen by each store", "country": "MA", "basis": "morocco",
                 "contract": "each store's carrier contract"},
}
# Countries the CNDP lists as giving adequate protection (law 09-08 art. 43) [DP-TRANSFER]. Default: EU/EEA
# members, our reading of the CNDP's adequacy deliberation; check the CNDP's current list before relying on it.
TIJARA_ADEQUATE_COUNTRIES = env_list(
    "TIJARA_ADEQUATE_COUNTRIES",
    "AT,BE,BG,HR,CY,CZ,DK,EE,FI,FR,DE,GR,HU,IE,IT,LV,LT,LU,MT,NL,PL,PT,RO,SK,SI,ES,SE,IS,LI,NO",
)
# Secret of the one-click unsubscribe links (defaults to a key derived from SECRET_KEY) [DP-UNSUBSCRIBE].
TIJARA_UNSUBSCRIBE_SALT = "tijara.privacy.unsubscribe"
