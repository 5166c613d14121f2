"""Django settings, read from the environment (nothing secret in the repository).

Production (a province server): ``SECRET_KEY`` is required, ``DEBUG`` is always off,
``DATABASE_URL`` (e.g. postgresql://user:pass@host/db), ``ALLOWED_HOSTS`` (comma
separated), ``MEDIA_ROOT`` (attachments, outside any web root), ``PARSCORE_DATA_DIR``
(default ./parscore-data: the SQLite file and attachments when the others are unset),
``PARSCORE_MAX_UPLOAD_MB`` (default 20), ``PARSCORE_BEHIND_TLS_PROXY=1`` (trust
X-Forwarded-Proto from the proxy in front of gunicorn).

Demo (``parscore web --demo`` sets ``PARSCORE_DEMO=1``): a fixed local SECRET_KEY, a
SQLite file under ./out/demo, loopback hosts, cookies allowed over plain HTTP.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE = Path(__file__).resolve().parent
env = os.environ.get

DEMO = env("PARSCORE_DEMO") == "1"
DEBUG = False  # never on: errors are shown as the Vietnamese 500 page, details go to the log

if DEMO:
    DATA_DIR = Path(env("PARSCORE_DATA_DIR") or "out/demo").resolve()
    SECRET_KEY = env("SECRET_KEY") or "parscore-demo-only-not-secret-" + "x" * 40
    ALLOWED_HOSTS = (env("ALLOWED_HOSTS") or "127.0.0.1,localhost,testserver").split(",")
else:
    DATA_DIR = Path(env("PARSCORE_DATA_DIR") or "parscore-data").resolve()
    SECRET_KEY = env("SECRET_KEY") or ""
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY is not set (export SECRET_KEY=…, or run parscore web --demo)")
    ALLOWED_HOSTS = [h.strip() for h in (env("ALLOWED_HOSTS") or "127.0.0.1,localhost").split(",") if h.strip()]

MEDIA_ROOT = Path(env("MEDIA_ROOT") or DATA_DIR / "attachments").resolve()
MAX_UPLOAD_BYTES = int(float(env("PARSCORE_MAX_UPLOAD_MB") or "20") * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024        # form fields; files are streamed to disk
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "web.apps.WebConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "web.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

ROOT_URLCONF = "web.urls"
WSGI_APPLICATION = "web.wsgi.application"

TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.template.context_processors.i18n",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "web.context.workspace",
    ]},
}]


def _database() -> dict:
    url = env("DATABASE_URL")
    if url:
        db = dj_database_url.parse(url, conn_max_age=int(env("PARSCORE_DB_CONN_MAX_AGE") or "60"),
                                   conn_health_checks=True)
    else:
        db = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA_DIR / "parscore.sqlite3")}
    if db["ENGINE"].endswith("sqlite3"):
        # WAL lets readers go on while one writer writes; IMMEDIATE transactions take the write
        # lock at BEGIN so two savers queue (busy timeout) instead of failing with "locked"
        db["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE",
                         "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    return db


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = None                 # served from web/static by whitenoise
WHITENOISE_USE_FINDERS = True      # serve web/static directly; no collectstatic needed
WHITENOISE_AUTOREFRESH = False

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEMO and env("PARSCORE_INSECURE_COOKIES") != "1"
SESSION_COOKIE_AGE = 8 * 3600
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
if env("PARSCORE_BEHIND_TLS_PROXY") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000

CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "frame-src": ["'self'"],          # a PDF attachment shown inside the page
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}}

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_VERBOSE = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django": {"handlers": ["console"], "level": "WARNING"},
                "axes": {"handlers": ["console"], "level": "WARNING"}},
}
