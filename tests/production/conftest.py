"""Fixtures for the production-readiness tests: a small site, a clean cache, caches on."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
from django.core.cache import cache

from tests.factories import reference, small_document, tip

# The worked example's answers, as used by `make bench`.
ANSWERS = {"q1": "2", "q2": "2", "q3": "2", "q4": "2", "q5": "1"}


@pytest.fixture(autouse=True)
def clean_cache() -> Iterator[None]:
    from pianoo.cache_backends import reset_breakers

    cache.clear()
    reset_breakers()
    yield
    cache.clear()
    reset_breakers()


BROKEN_CACHE = {
    "default": {
        "BACKEND": "pianoo.cache_backends.FailSafeCache",
        "OPTIONS": {"BACKEND": "tests.production.broken_cache.BrokenCache"},
    }
}


@pytest.fixture
def response_cache_on(settings):
    settings.RESPONSE_CACHE_PATHS = {
        "/": (),
        "/api/wegwijzer/advice/": ("q1", "q2", "q3", "q4", "q5"),
        "/wegwijzer/advies/": ("q1", "q2", "q3", "q4", "q5"),
    }
    return settings


def _ensure_page_root() -> None:
    """Wagtail's root page and locale come from its migrations; a transactional test earlier on
    the same worker (tests/feedback/test_migration.py) flushes them, so put them back."""
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Locale, Page

    if Page.get_first_root_node() is not None:
        return
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    Page.add_root(
        instance=Page(
            title="Root", slug="root", locale=locale, content_type=ContentType.objects.get_for_model(Page)
        )
    )


@pytest.fixture
def site(db) -> None:
    """A small imported document and the page tree (home, wegwijzer, checklist)."""
    from importers.loader import load
    from importers.site import build_site

    _ensure_page_root()
    document = small_document(
        Fa=[tip("Algemene fundering.", 1)],
        Sa=[tip("Algemene specificatie.", 2)],
        S32=[
            tip("Specificeer functioneel.", 3),
            reference("Kamann", "Decentraal.", 4, "https://example.org/k"),
        ],
        U12=[tip("Complex uitvoeren.", 5)],
    )
    report = load(document)
    assert not report.errors
    build_site(document.landing)


class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[dict[str, object]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(record.getMessage()))


@pytest.fixture
def request_log() -> Iterator[list[dict[str, object]]]:
    """The parsed JSON lines that `pianoo.request` writes (it does not propagate to root)."""
    logger = logging.getLogger("pianoo.request")
    handler, level = _ListHandler(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler.lines
    logger.removeHandler(handler)
    logger.setLevel(level)
