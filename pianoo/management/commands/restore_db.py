from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.cache import content_version
from pianoo.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the whole database with a backup made by backup_db."

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="Backup file written by backup_db.")
        parser.add_argument("--database", default="default")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, **options):
        path = Path(options["input"])
        if not options["yes"]:
            answer = input(f"This replaces ALL data in '{options['database']}' with {path}. Type 'yes': ")
            if answer.strip() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            before = content_version()
        except Exception:  # noqa: BLE001 - an empty or broken database has no version yet
            before = 0
        try:
            restore(path, options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        # Caches (in every process) are keyed by content version; the restored version
        # may be one they already hold for other content, so move past both.
        from cms.models import ContentVersion

        after = max(before, content_version()) + 1
        ContentVersion.objects.update_or_create(pk=1, defaults={"version": after})
        self.stdout.write(self.style.SUCCESS(f"Database restored from {path}."))
