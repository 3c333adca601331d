"""gunicorn settings for `make run` and `make bench`: the same server as production.

gunicorn also starts the PDF render process (`manage.py render_pdfs`, pianoo/pdf_jobs.py)
beside its workers and stops it when it stops: cold PDFs are made there, at nice 19,
never in a worker. PDF_RENDER_PROCESS=false leaves it out, for a server whose render
process runs on its own (docs/deployment.md).
"""

import os
import subprocess
import sys
from pathlib import Path

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 30
graceful_timeout = 10
# Off by default: Django's JSON request log (pianoo.request) already writes one line per
# request, with private measurement tokens redacted from the path; gunicorn's would not.
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG", "false") == "true" else None
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"

ROOT = Path(__file__).resolve().parent
_render_process: subprocess.Popen[bytes] | None = None


def when_ready(server):
    """Start the PDF render process once the workers are about to be spawned."""
    global _render_process
    if os.environ.get("PDF_RENDER_PROCESS", "true").lower() == "false":
        return
    # The settings the workers load (pianoo/wsgi.py's default), not manage.py's dev default.
    env = {"DJANGO_SETTINGS_MODULE": "pianoo.settings.production", **os.environ}
    _render_process = subprocess.Popen(  # noqa: S603 - our own manage.py, with this interpreter
        [sys.executable, str(ROOT / "manage.py"), "render_pdfs", "--exit-with-parent"], cwd=ROOT, env=env
    )
    server.log.info("PDF render process started (pid %s)", _render_process.pid)


def on_exit(server):
    """Stop the render process: it finishes the PDF at hand, or is killed after graceful_timeout."""
    if _render_process is None or _render_process.poll() is not None:
        return
    _render_process.terminate()
    try:
        _render_process.wait(timeout=graceful_timeout)
    except subprocess.TimeoutExpired:
        _render_process.kill()
        _render_process.wait()
