"""Cold PDFs made off the request path, by a separate low-priority render process.

WeasyPrint takes about a second of CPU for a PDF. Rendered inside a gunicorn worker,
the worker served nothing else meanwhile, and its thread fought the worker's own for
the GIL: the site's other pages ran at about half their speed while cold PDFs rendered.
So a request only renders the document's HTML (a template, cheap) and records a job
(`PdfJob`, in the database: the render processes of every server see it); the visitor
gets a Dutch 202 page that asks the same address again every two seconds
(`pianoo.pdf.waiting_response`). The render process (`manage.py render_pdfs`, started
by gunicorn beside its workers, gunicorn.conf.py) claims jobs one at a time at nice 19,
runs WeasyPrint on the stored HTML and stores the PDF; the next reload serves it.

- One job per document: the key is a hash of the HTML and what WeasyPrint is given,
  unique in the table, so repeated and simultaneous requests share one render; a
  private link's token is in no key (it is hashed with the rest).
- Claiming is one conditional UPDATE (`status = pending`), which exactly one of
  several render processes wins, on SQLite as on PostgreSQL.
- Each render is bounded as before (HTML, pages, size: `pdf.write_pdf`) and in CPU time
  (PDF_TIMEOUT seconds; CPU, not wall time, as nice 19 waits whenever the site is busy).
- A failed render stays failed for FAILED_KEEP (the Dutch 503 page meanwhile); a job no
  render process took within PDF_QUEUE_WAIT gives the 503 too (none running, or a long
  queue), so no visitor waits forever.
- Jobs expire: a private PDF after an hour, a public one after a day (it carries the
  date); the render process deletes expired jobs, and so does the retention command.

PDF_RENDER_INLINE renders within the request instead (`pdf.html_to_pdf`), for `make dev`
and the unit tests, which run no render process; production never does.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, IntegrityError, close_old_connections, connection, transaction
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone

from pianoo import pdf
from pianoo.database import close_stale_connections
from pianoo.models import PdfJob

logger = logging.getLogger(__name__)

Status = PdfJob.Status
PRIVATE_KEEP = timedelta(hours=1)
PUBLIC_KEEP = timedelta(days=1)
FAILED_KEEP = timedelta(minutes=1)
# A job claimed this long ago by a render process that never finished it: that process
# stopped (killed, crashed). Long, as nice 19 makes a render wait while the site is busy.
STALE_CLAIM = timedelta(minutes=5)
MAX_ATTEMPTS = 2
QUEUE_MAX = 100  # unfinished jobs; more is a Dutch 503 instead of a longer queue
POLL_SECONDS = 0.2
NICENESS = 19
PURGE_EVERY_SECONDS = 60


class PdfPending(Exception):
    """The PDF is being made by the render process: answer `pdf.waiting_response`."""


class TooManyPdfs(Exception):
    """The caller's `admit` refused a new render (its rate limit)."""


class RenderTimeout(Exception):
    """A render used up its CPU time (PDF_TIMEOUT)."""


def render_pdf(
    template: str,
    context: dict[str, Any],
    request: HttpRequest,
    stylesheets: tuple[str, ...] = (),
    *,
    private: bool = False,
    admit: Callable[[], bool] | None = None,
    identity: str = "",
) -> bytes:
    """The PDF of `template` (extending pdf/document.html) with `context`, once it is made.

    Raises PdfPending while the render process makes it, PdfUnavailable when it can't be
    made, TooManyPdfs when `admit()` (asked only before a new render: a rate limit that
    reloads of the waiting page must not use up) says no. `stylesheets`: the tool's own
    static stylesheets, as its pages link them; `private`: under a private link.
    `identity`: a string that fixes the whole document (the advice's cache key, with the
    content version and the day), so that a reload finds its job without rendering the
    HTML again; without it the job is found by the HTML itself.
    """
    base_url = request.build_absolute_uri("/")

    def html() -> str:
        return pdf.document_html(template, context, request)

    if settings.PDF_RENDER_INLINE:
        if admit is not None and not admit():
            raise TooManyPdfs
        return pdf.html_to_pdf(html(), base_url, stylesheets)
    return queued_pdf(
        html if identity else html(), base_url, stylesheets, private=private, admit=admit, identity=identity
    )


