"""One settings module, read from the environment. With no environment at all the demo works."""

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
    "tijara.accounts",
    "tijara.merchants",
    "tijara.shipping",
    "tijara.legal",
    "tijara.catalog",
    "tijara.cart",
    "tijara.checkout",
    "tijara.orders",
    "tijara.invoicing",
    "tijara.ledger",
    "tijara.payments",
    "tijara.storefront",
    "tijara.dashboard",
    "tijara.api",
    "tijara.observatory",
    "tijara.archive",
    "tijara.simulator",
]
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "storefront:login"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
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
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
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
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("TIJARA_MEDIA_ROOT", Path.cwd() / "media"))

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
    SECURE_HSTS_PRELOAD = env_bool("TIJARA_HSTS_PRELOAD", False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Joining browsers' HSTS preload list is hard to undo, so each deployment opts in itself
    # (TIJARA_HSTS_PRELOAD=1); until then Django's reminder (W021) would be the only finding of check --deploy.
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

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
TIJARA_PAGE_SIZE = 24
TIJARA_MAX_PAGE_SIZE = 100
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
# --- Signed contract archive ---------------------------------------------------------------------
# Base64 of the platform's 32-byte Ed25519 private key that signs archived contract records; environment only.
# Unset, the server starts, but placing an order raises ImproperlyConfigured (nothing is archived unsigned).
TIJARA_ARCHIVE_SIGNING_KEY = os.environ.get("TIJARA_ARCHIVE_SIGNING_KEY", "")
# Absolute base of the shop's own URLs when no request is at hand (gateway callbacks).
TIJARA_SITE_URL = os.environ.get("TIJARA_SITE_URL", "http://127.0.0.1:8000")
