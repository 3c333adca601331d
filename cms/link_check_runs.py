"""Running the link check in the background, one run at a time, with its progress in the database.

Editors start a check from the admin ("Controleer links nu"); the request only records
a `LinkCheckRun` and hands the work to a background thread, then returns. The thread
checks the links with the bounded pool of `cms/linkcheck.py` and writes its progress
on the run's row, which any server's report page reads.

Why a thread and not a task queue: Wagtail 7.4 ships django-tasks 0.12, whose only
backends are "immediate" (the work would run inside the request) and "dummy" (never
runs); a real queue would need another package and a worker process on every
deployment. A check is a few hundred HEAD requests, bounded by the pool and by a
per-link timeout, and the scheduled `manage.py check_links` runs the same code. The
thread dies with its server process; a run whose heartbeat stops is then marked
"afgebroken" and a new one may start.

At most one run is `running`: a partial unique index (see `LinkCheckRun`) makes a
second start fail in the database, whichever server it comes from.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from cms import link_suspects
from cms.item_kinds import ITEM_KINDS
from cms.linkcheck import DEFAULT_TIMEOUT, DEFAULT_WORKERS, CheckResult, Summary, check_links, check_url
from cms.models import Link, LinkCheckRun

logger = logging.getLogger(__name__)

State = LinkCheckRun.State
Launcher = Callable[[Callable[[], object]], None]


def stale_after(timeout: float = DEFAULT_TIMEOUT) -> timedelta:
    """How long a running check may go without progress before it counts as dead.

    A link takes at most two requests of `timeout` each (HEAD, then GET).
    """
    return timedelta(seconds=max(120.0, 6 * timeout))


def launch_in_thread(work: Callable[[], object]) -> None:
    """Run `work` in a daemon thread with its own database connection."""

    def target() -> None:
        try:
            work()
        finally:
            connection.close()

    threading.Thread(target=target, name="linkcheck", daemon=True).start()


def abandon_stale(now: datetime | None = None, timeout: float = DEFAULT_TIMEOUT) -> int:
    """Mark running checks whose heartbeat stopped as abandoned; return how many."""
    now = now or timezone.now()
    return LinkCheckRun.objects.filter(
        state=State.RUNNING, heartbeat_at__lt=now - stale_after(timeout)
    ).update(
        state=State.ABANDONED,
        finished_at=now,
        error="Geen voortgang meer; de server is waarschijnlijk herstart.",
    )


def claim(timeout: float = DEFAULT_TIMEOUT) -> tuple[LinkCheckRun, bool]:
    """Record a new running check unless one runs; return the running one and whether it is new."""
    abandon_stale(timeout=timeout)
    try:
        with transaction.atomic():
            return LinkCheckRun.objects.create(state=State.RUNNING, total=Link.objects.count()), True
    except IntegrityError:
        running = LinkCheckRun.objects.filter(state=State.RUNNING).first()
        if running is None:  # it finished in between
            return claim(timeout)
        return running, False


def start_in_background(
    *,
    launch: Launcher = launch_in_thread,
    workers: int = DEFAULT_WORKERS,
    timeout: float = DEFAULT_TIMEOUT,
) -> tuple[LinkCheckRun, bool]:
    """Start a check in the background unless one runs (see `claim`); never checks in the caller."""
    run, started = claim(timeout)
    if started:
        work = partial(execute, run.pk, workers=workers, timeout=timeout)
        # The thread has its own connection, so it may only start once the row is committed.
        transaction.on_commit(partial(launch, work))
    return run, started


def execute(
    run_id: int,
    *,
    workers: int = DEFAULT_WORKERS,
    timeout: float = DEFAULT_TIMEOUT,
    checker: Callable[[str, float], CheckResult] = check_url,
) -> Summary:
    """Check every link for run `run_id`, writing progress and the outcome on the run."""
    runs = LinkCheckRun.objects.filter(pk=run_id)
    try:
        links = list(Link.objects.order_by("url"))
        runs.update(total=len(links), heartbeat_at=timezone.now())

        def progress(checked: int) -> None:
            runs.update(checked=checked, heartbeat_at=timezone.now())

        summary = check_links(links, workers=workers, timeout=timeout, checker=checker, progress=progress)
        summary.suspect = mark_suspects(links)
    except BaseException as error:
        runs.update(
            state=State.FAILED, finished_at=timezone.now(), error=f"{type(error).__name__}: {error}"[:255]
        )
        logger.exception("Link check %s failed", run_id)
        raise
    runs.update(
        state=State.DONE,
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
        checked=summary.checked,
        broken=len(summary.broken),
        redirected=len(summary.redirected),
        suspect=len(summary.suspect),
    )
    return summary


def mark_suspects(links: list[Link]) -> list[Link]:
    """Store on each link why its address looks wrong (cms/link_suspects.py); return those that do."""
    texts: list[str] = []
    for kind in ITEM_KINDS:
        texts.extend(kind.model.objects.values_list("text", flat=True))
    known = link_suspects.known_hosts(texts, (link.url for link in links))
    suspect = []
    for link in links:
        reason = link_suspects.suspicion(link.url, known)
        if reason != link.suspect_reason:
            Link.objects.filter(pk=link.pk).update(suspect_reason=reason)
            link.suspect_reason = reason
        if reason:
            suspect.append(link)
    return suspect


@dataclass(frozen=True)
class Status:
    """What the report says about checking: the latest run and when links were last checked."""

    run: LinkCheckRun | None
    links: int
    links_checked: int
    last_checked_at: datetime | None

    @property
    def never_checked(self) -> bool:
        return self.last_checked_at is None and self.run is None

    @property
    def running(self) -> bool:
        return self.run is not None and self.run.is_running and not self.stale

    @property
    def stale(self) -> bool:
        """The latest run says it is running but has shown no progress for too long."""
        run = self.run
        return run is not None and run.is_running and run.heartbeat_at < timezone.now() - stale_after()


def status() -> Status:
    """The latest run and the links' check times, in two queries."""
    counts = Link.objects.aggregate(
        links=Count("pk"),
        checked=Count("pk", filter=Q(last_checked_at__isnull=False)),
        last=Max("last_checked_at"),
    )
    return Status(
        run=LinkCheckRun.objects.first(),
        links=counts["links"],
        links_checked=counts["checked"],
        last_checked_at=counts["last"],
    )
