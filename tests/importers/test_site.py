"""The page builder: pages are created once; only text about the source document is taken out later."""

from __future__ import annotations

import pytest

from cms.models import HomePage
from importers.parser.document import Landing
from importers.site import build_site

pytestmark = pytest.mark.django_db

ABOUT_THE_SOURCE = "De teksten staan in dit document in MS Word format."


@pytest.fixture(autouse=True)
def no_site_yet():
    """Start without a home page (another test's import may have built one; this test's
    transaction rolls the deletion back)."""
    for home in HomePage.objects.all():
        home.delete()


def landing(introduction: list[str], left_out: list[str] | None = None) -> Landing:
    return Landing(
        introduction=introduction,
        paragraphs=["Landingstekst."],
        invitations=["Feedback te leveren."],
        left_out=left_out or [],
    )


def built_by_an_earlier_import() -> HomePage:
    """A home page as an import before the parser left that paragraph out wrote it."""
    build_site(landing(["Over het onderzoek.", ABOUT_THE_SOURCE]))
    home = HomePage.objects.get()
    assert ABOUT_THE_SOURCE in home.body
    return home


def test_a_fresh_site_never_gets_the_left_out_text():
    report = build_site(landing(["Over het onderzoek."], left_out=[ABOUT_THE_SOURCE]))
    assert "/" in report.created
    home = HomePage.objects.get()
    assert home.body == "<p>Over het onderzoek.</p>"


def test_an_existing_home_page_loses_only_the_left_out_paragraph_and_is_published():
    home = built_by_an_earlier_import()
    revisions = home.revisions.count()
    report = build_site(landing(["Over het onderzoek."], left_out=[ABOUT_THE_SOURCE]))
    assert report.updated == ["/"]
    home.refresh_from_db()
    assert home.body == "<p>Over het onderzoek.</p>"
    assert home.revisions.count() == revisions + 1 and home.live and not home.has_unpublished_changes
    # Once done, a next import changes nothing.
    assert build_site(landing(["Over het onderzoek."], left_out=[ABOUT_THE_SOURCE])).updated == []


def test_an_editors_wording_and_an_editors_draft_are_left_alone():
    home = built_by_an_earlier_import()
    home.body = "<p>Over het onderzoek.</p><p>De teksten staan in dit document, in Word.</p>"
    home.save_revision().publish()
    assert build_site(landing([], left_out=[ABOUT_THE_SOURCE])).updated == []

    home = HomePage.objects.get()
    home.body = f"<p>Nieuw.</p><p>{ABOUT_THE_SOURCE}</p>"
    home.save()
    home.save_revision()  # a draft, not published
    home.refresh_from_db()
    assert home.has_unpublished_changes
    assert build_site(landing([], left_out=[ABOUT_THE_SOURCE])).updated == []
    home.refresh_from_db()
    assert ABOUT_THE_SOURCE in home.body