def job_key(what: str, base_url: str, stylesheets: tuple[str, ...], *, private: bool) -> str:
    """What is rendered (the HTML, or an identity that fixes it), hashed: no token shows in a key."""
    described = json.dumps([what, base_url, list(stylesheets), private])
    return hashlib.sha256(described.encode()).hexdigest()


def queued_pdf(
    html: str | Callable[[], str],
    base_url: str = "",
    stylesheets: tuple[str, ...] = (),
    *,
    private: bool = False,
    admit: Callable[[], bool] | None = None,
    identity: str = "",
) -> bytes:
    """The finished PDF of this document's job, or the job recorded; see `render_pdf`.

    `html`: the document, or (with `identity`) a function that renders it, called only
    when a new job is recorded.
    """
    if not identity and not isinstance(html, str):
        html = html()
    if isinstance(html, str) and len(html) > pdf.MAX_HTML_CHARS:
        raise pdf.PdfUnavailable(pdf.FAILED_MESSAGE)
    key = job_key(identity or str(html), base_url, stylesheets, private=private)
    now = timezone.now()
    job = PdfJob.objects.defer("html").filter(key=key).first()
    if job is not None and job.expires_at <= now:
        PdfJob.objects.filter(pk=job.pk, expires_at__lte=now).delete()
        job = None
    if job is None:
        document = html if isinstance(html, str) else html()
        if len(document) > pdf.MAX_HTML_CHARS:
            raise pdf.PdfUnavailable(pdf.FAILED_MESSAGE)
        if admit is not None and not admit():
            raise TooManyPdfs
        job = _record(key, document, base_url, stylesheets, private=private, now=now)
    if job.status == Status.DONE and job.pdf is not None:
        return bytes(job.pdf)
    if job.status == Status.FAILED:
        raise pdf.PdfUnavailable(job.message or pdf.FAILED_MESSAGE, retry_after=60)
    waited = now - job.created_at
    if (job.status == Status.PENDING and waited > _queue_wait()) or waited > _queue_wait() + STALE_CLAIM:
        # No render process took it in time (none runs, or the queue is long), or the one
        # that took it stopped and none took it again.
        logger.warning("PDF job %s waited %s without a render process.", job.pk, waited)
        PdfJob.objects.filter(pk=job.pk, status=job.status).delete()
        raise pdf.PdfUnavailable(pdf.BUSY_MESSAGE, retry_after=30)
    raise PdfPending


def _queue_wait() -> timedelta:
    return timedelta(seconds=float(getattr(settings, "PDF_QUEUE_WAIT", 120)))


def _record(
    key: str, html: str, base_url: str, stylesheets: tuple[str, ...], *, private: bool, now: datetime
) -> PdfJob:
    """A new pending job, or the one a simultaneous request just recorded under the same key."""
    unfinished = PdfJob.objects.filter(status__in=(Status.PENDING, Status.RENDERING), expires_at__gt=now)
    if unfinished.count() >= QUEUE_MAX:
        raise pdf.PdfUnavailable(pdf.BUSY_MESSAGE, retry_after=30)
    try:
        with transaction.atomic():
            return PdfJob.objects.create(
                key=key,
                private=private,
                html=html,
                base_url=base_url,
                stylesheets=list(stylesheets),
                created_at=now,
                expires_at=now + (PRIVATE_KEEP if private else PUBLIC_KEEP),
            )
    except IntegrityError:
        return PdfJob.objects.defer("html").get(key=key)


def claim_next(now: datetime | None = None) -> PdfJob | None:
    """The oldest waiting job (or one a stopped render process left), now claimed by this process.

    The UPDATE is conditional on the status and claim it read: of several render
    processes, exactly one changes the row, and only it renders the job.
    """
    now = now or timezone.now()
    claimable = Q(status=Status.PENDING) | Q(status=Status.RENDERING, claimed_at__lt=now - STALE_CLAIM)
    candidates = (
        PdfJob.objects.filter(claimable, expires_at__gt=now)
        .order_by("created_at")
        .values_list("pk", "status", "claimed_at")[:5]
    )
    for pk, status, claimed_at in candidates:
        won = PdfJob.objects.filter(pk=pk, status=status, claimed_at=claimed_at).update(
            status=Status.RENDERING, claimed_at=now, attempts=F("attempts") + 1
        )
        if won:
            return PdfJob.objects.get(pk=pk)
    return None


