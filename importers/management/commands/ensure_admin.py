"""Make sure a local administrator exists, and say how to log in (for `make run`).

The password lives only in `.admin-password` (mode 0600): the command names the
file, never the password, so it does not end up in the `make run` log.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

PASSWORD_FILE = Path(settings.BASE_DIR) / ".admin-password"


class Command(BaseCommand):
    help = "Maakt lokaal een beheerder 'admin' aan (wachtwoord in .admin-password) en zegt hoe u inlogt."

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        if PASSWORD_FILE.exists():
            password = PASSWORD_FILE.read_text().strip()
        else:
            password = secrets.token_urlsafe(16)
            # Created 0600 from the start: no moment where others can read it.
            descriptor = os.open(PASSWORD_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w") as file:
                file.write(password + "\n")
        user = user_model.objects.filter(username="admin").first()
        if user is None:
            user_model.objects.create_superuser("admin", "admin@example.org", password)
        elif not user.check_password(password):
            user.set_password(password)
            user.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"Beheer: http://127.0.0.1:{os.environ.get('PORT', '8000')}/admin/  "
                f"gebruiker: admin  wachtwoord: zie {PASSWORD_FILE.name} (cat {PASSWORD_FILE})"
            )
        )
