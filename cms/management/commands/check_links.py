"""Check every shared link and record its status, redirect target and error."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import formats, timezone

from cms import link_check_runs
from cms.linkcheck import DEFAULT_TIMEOUT, DEFAULT_WORKERS


class Command(BaseCommand):
    help = (
        "Controleert alle links (HEAD, zo nodig GET; volgt doorverwijzingen) en slaat per link "
        "de status, het doorverwijsadres en de controletijd op."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--workers", type=int, default=DEFAULT_WORKERS, help="Aantal links tegelijk (standaard 8)."
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=DEFAULT_TIMEOUT,
            help="Maximale wachttijd per verzoek in seconden (standaard 10).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        workers: int = options["workers"]
        timeout: float = options["timeout"]
        if workers < 1 or workers > 64:
            raise CommandError("--workers moet tussen 1 en 64 liggen.")
        if timeout <= 0:
            raise CommandError("--timeout moet groter dan 0 zijn.")

        run, started = link_check_runs.claim(timeout)
        if not started:
            since = formats.date_format(timezone.localtime(run.started_at), "DATETIME_FORMAT")
            raise CommandError(
                f"Er loopt al een linkcontrole (gestart {since}, {run.checked} van {run.total} links). "
                "Wacht tot die klaar is."
            )
        summary = link_check_runs.execute(run.pk, workers=workers, timeout=timeout)

        for link, result in summary.redirected:
            self.stdout.write(f"  Doorverwezen: {link.url} -> {result.final_url}")
        for link, result in summary.broken:
            reason = result.error or f"status {result.status}"
            self.stdout.write(self.style.WARNING(f"  Kapot ({reason}): {link.url}"))
        for link in summary.suspect:
            self.stdout.write(self.style.WARNING(f"  Verdacht ({link.suspect_reason}): {link.url}"))
        line = (
            f"{summary.checked} links gecontroleerd: {len(summary.ok)} in orde, "
            f"{len(summary.redirected)} doorverwezen, {len(summary.broken)} kapot, "
            f"{len(summary.suspect)} verdacht."
        )
        self.stdout.write(
            self.style.SUCCESS(line) if not (summary.broken or summary.suspect) else self.style.WARNING(line)
        )
