"""ensure_admin: the password goes to .admin-password (0600) only, never to the log."""

from __future__ import annotations

import stat
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from importers.management.commands import ensure_admin

pytestmark = pytest.mark.django_db


def test_the_password_is_written_to_the_file_only(tmp_path, monkeypatch):
    password_file = tmp_path / ".admin-password"
    monkeypatch.setattr(ensure_admin, "PASSWORD_FILE", password_file)
    out = StringIO()
    call_command("ensure_admin", stdout=out)

    password = password_file.read_text().strip()
    assert len(password) >= 20
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    assert password not in out.getvalue()
    assert str(password_file) in out.getvalue()
    assert authenticate(username="admin", password=password) is not None

    # A second run keeps the password and still does not print it.
    again = StringIO()
    call_command("ensure_admin", stdout=again)
    assert password_file.read_text().strip() == password
    assert password not in again.getvalue()
