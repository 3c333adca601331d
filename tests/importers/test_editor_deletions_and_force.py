"""Re-imports respect editors: deleted items stay deleted, the Site stays theirs,
and --force restores every owned field and says which."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Site

from cms.models import Example, Reference, Tip
from importers.loader import load
from importers.models import DeletedImport
from importers.site import build_site
from tests.factories import example, reference, small_document, tip

pytestmark = pytest.mark.django_db


def document():
    return small_document(
        Fa=[tip("Algemene tip.", 1), example("Een voorbeeld.", 2, "https://example.org/v")],
        S32=[reference("Kamann", "Decentraal specificeren.", 3, "https://example.org/k")],
    )


@pytest.fixture
def run_import(monkeypatch, tmp_path):
    from importers.management.commands import import_source

    monkeypatch.setattr(import_source, "cached_parse", lambda text, cache_dir: document())
    source = tmp_path / "bron.txt"
    source.write_text("(het kleine testdocument)", encoding="utf-8")

    def run(*args: str) -> str:
        out = StringIO()
        call_command("import_source", "--source", str(source), *args, stdout=out)
        return out.getvalue()

    return run


def test_an_item_an_editor_deleted_stays_deleted_and_is_reported(run_import):
    run_import()
    Tip.objects.get(source_key="Fa:tip:1").delete()
    assert DeletedImport.objects.filter(source_key="Fa:tip:1", kind="tip").exists()

    text = run_import()
    assert not Tip.objects.filter(source_key="Fa:tip:1").exists()
    assert "  verwijderd door redacteur: Fa:tip:1" in text
    assert "verwijderd door redacteur 1," in text
    assert "--force om ze terug te zetten" in text
    # Nothing else was touched, and a second run says the same.
    assert "aangemaakt 0, bijgewerkt 0," in text
    assert "verwijderd door redacteur 1," in run_import()


def test_force_brings_a_deleted_item_back_and_forgets_the_tombstone(run_import):
    run_import()
    Reference.objects.get(source_key="S32:reference:1").delete()

    text = run_import("--force")
    restored = Reference.objects.get(source_key="S32:reference:1")
    assert restored.live and restored.cell_keys() == ["S32"]
    assert restored.url_list() == ["https://example.org/k"]
    assert "aangemaakt 1," in text
    assert not DeletedImport.objects.exists()
    assert "verwijderd door redacteur 0," in run_import()


def test_a_dry_run_reports_a_deleted_item_and_keeps_the_tombstone():
    load(document())
    Example.objects.get(source_key="Fa:example:1").delete()
    report = load(document(), force=True, dry_run=True)
    assert "Fa:example:1" in report.created
    assert DeletedImport.objects.filter(source_key="Fa:example:1").exists()
    assert load(document()).deleted == ["Fa:example:1"]


def test_items_editors_made_themselves_leave_no_tombstone():
    load(document())
    own = Tip.objects.create(text="<p>Eigen tip.</p>", live=True)
    own.delete()
    assert not DeletedImport.objects.exists()


def test_force_restores_every_owned_field_and_names_them(run_import):
    run_import()
    item = Reference.objects.get(source_key="S32:reference:1")
    item.text = "<p>Redactie.</p>"
    item.author = "Iemand anders"
    item.placements.all().delete()
    item.save_revision().publish()
    item.unpublish()

    text = run_import("--force")
    line = next(line for line in text.splitlines() if "bijgewerkt: S32:reference:1" in line)
    assert line == "  bijgewerkt: S32:reference:1 (tekst, plaatsing, auteur, gepubliceerd)"
    item = Reference.objects.get(pk=item.pk)
    assert item.text == "<p>Decentraal specificeren.</p>"
    assert item.author == "Kamann"
    assert item.cell_keys() == ["S32"]
    assert item.live and not item.has_unpublished_changes
    assert not item.is_changed_since_import()
    # Only that item was updated, and a plain import now finds nothing to do.
    assert "bijgewerkt 1," in text
    assert "bijgewerkt 0, ongewijzigd" in run_import()


def test_force_over_a_draft_publishes_the_source_text(run_import):
    run_import()
    item = Tip.objects.get(source_key="Fa:tip:1")
    item.text = "<p>Concept van de redactie.</p>"
    item.save_revision()  # a draft, not published

    report = load(document(), force=True)
    assert report.changes["Fa:tip:1"] == ["concept"]
    item = Tip.objects.get(pk=item.pk)
    assert item.text == "<p>Algemene tip.</p>" and not item.has_unpublished_changes


def test_taxonomy_force_names_the_restored_fields():
    load(document())
    from cms.models import Question

    question = Question.objects.get(number=3)
    question.text = "Andere vraag?"
    question.save()
    answer = question.answers.get(number=2)
    answer.label = "Ander antwoord"
    answer.save()

    assert load(document()).skipped == ["question:3"]
    report = load(document(), force=True)
    assert report.changes == {"question:3": ["tekst", "antwoorden"]}
    question.refresh_from_db()
    assert question.text == "Vraag 3?"
    assert question.answers.get(number=2).label == "Antwoord 3.2"


def test_the_site_is_created_once_and_an_editors_hostname_port_and_name_are_kept(run_import):
    run_import()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 80)
    site.hostname, site.port, site.site_name = "inkoop.example.nl", 8443, "Inkoop"
    site.save()

    run_import()
    run_import("--force")
    site = Site.objects.get()
    assert (site.hostname, site.port, site.site_name) == ("inkoop.example.nl", 8443, "Inkoop")


def test_a_missing_site_is_created_for_the_existing_home():
    from cms.models import HomePage

    document_ = document()
    load(document_)
    build_site(document_.landing)
    Site.objects.all().delete()
    build_site(document_.landing)
    site = Site.objects.get()
    assert site.is_default_site and site.root_page_id == HomePage.objects.get().pk
