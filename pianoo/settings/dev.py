"""Local development: DEBUG on, a throwaway secret. Never deploy these settings."""

import os
import sys
import warnings

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-do-not-deploy"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
# runserver starts no PDF render process (gunicorn does, gunicorn.conf.py): render in the request.
PDF_RENDER_INLINE = True
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# Dev settings under an application server, or with hosts that are not this machine,
# mean someone is deploying them: say so loudly (DEBUG leaks settings and tracebacks).
_SERVERS = ("gunicorn", "uwsgi", "uvicorn", "daphne", "waitress", "mod_wsgi")
_PUBLIC_HOSTS = [
    h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h and h not in ALLOWED_HOSTS
]
if any(server in sys.argv[0] for server in _SERVERS) or _PUBLIC_HOSTS:
    warnings.warn(
        "pianoo.settings.dev (DEBUG, a public secret key) is in use under an application server or for "
        f"hosts {_PUBLIC_HOSTS or ''}: use pianoo.settings.production to deploy.",
        stacklevel=1,
    )
