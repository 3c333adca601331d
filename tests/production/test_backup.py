"""Backup and restore: back up, wipe, restore, nothing lost (SQLite or PostgreSQL, whichever runs)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from cms.cache import content_version


def snapshot() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in ("cms", "wegwijzer", "checklist", "wagtailcore", "users")
    }


@pytest.mark.django_db(transaction=True)
def test_backup_wipe_restore_loses_nothing(site, tmp_path, client):
    from cms.models import Tip

    before = snapshot()
    texts = sorted(Tip.objects.values_list("source_key", "text"))
    advice = client.get("/api/wegwijzer/advice/", {"q3": "2"}).json()
    assert before["cms.Tip"] > 0 and before["wagtailcore.Page"] > 2
    version = content_version()

    out = StringIO()
    call_command("backup_db", output=str(tmp_path / "backup.db"), stdout=out)
    assert "Backup written" in out.getvalue()

    call_command("flush", interactive=False, verbosity=0)
    assert Tip.objects.count() == 0

    call_command("restore_db", input=str(tmp_path / "backup.db"), yes=True, stdout=StringIO())
    assert snapshot() == before
    assert sorted(Tip.objects.values_list("source_key", "text")) == texts
    assert client.get("/api/wegwijzer/advice/", {"q3": "2"}).json() == advice
    assert content_version() > version  # caches of other processes start afresh


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_missing_or_broken_file(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore_db", input=str(tmp_path / "missing.db"), yes=True, stdout=StringIO())
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"this is not a backup" * 100)
    with pytest.raises(CommandError):
        call_command("restore_db", input=str(broken), yes=True, stdout=StringIO())
