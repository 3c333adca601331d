"""Create the page tree (home, wegwijzer, checklist, toegankelijkheid) if it is missing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from importers.parse_cache import cached_parse
from importers.site import build_site


class Command(BaseCommand):
    help = "Maakt de pagina's aan die nog ontbreken; bestaande pagina's blijven ongemoeid."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", type=Path, default=Path(settings.SOURCE_DOCUMENT))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            text = options["source"].read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Kan het brondocument niet lezen: {options['source']}.") from error
        report = build_site(cached_parse(text, settings.PARSE_CACHE_DIR).landing)
        for url in report.created:
            self.stdout.write(self.style.SUCCESS(f"Pagina aangemaakt: {url}"))
        if report.existing:
            self.stdout.write(f"Al aanwezig (niet gewijzigd): {', '.join(report.existing)}")
