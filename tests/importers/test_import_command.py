"""The loader and the import_source command: idempotent, transactional, editor-safe."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from cms.models import Example, Link, Reference, Tip
from importers.loader import load
from tests.factories import example, reference, small_document, tip

pytestmark = pytest.mark.django_db


def document():
    return small_document(
        Fa=[
            tip("Algemene tip.", 5),
            example("Een voorbeeld.", 6, "https://example.org/x"),
            reference("Kamann", "Decentraal specificeren.", 7, "https://example.org/k"),
        ],
        S32=[
            tip("Functioneel specificeren.", 9),
            reference("Kamann", "Decentraal specificeren.", 10, "https://example.org/k"),
        ],
    )


def test_first_load_creates_live_items_with_links_and_cells():
    report = load(document())
    assert not report.errors
    assert Tip.objects.filter(live=True).count() == 3  # two cells + one checklist statement
    kamann = Reference.objects.get(author="Kamann")
    # The repeated reference becomes one snippet shown in both cells.
    assert sorted(kamann.cell_keys()) == ["Fa", "S32"]
    assert kamann.url_list() == ["https://example.org/k"]
    assert Link.objects.filter(url="https://example.org/k").count() == 1
    assert Example.objects.get(source_key="1.2:example:1").cell_keys() == ["1.2"]


def test_second_load_reports_everything_unchanged():
    load(document())
    report = load(document())
    assert report.created == [] and report.updated == [] and report.skipped == []
    assert len(report.unchanged) == report.found > 0


def test_editor_change_is_kept_and_reported_unless_forced():
    load(document())
    item = Tip.objects.get(source_key="Fa:tip:1")
    item.text = "<p>Door de redactie herschreven.</p>"
    item.save_revision().publish()

    report = load(document())
    assert "Fa:tip:1" in report.skipped
    item.refresh_from_db()
    assert item.text == "<p>Door de redactie herschreven.</p>"

    forced = load(document(), force=True)
    assert "Fa:tip:1" in forced.updated
    item.refresh_from_db()
    assert item.text == "<p>Algemene tip.</p>"


def test_unpublished_draft_by_editor_counts_as_a_change():
    load(document())
    item = Tip.objects.get(source_key="Fa:tip:1")
    item.text = "<p>Concept van de redactie.</p>"
    item.save_revision()  # a draft, not published
    assert "Fa:tip:1" in load(document()).skipped


def test_changed_source_updates_untouched_items():
    load(document())
    changed = small_document(Fa=[tip("Algemene tip, herzien.", 5)])
    report = load(changed)
    assert "Fa:tip:1" in report.updated
    assert Tip.objects.get(source_key="Fa:tip:1").plain_text == "Algemene tip, herzien."


def test_dry_run_saves_nothing_but_reports():
    report = load(document(), dry_run=True)
    assert len(report.created) > 0
    assert Tip.objects.count() == 0


def test_invalid_record_rolls_back_the_whole_import():
    broken = document()
    broken.cells["Fa"].items.append(example("Met kapotte link.", 8, "not a url"))
    report = load(broken)
    assert report.errors
    assert Tip.objects.count() == 0 and Link.objects.count() == 0


def test_import_command_on_real_source_prints_summary_and_is_idempotent(import_output):
    # the session's import of the real source into this database was the first one
    assert "Import voltooid." in import_output
    assert Tip.objects.count() > 0
    again = StringIO()
    call_command("import_source", stdout=again)
    summary = again.getvalue()
    assert "aangemaakt 0, bijgewerkt 0," in summary
    assert "overgeslagen 0" in summary


def test_import_command_reports_a_missing_source_in_dutch(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Kan het brondocument niet lezen"):
        call_command("import_source", source=tmp_path / "nope.txt", stdout=StringIO())


def test_changed_links_and_cells_are_updated_and_then_unchanged():
    load(document())
    changed = document()
    changed.cells["Fa"].items[1].links.append(example("x", 1, "https://example.org/new").links[0])
    changed.cells["S32"].items.append(tip("Nieuwe tip.", 11))
    assert "Fa:example:1" in load(changed).updated
    assert Example.objects.get(source_key="Fa:example:1").url_list() == [
        "https://example.org/x",
        "https://example.org/new",
    ]
    again = load(changed)
    assert again.updated == [] and again.skipped == []


def test_import_builds_missing_pages_once_and_leaves_them_to_editors(monkeypatch):
    from cms.models import HomePage
    from importers.management.commands import import_source

    # the small document: page building needs only the landing text, not the real parse
    monkeypatch.setattr(import_source, "cached_parse", lambda text, cache_dir: document())
    call_command("import_source", stdout=StringIO())
    home = HomePage.objects.get()
    home.introduction = "<p>Door de redactie.</p>"
    home.save_revision().publish()
    call_command("import_source", stdout=StringIO())
    assert HomePage.objects.get().introduction == "<p>Door de redactie.</p>"
    assert {p.slug for p in home.get_children()} == {"wegwijzer", "checklist", "toegankelijkheid"}


def test_a_document_without_its_sections_gives_a_clear_error(tmp_path):
    from django.core.management.base import CommandError

    wrong = tmp_path / "ander.txt"
    wrong.write_text("Dit is een ander document.\n", encoding="utf-8")
    with pytest.raises(CommandError, match="mist de sectie 'I. INTRODUCTIE'"):
        call_command("import_source", source=wrong, stdout=StringIO())
