"""Settings shared by every environment. Safe by default: no DEBUG, no secret."""

import os
import re
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from .sqlite import sqlite_options

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "users",
    "pianoo",
    "cms",
    "wegwijzer",
    "checklist",
    "importers",
    "feedback",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "csp",  # django-csp: its system check refuses the pre-4.0 CSP_* settings
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "pianoo.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "pianoo.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A cached page is served right after CSRF (which sets the visitor's cookie), so a
    # hit skips sessions, locale and common; it checks the Host header itself.
    "django.middleware.csrf.CsrfViewMiddleware",
    "pianoo.response_cache.VersionedResponseCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any view-phase hook (the CSRF check reads the body): refuses large bodies unread.
    "pianoo.body_limit.BodyLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "pianoo.login_throttle.AdminLoginThrottleMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "pianoo.urls"
WSGI_APPLICATION = "pianoo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                # After Django's built-in csrf processor: a marker for the token in pages
                # the response cache may store (pianoo/response_cache.py).
                "pianoo.response_cache.csrf_marker",
            ],
        },
    },
]

# SQLite is the embedded default; DATABASE_URL switches to PostgreSQL. SQLite runs
# with WAL, immediate write transactions and a busy timeout (pianoo/database.py).
# Persistent connections are safe for SQLite too: a connection whose file was moved
# or replaced (a restore) is closed at the next request.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}), **sqlite_options()}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "users.User"

# The CSRF cookie lives until the browser closes, not Django's default of a year: a
# visitor's forms need it only while the page is open (docs/privacy.md). A session
# cookie also carries no Expires date, which a cached page hit would format anew.
CSRF_COOKIE_AGE = None

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands"))]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "static_collected"))
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Cache: locmem by default, Redis when REDIS_URL is set (shared across processes).
# Always wrapped in FailSafeCache (pianoo/cache_backends.py), the one place that
# handles cache failures: a miss instead of an error, and a breaker that stops
# calling a hung Redis after two failures. Redis gets short socket timeouts, so
# even those first failures cost 0.1 s, not seconds.
CACHE_SOCKET_TIMEOUT = float(os.environ.get("CACHE_SOCKET_TIMEOUT", "0.1"))
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "pianoo.cache_backends.FailSafeCache",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": {
                "BACKEND": "django_redis.cache.RedisCache",
                "SOCKET_CONNECT_TIMEOUT": CACHE_SOCKET_TIMEOUT,
                "SOCKET_TIMEOUT": CACHE_SOCKET_TIMEOUT,
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "pianoo.cache_backends.FailSafeCache",
            "OPTIONS": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        }
    }

# Small posts only: forms here hold a few scores or a short comment. No public form
# takes a file: BodyLimitMiddleware (pianoo/body_limit.py) refuses a body over
# PUBLIC_POST_MAX_BYTES before Django reads it, and file parts everywhere outside
# the admin, so nothing is spooled to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
PUBLIC_POST_MAX_BYTES = 64 * 1024
# Editors upload documents and images in the admin; other admin posts are small.
ADMIN_UPLOAD_MAX_BYTES = int(os.environ.get("ADMIN_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))

# The link checker refuses loopback, private and link-local addresses (cms/linkcheck.py).
LINKCHECK_ALLOW_PRIVATE = os.environ.get("LINKCHECK_ALLOW_PRIVATE", "false").lower() == "true"

WAGTAIL_SITE_NAME = "PIANOo Organisatie Strategische Inkoop"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("nl", "Nederlands")]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf"]
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["bold", "italic", "link", "ol", "ul"]},
    }
}

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["pianoo.renderers.FastJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["pianoo.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "cms.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PIANOo Organisatie Strategische Inkoop API",
    "DESCRIPTION": "Wegwijzer, checklist en feedback, voor headless gebruik.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["pianoo.schema.public_api_only"],
}

SOURCE_DOCUMENT = BASE_DIR / "importers" / "source" / "organisatie-strategische-inkoop.txt"
# Off by default: a directory here keeps parse results between imports (importers/parse_cache.py).
PARSE_CACHE_DIR = os.environ.get("DJANGO_PARSE_CACHE_DIR") or None

