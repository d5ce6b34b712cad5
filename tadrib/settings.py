"""Django settings for Tadrib. Everything a deployment changes comes from the environment."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from tadrib.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
DATA_DIR = Path(env_str("TADRIB_DATA_DIR", str(PROJECT_DIR / "data")))

DEBUG = env_bool("TADRIB_DEBUG", False)
_INSECURE_DEV_KEY = "tadrib-insecure-development-key-change-me-0123456789abcdef"
SECRET_KEY = env_str("TADRIB_SECRET_KEY", _INSECURE_DEV_KEY)
if SECRET_KEY == _INSECURE_DEV_KEY and not DEBUG and env_bool("TADRIB_PRODUCTION", False):
    raise ImproperlyConfigured("TADRIB_SECRET_KEY must be set when TADRIB_PRODUCTION is on")
ALLOWED_HOSTS = env_list("TADRIB_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
PORT = env_int("TADRIB_PORT", 8000, minimum=1, maximum=65535)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tables2",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "tadrib.core",
    "tadrib.accounts",
    "tadrib.organisations",
    "tadrib.people",
    "tadrib.agreements",
    "tadrib.advisory",
    "tadrib.training",
    "tadrib.equipment",
    "tadrib.reports",
    "tadrib.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tadrib.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "tadrib.core.middleware.PreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tadrib.urls"
WSGI_APPLICATION = "tadrib.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tadrib.core.context_processors.tadrib",
            ],
            "builtins": ["tadrib.core.templatetags.tadrib"],
        },
    }
]

_default_db = f"sqlite:///{DATA_DIR / 'tadrib.sqlite3'}"
DATABASE_URL = env_str("DATABASE_URL", _default_db)
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except Exception as exc:  # dj_database_url raises several types for a bad URL
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA foreign_keys=ON; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["TEST"] = {"NAME": env_str("TADRIB_TEST_DB_NAME", "test_tadrib")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Failed logins: after five failures for one username from one address, that
# combination is locked out for 15 minutes.
AXES_FAILURE_LIMIT = env_int("TADRIB_LOGIN_FAILURE_LIMIT", 5, minimum=1, maximum=100)
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "Tadrib"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ar", _("Arabic")), ("tr", _("Turkish"))]
LOCALE_PATHS = [Path(env_str("TADRIB_LOCALE_DIR", str(PACKAGE_DIR / "locale")))]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TADRIB_TIME_ZONE", "UTC")

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # also makes DATA_DIR, where the SQLite file lives
NODE_MODULES = PROJECT_DIR / "node_modules"
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/chart.js", NODE_MODULES / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"
# Uploaded documents: outside every served directory, handed out only by views
# that check the reader may see the record they belong to.
PRIVATE_MEDIA_ROOT = Path(env_str("TADRIB_PRIVATE_MEDIA_DIR", str(DATA_DIR / "private")))
# Training: identity data of a trainee is complete this many days before the
# report date; the waiting list is offered free seats from this many weeks
# before a session starts.
TADRIB_IDENTITY_DUE_DAYS = env_int("TADRIB_IDENTITY_DUE_DAYS", 16, minimum=0, maximum=365)
TADRIB_WAITLIST_WEEKS = env_int("TADRIB_WAITLIST_WEEKS", 4, minimum=0, maximum=52)
# Background work (allocation runs): the Django tasks API with its database
# backend; `tadrib worker` runs the queued tasks. The tests run each task at
# once instead (the immediate backend, set in tadrib/conftest.py).
TASKS = {
    "default": {
        "BACKEND": env_str("TADRIB_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
MAX_UPLOAD_BYTES = env_int("TADRIB_MAX_UPLOAD_MB", 20, minimum=1, maximum=1024) * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("TADRIB_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("TADRIB_LOG_LEVEL", "WARNING")},
}
