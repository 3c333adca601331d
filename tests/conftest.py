"""Shared fixtures: the imported source document, built once per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "importers" / "source" / "organisatie-strategische-inkoop.txt"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under pytest-xdist (`--dist loadgroup`), keep what shares an expensive fixture on one worker.

    The browser tests share one server (built once per worker that runs any of them), so
    they form one group; every other test file stays on one worker, so module-scoped
    fixtures (the Redis and gunicorn pair, parsed sections) are built once.

    `tryfirst`: xdist's worker reads the `xdist_group` marks in its own hook of this
    name, which pluggy would otherwise call before this one (it was registered later),
    so the marks came too late and the groups were silently ignored: browser tests
    that build on each other's feedback ran on different servers, and each worker
    built the fault battery's servers again (tests/test_xdist_groups.py pins this).
    """
    for item in items:
        group = "e2e" if item.get_closest_marker("e2e") else item.nodeid.split("::", 1)[0]
        item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(scope="session")
def source_text() -> str:
    return SOURCE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def document(source_text: str):
    """The parsed real source: parsed once ever per parser version (importers/parse_cache.py)."""
    from django.conf import settings

    from importers.parse_cache import cached_parse

    return cached_parse(source_text, settings.PARSE_CACHE_DIR)


@pytest.fixture(scope="session")
def import_output(django_db_setup, django_db_blocker) -> str:
    """What `import_source` printed when it imported the whole source into the test database.

    The import runs once per database (once per xdist worker that needs it) and is
    committed; each test then runs in a transaction that is rolled back.
    """
    from io import StringIO

    out = StringIO()
    with django_db_blocker.unblock():
        call_command("import_source", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="session")
def imported_db(import_output: str) -> Iterator[None]:
    """The whole source imported and the page tree built, once for the session.

    Tests using it must not change content outside their transaction (use `db`
    and your own data for that).
    """
    yield


def _wipe_content() -> None:
    """Delete all content rows, without signals; used inside a test's own transaction."""
    from cms import models as cms

    if not cms.Activity.objects.exists():
        return
    for model in (
        cms.TipPlacement, cms.ExamplePlacement, cms.ReferencePlacement,
        cms.TipLink, cms.ExampleLink, cms.ReferenceLink,
        cms.Tip, cms.Example, cms.Reference, cms.Link,
        cms.ChecklistStatement, cms.ChecklistTheme, cms.ScaleStep,
        cms.Answer, cms.Question, cms.Activity,
    ):  # fmt: skip
        model.objects.all()._raw_delete(model.objects.db)


@pytest.fixture(autouse=True)
def _isolated_content(request: pytest.FixtureRequest) -> Iterator[None]:
    """Keep tests that build their own content apart from the session's real content.

    `imported_db` commits the real source for the whole session. A test that uses
    the database but not `imported_db` starts without that content (deleted inside
    its transaction, so it comes back afterwards), and every test starts with an
    empty cache, because cached assemblies and responses would outlive a rolled-back
    transaction (which also rolls the content version back).
    """
    from tests.factories import clear_caches

    clear_caches()
    names = request.fixturenames
    if not {"imported_db", "import_output"} & set(names) and (
        "db" in names or request.node.get_closest_marker("django_db")
    ):
        request.getfixturevalue("db")
        _wipe_content()
    yield
    clear_caches()
