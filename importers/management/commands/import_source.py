"""Import the source document: taxonomy, wegwijzer cells, checklist and links."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from importers.loader import load
from importers.parse_cache import cached_parse
from importers.site import build_site


class Command(BaseCommand):
    help = (
        "Leest het brondocument en laadt tips, voorbeelden, referenties, links en de indeling, "
        "en maakt ontbrekende pagina's aan. "
        "Items die een redacteur sinds de vorige import heeft gewijzigd blijven staan, tenzij --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--source",
            type=Path,
            default=Path(settings.SOURCE_DOCUMENT),
            help="Pad naar het brondocument (standaard: de kopie in het project).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Toon wat er zou veranderen, zonder iets op te slaan."
        )
        parser.add_argument(
            "--force", action="store_true", help="Overschrijf ook items die een redacteur heeft gewijzigd."
        )
        parser.add_argument(
            "--list", action="store_true", help="Noem ook elk aangemaakt, bijgewerkt of overgeslagen item."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["source"]
        try:
            text = source.read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Kan het brondocument niet lezen: {source} ({error.strerror}).") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"Het brondocument is geen UTF-8-tekst: {source}.") from error

        try:
            document = cached_parse(text, settings.PARSE_CACHE_DIR)
        except ValueError as error:
            raise CommandError(str(error)) from error
        report = load(document, force=options["force"], dry_run=options["dry_run"])

        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"Waarschuwing, regel {warning.line}: {warning.message}"))
        for name in ("skipped", "deleted"):
            for key in getattr(report, name):
                self.stdout.write(f"  {LABELS[name]}: {key}")
        if options["list"] or options["force"]:
            for key in report.updated:
                fields = ", ".join(report.changes.get(key, []))
                self.stdout.write(f"  {LABELS['updated']}: {key} ({fields})")
        if options["list"]:
            for key in report.created:
                self.stdout.write(f"  {LABELS['created']}: {key}")
        for message in report.errors:
            self.stderr.write(self.style.ERROR(f"Fout: {message}"))

        prefix = "Proefimport (niets opgeslagen): " if options["dry_run"] else ""
        self.stdout.write(
            f"{prefix}gevonden {report.found}, aangemaakt {len(report.created)}, "
            f"bijgewerkt {len(report.updated)}, ongewijzigd {len(report.unchanged)}, "
            f"overgeslagen {len(report.skipped)}, verwijderd door redacteur {len(report.deleted)}, "
            f"waarschuwingen {len(report.warnings)}."
        )
        if report.skipped and not options["force"]:
            self.stdout.write(
                self.style.NOTICE(
                    "Overgeslagen items zijn na de vorige import door een redacteur gewijzigd; "
                    "gebruik --force om ze toch te overschrijven."
                )
            )
        if report.deleted and not options["force"]:
            self.stdout.write(
                self.style.NOTICE(
                    "Verwijderde items heeft een redacteur verwijderd; ze blijven weg. "
                    "Gebruik --force om ze terug te zetten."
                )
            )
        if report.errors:
            raise CommandError(f"{len(report.errors)} records zijn ongeldig; er is niets opgeslagen.")
        if not options["dry_run"]:
            # Pages are created once, with the landing text; editors own them after that.
            # The one exception: text about the source document that an earlier import put on
            # the home page is taken out (importers/parser/landing.py, ABOUT_THE_SOURCE).
            site = build_site(document.landing)
            for url in site.created:
                self.stdout.write(self.style.SUCCESS(f"Pagina aangemaakt: {url}"))
            for url in site.updated:
                self.stdout.write(
                    self.style.SUCCESS(f"Pagina bijgewerkt: {url} (tekst over het brondocument weggelaten)")
                )
            self.stdout.write(self.style.SUCCESS("Import voltooid."))


LABELS = {
    "created": "aangemaakt",
    "updated": "bijgewerkt",
    "skipped": "overgeslagen",
    "deleted": "verwijderd door redacteur",
}
