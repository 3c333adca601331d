"""Local development: DEBUG on, a throwaway secret. Never deploy these settings."""

import sys
import warnings

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-do-not-deploy"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

if "gunicorn" in sys.argv[0]:
    warnings.warn(
        "cms.settings.dev is in use under gunicorn: use cms.settings.production to deploy.",
        stacklevel=1,
    )