def render_job(job: PdfJob) -> None:
    """Make the claimed job's PDF and store it, or store why it failed (a Dutch message)."""
    if job.attempts > MAX_ATTEMPTS:
        logger.warning(
            "PDF job %s stopped its render process %d times; not tried again.", job.pk, MAX_ATTEMPTS
        )
        _fail(job, pdf.FAILED_MESSAGE)
        return
    started = time.monotonic()
    try:
        with cpu_limit(float(getattr(settings, "PDF_TIMEOUT", 20))):
            made = pdf.write_pdf(job.html, job.base_url, tuple(job.stylesheets))
    except RenderTimeout:
        logger.warning("PDF job %s gave up after its CPU time.", job.pk)
        _fail(job, pdf.FAILED_MESSAGE)
        return
    except pdf.PdfUnavailable as problem:
        logger.warning("PDF job %s refused: over a limit.", job.pk)
        _fail(job, problem.message)
        return
    except Exception:
        logger.exception("PDF job %s failed.", job.pk)
        _fail(job, pdf.FAILED_MESSAGE)
        return
    PdfJob.objects.filter(pk=job.pk, claimed_at=job.claimed_at).update(status=Status.DONE, pdf=made, html="")
    logger.info("PDF job %s rendered in %.2f s, %d bytes.", job.pk, time.monotonic() - started, len(made))


def _fail(job: PdfJob, message: str) -> None:
    PdfJob.objects.filter(pk=job.pk, claimed_at=job.claimed_at).update(
        status=Status.FAILED, message=message, html="", expires_at=timezone.now() + FAILED_KEEP
    )


def render_next() -> bool:
    """Claim and render one job; False when none is waiting."""
    job = claim_next()
    if job is None:
        return False
    render_job(job)
    return True


@contextlib.contextmanager
def cpu_limit(seconds: float) -> Iterator[None]:
    """RenderTimeout once this process has used `seconds` of CPU inside the block.

    A signal timer, so only in the main thread (the render process's); elsewhere unbounded.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise RenderTimeout

    previous = signal.signal(signal.SIGPROF, expired)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def lower_priority() -> None:
    """This whole process at nice 19: the gunicorn workers serving pages get the CPU first."""
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, 0, NICENESS)


def purge_expired(now: datetime, dry_run: bool = False) -> str:
    """Delete expired jobs, with their HTML and PDF; a Dutch report (also run by purge_feedback)."""
    expired = PdfJob.objects.filter(expires_at__lte=now)
    if dry_run:
        return f"Proefdraai: {expired.count()} verlopen PDF-opdrachten zouden worden verwijderd."
    deleted, _ = expired.delete()
    return f"{deleted} verlopen PDF-opdrachten verwijderd."


def serve(should_stop: Callable[[], bool], *, once: bool = False) -> int:
    """Render jobs as they come, polling every POLL_SECONDS, until `should_stop()`; the number made.

    `once`: stop when no job is waiting. Database errors (locked, restarting) are logged
    and retried after a second, so a blip doesn't end the process.
    """
    rendered = 0
    last_purge = 0.0
    while not should_stop():
        # As each request does: honour CONN_MAX_AGE, drop broken connections, follow a
        # replaced SQLite file (a restore) instead of polling the old one. Never inside a
        # transaction (a caller's, or a test's): closing would end it, and every query after
        # that would fail.
        if not connection.in_atomic_block:
            close_old_connections()
            close_stale_connections()
        try:
            if time.monotonic() - last_purge >= PURGE_EVERY_SECONDS:
                purge_expired(timezone.now())
                last_purge = time.monotonic()
            worked = render_next()
        except DatabaseError:
            if once:
                raise  # one pass (a test, a cron run): say so instead of retrying for ever
            logger.warning("PDF render process: the database did not answer; trying again.", exc_info=True)
            time.sleep(1)
            continue
        rendered += worked
        if not worked:
            if once:
                break
            time.sleep(POLL_SECONDS)
    return rendered
