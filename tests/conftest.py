"""Shared fixtures: the imported source document, built once per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "importers" / "source" / "organisatie-strategische-inkoop.txt"


@pytest.fixture(scope="session")
def source_text() -> str:
    return SOURCE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def document(source_text: str):
    from importers.parser.main import parse

    return parse(source_text)


@pytest.fixture(scope="session")
def imported_db(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The whole source imported and the page tree built, once for the session.

    Tests using it must not change content (use `db` and your own data for that).
    """
    from io import StringIO

    with django_db_blocker.unblock():
        call_command("import_source", stdout=StringIO())
        call_command("setup_site", stdout=StringIO())
    yield
