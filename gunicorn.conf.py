"""gunicorn settings for `make run` and `make bench`: the same server as production."""

import os

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 30
graceful_timeout = 10
# Off by default: Django's JSON request log (pianoo.request) already writes one line per
# request, with private measurement tokens redacted from the path; gunicorn's would not.
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG", "false") == "true" else None
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"