# Every record carries the request id (pianoo/request_id.py); `pianoo.request` writes one
# JSON line per request. DJANGO_REQUEST_LOG=false silences those lines.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "pianoo.request_id.RequestIdFilter"},
    },
    "formatters": {
        # 4xx and hostile requests in one line each, private tokens redacted.
        "plain": {
            "()": "pianoo.log_format.ConsoleFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
        "message": {"format": "%(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "plain"},
        "requests": {"class": "logging.StreamHandler", "formatter": "message"},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "pianoo.request": {
            "handlers": ["requests"],
            "level": "INFO" if os.environ.get("DJANGO_REQUEST_LOG", "true").lower() != "false" else "WARNING",
            "propagate": False,
        },
        # WeasyPrint warns about every screen-only rule of site.css it skips; its errors still show.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
    },
}

# Security headers for every environment; production adds HTTPS-only settings.
# The Content-Security-Policy is django-csp's (pianoo/csp.py). The admin is excluded:
# Wagtail's admin uses inline scripts and styles. Page and snippet previews get this
# policy with frame-ancestors 'self', so the admin may frame them (docs/security.md).
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Rate limits on visitor posts and admin logins (pianoo/ratelimit.py). Counters live
# in the shared cache when Redis is configured (and up), in the database otherwise;
# admin login failures always in the database. The client is REMOTE_ADDR, unless it
# is one of RATELIMIT_TRUSTED_PROXIES (addresses or networks): then the address
# RATELIMIT_PROXY_COUNT hops back in X-Forwarded-For. See docs/deployment.md.
RATELIMIT_ENABLED = os.environ.get("DJANGO_RATELIMIT_ENABLED", "true").lower() != "false"
RATELIMIT_PROXY_COUNT = int(os.environ.get("RATELIMIT_PROXY_COUNT", "0"))
RATELIMIT_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("RATELIMIT_TRUSTED_PROXIES", "").split(",") if p.strip()
]
RATELIMIT_STORE = "cache" if os.environ.get("REDIS_URL") else "database"

# Feedback (feedback/): how long it is kept (`manage.py purge_feedback`), and how
# many posts one client may make per window of seconds.
FEEDBACK_RETENTION_MONTHS = int(os.environ.get("FEEDBACK_RETENTION_MONTHS", "24"))
# Checklist series and team rounds that no one opened for this long are deleted by the same
# command (`purge_feedback` runs every function listed here with (now, dry_run=...)).
CHECKLIST_RETENTION_MONTHS = int(os.environ.get("CHECKLIST_RETENTION_MONTHS", "24"))
RETENTION_PURGERS = ["checklist.retention.purge_unopened", "pianoo.pdf_jobs.purge_expired"]
FEEDBACK_RATE_LIMIT = (30, 300)

# Whole responses cached per content version (pianoo/response_cache.py): path -> the
# query parameters that may vary. Anything else on these paths is rendered afresh.
ANSWER_PARAMS = ("q1", "q2", "q3", "q4", "q5")
# A checklist result address: one "s<theme>.<statement>=<1-4>" per scored statement.
CHECKLIST_SCORE_PARAMS = re.compile(r"s\d{1,2}\.\d{1,2}")
RESPONSE_CACHE_PATHS = {
    "/": (),  # the landing page, without parameters
    "/api/wegwijzer/advice/": ANSWER_PARAMS,
    "/wegwijzer/advies/": ANSWER_PARAMS,
    "/checklist/": (),  # the form: the same for everyone (a GET form, no per-visitor token)
    "/checklist/resultaat/": CHECKLIST_SCORE_PARAMS,  # a shared result address
    "/wegwijzer/advies/pdf/": ANSWER_PARAMS,
}

# PDF rendering (pianoo/pdf.py, pianoo/pdf_jobs.py): cold PDFs are made by the render process
# (`manage.py render_pdfs`), never in a request. The CPU seconds one render may take; how long a
# job may wait for a render process before the visitor gets a 503.
PDF_RENDER_INLINE = False
PDF_TIMEOUT = float(os.environ.get("PDF_TIMEOUT", "20"))
PDF_QUEUE_WAIT = float(os.environ.get("PDF_QUEUE_WAIT", "120"))
# Only with PDF_RENDER_INLINE (dev, tests): renders running at once on this machine, and how
# long a request waits for one to finish before a 503.
PDF_RENDER_SLOTS = int(os.environ.get("PDF_RENDER_SLOTS", "1"))
PDF_SLOT_WAIT = float(os.environ.get("PDF_SLOT_WAIT", "3"))
