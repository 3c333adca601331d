"""Test settings: fast hashing, in-memory cache, plain static storage."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {
        "BACKEND": "pianoo.cache_backends.FailSafeCache",
        "OPTIONS": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# Off so that tests posting many times don't trip limits; tests of limits turn it on.
RATELIMIT_ENABLED = False
# Off: the locmem cache outlives each test's database rollback, so a cached response
# could leak between tests. tests/production turns it on with a clean cache.
RESPONSE_CACHE_PATHS = {}  # type: ignore[var-annotated]
# Unit tests serve static files from the apps (no collectstatic), so whitenoise gets
# no STATIC_ROOT to scan; the end-to-end tests collect and serve as production does.
STATIC_ROOT = None  # type: ignore[assignment]
WHITENOISE_USE_FINDERS = True
# Tests, their parallel workers and the end-to-end server parse the real source once, ever.
PARSE_CACHE_DIR = os.environ.get("DJANGO_PARSE_CACHE_DIR") or str(BASE_DIR / ".cache" / "parse")

# No render process runs beside the test client: PDFs are made within the request. The queued
# path's own tests turn this off (tests/pianoo/test_pdf_jobs.py).
PDF_RENDER_INLINE = True
# Parallel test workers (and a second suite on the same machine) render PDFs at the same time and
# share the machine's render slots: a test waits for a slot instead of getting the visitors' "busy".
PDF_SLOT_WAIT = 120.0
PDF_TIMEOUT = 120.0
