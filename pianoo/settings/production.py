"""Production: everything from the environment; passes `manage.py check --deploy`."""

import os
import sys

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .sqlite import must_exist

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Zet DJANGO_SECRET_KEY op een geheime waarde van minstens 50 tekens.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Zet DJANGO_ALLOWED_HOSTS, bijvoorbeeld 'inkoop.pianoo.nl'.")

# A missing SQLite file is an error, not a new empty database: every page would be
# a 500 while /health/ said ok. Only `manage.py migrate` (a fresh machine: `make run`)
# creates it, or DJANGO_SQLITE_CREATE=true.
_db = DATABASES["default"]
_creating = sys.argv[1:2] == ["migrate"] or os.environ.get("DJANGO_SQLITE_CREATE") == "true"
if _db["ENGINE"] == "django.db.backends.sqlite3" and not _creating:
    _db["NAME"] = must_exist(str(_db["NAME"]))

# Cold PDFs are made by the render process beside gunicorn, never in a worker (pianoo/pdf_jobs.py).
PDF_RENDER_INLINE = False

# HTTPS everywhere. DJANGO_HTTPS=false is only for `make run` and `make bench`,
# which serve these same settings on http://127.0.0.1; `check --deploy` warns then.
HTTPS = os.environ.get("DJANGO_HTTPS", "true").lower() != "false"
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
X_FRAME_OPTIONS = "DENY"
# Load balancers probe /health/ over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SESSION_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# drf-spectacular would generate the whole schema during `check --deploy` and report
# documentation gaps (admin API operation ids) as warnings; the schema is pinned by
# its own snapshot test instead, so the deploy check stays about deployment.
SPECTACULAR_SETTINGS = {**SPECTACULAR_SETTINGS, "ENABLE_DJANGO_DEPLOY_CHECK": False}
