from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pianoo.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the whole database (SQLite backup API or pg_dump) to one file."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="File to write (default: backups/db-<timestamp>.<ext>).")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        from django.db import connections

        ext = "sqlite3" if connections[options["database"]].vendor == "sqlite" else "dump"
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        path = Path(options["output"] or f"backups/db-{stamp}.{ext}")
        try:
            backup(path, options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path} ({path.stat().st_size} bytes)."))
