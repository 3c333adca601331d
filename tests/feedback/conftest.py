"""Shared data for the feedback tests: a little live content from a hand-made document."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from cms.models import Reference, Tip


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def publish(item):
    item.save()
    item.save_revision().publish()
    item.refresh_from_db()
    return item


@pytest.fixture
def content(db):
    """A published tip and reference; placements don't matter to feedback."""
    return {
        "tip": publish(Tip(text="<p>Functioneel specificeren.</p>")),
        "reference": publish(Reference(author="Kamann", text="<p>Decentraal.</p>")),
    }


@pytest.fixture
def a_tip(content) -> Tip:
    return content["tip"]


@pytest.fixture
def a_reference(content) -> Reference:
    return content["reference"]


@pytest.fixture
def rate_limited(settings):
    settings.RATELIMIT_ENABLED = True
    settings.FEEDBACK_RATE_LIMIT = (2, 60)
