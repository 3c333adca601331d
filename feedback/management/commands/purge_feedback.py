"""The site's retention command: feedback older than FEEDBACK_RETENTION_MONTHS (default 24), and
what each function in RETENTION_PURGERS removes (the checklist's unopened rounds and series)."""

from __future__ import annotations

import calendar
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.module_loading import import_string

from feedback.models import Feedback


def months_before(moment: datetime, months: int) -> datetime:
    """`moment` minus whole calendar months, clamped to the month's end (31 March - 1 = end of Feb)."""
    year, month0 = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month0 + 1)[1]
    return moment.replace(year=year, month=month0 + 1, day=min(moment.day, last_day))


class Command(BaseCommand):
    help = "Verwijder feedback die ouder is dan de bewaartermijn (standaard FEEDBACK_RETENTION_MONTHS)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help="Bewaartermijn in maanden (standaard de instelling FEEDBACK_RETENTION_MONTHS, 24).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Alleen tellen, niets verwijderen.")

    def handle(self, *args: Any, **options: Any) -> None:
        months = options["months"]
        if months is None:
            months = getattr(settings, "FEEDBACK_RETENTION_MONTHS", 24)
        if not isinstance(months, int) or months < 1:
            raise CommandError("De bewaartermijn moet minstens 1 maand zijn (--months 1 of meer).")
        cutoff = months_before(timezone.now(), months)
        old = Feedback.objects.filter(created_at__lt=cutoff)
        found = old.count()
        when = timezone.localtime(cutoff).strftime("%d-%m-%Y %H:%M")
        if options["dry_run"]:
            self.stdout.write(
                f"Proefdraai: {found} feedback ouder dan {months} maanden (vóór {when}) zou worden verwijderd."
            )
        else:
            deleted, _ = old.delete()
            self.stdout.write(
                self.style.SUCCESS(f"{deleted} feedback ouder dan {months} maanden (vóór {when}) verwijderd.")
            )
        for dotted in getattr(settings, "RETENTION_PURGERS", ()):
            report = import_string(dotted)(timezone.now(), dry_run=options["dry_run"])
            self.stdout.write(report if options["dry_run"] else self.style.SUCCESS(report))
