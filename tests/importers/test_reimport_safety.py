"""Re-importing after editors' work: dry runs change nothing, edits are kept unless forced."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.admin.utils import quote
from django.core.management import call_command
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from cms.models import Link, Tip
from importers.loader import link_key, load
from tests.factories import example, reference, small_document, tip

pytestmark = pytest.mark.django_db

OLD_URL = "https://example.org/oud"
NEW_URL = "https://example.org/nieuw"
ALL_ONES = "q1=1&q2=1&q3=1&q4=1&q5=1"
S32_QUERY = "q1=1&q2=1&q3=2&q4=1&q5=1"


def document():
    return small_document(
        Fa=[tip("Algemene tip.", 1), example("Een voorbeeld.", 2, OLD_URL)],
        S32=[reference("Kamann", "Decentraal specificeren.", 3, OLD_URL)],
    )


def leeswijzer_urls(client, query: str) -> set[str]:
    data = client.get(f"/api/wegwijzer/advice/?{query}").json()
    return {
        link["url"]
        for activity in data["activities"]
        for block in activity["blocks"]
        for kind in ("examples", "references")
        for item in block[kind]
        for link in item["links"]
    }


@pytest.fixture
def run_import(monkeypatch, tmp_path):
    """The import_source command on the small document (the parser is tested elsewhere)."""
    from importers.management.commands import import_source

    monkeypatch.setattr(import_source, "cached_parse", lambda text, cache_dir: document())
    source = tmp_path / "bron.txt"
    source.write_text("(vervangen door het kleine testdocument)", encoding="utf-8")

    def run(*args: str) -> str:
        out = StringIO()
        call_command("import_source", "--source", str(source), *args, stdout=out)
        return out.getvalue()

    return run


def test_dry_run_after_an_editor_edit_lists_it_as_skipped_and_changes_nothing(run_import):
    run_import()
    item = Tip.objects.get(source_key="Fa:tip:1")
    item.text = "<p>Door de redactie herschreven.</p>"
    item.save_revision().publish()
    revisions = item.revisions.count()

    text = run_import("--dry-run")
    assert "  overgeslagen: Fa:tip:1" in text
    assert "Proefimport (niets opgeslagen)" in text
    assert "aangemaakt 0, bijgewerkt 0," in text and "overgeslagen 1," in text
    assert "gebruik --force" in text
    item.refresh_from_db()
    assert item.text == "<p>Door de redactie herschreven.</p>"
    assert item.revisions.count() == revisions

    forced = run_import("--force")
    assert "bijgewerkt 1," in forced and "overgeslagen 0," in forced
    assert "Import voltooid." in forced
    item.refresh_from_db()
    assert item.text == "<p>Algemene tip.</p>"
    assert not item.is_changed_since_import()


def test_dry_run_with_force_would_overwrite_but_saves_nothing():
    load(document())
    item = Tip.objects.get(source_key="Fa:tip:1")
    item.text = "<p>Redactie.</p>"
    item.save_revision().publish()

    report = load(document(), force=True, dry_run=True)
    assert "Fa:tip:1" in report.updated and "Fa:tip:1" not in report.skipped
    item.refresh_from_db()
    assert item.text == "<p>Redactie.</p>"


def test_a_link_fixed_in_the_admin_changes_every_item_and_survives_a_reimport(admin_client, client):
    load(document())
    assert leeswijzer_urls(client, ALL_ONES) == {OLD_URL}
    assert leeswijzer_urls(client, S32_QUERY) == {OLD_URL}
    link = Link.objects.get(url=OLD_URL)
    assert link.source_key == link_key(OLD_URL)

    # The editor fixes the URL once, through the real admin form.
    url = reverse(link.snippet_viewset.get_url_name("edit"), args=[quote(link.pk)])
    data = querydict_from_html(admin_client.get(url).content.decode(), form_id="w-editor-form")
    data["url"] = NEW_URL
    assert admin_client.post(url, data).status_code == 302

    # Every item that cites it shows the new URL at once (both cells, both kinds).
    assert leeswijzer_urls(client, ALL_ONES) == {NEW_URL}
    assert leeswijzer_urls(client, S32_QUERY) == {NEW_URL}

    # A re-import reports the link as skipped and keeps the editor's URL; the
    # items citing it were not edited, so they are not skipped.
    report = load(document())
    assert link.source_key in report.skipped
    assert report.skipped == [link.source_key]
    assert link.source_key not in report.updated
    link.refresh_from_db()
    assert link.url == NEW_URL
    assert Link.objects.filter(url__in=[OLD_URL, NEW_URL]).count() == 1  # no duplicate created
    assert leeswijzer_urls(client, S32_QUERY) == {NEW_URL}

    # Forcing restores the source's URL.
    forced = load(document(), force=True)
    assert link.source_key in forced.updated
    link.refresh_from_db()
    assert link.url == OLD_URL
