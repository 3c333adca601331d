"""Going back to the source: the history offers the imported version, and a re-import sees it as unchanged."""

from __future__ import annotations

import pytest
from django.contrib.admin.utils import quote
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from cms.models import Tip
from importers.loader import load
from tests.factories import small_document, tip

pytestmark = pytest.mark.django_db

SOURCE_TEXT = "Specificeer functioneel."
OTHER_TEXT = (
    '{"blocks": [{"key": "ab1", "text": "Door de redactie herschreven.", "type": "unstyled", "depth": 0,'
    ' "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}'
)
LABEL = "Terug naar de versie uit het brondocument"


def document():
    return small_document(S32=[tip(SOURCE_TEXT, 1)])


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("redacteur", "r@example.org", "geheim-wachtwoord-1")
    client.force_login(user)
    return client


def url(item, name: str, *args) -> str:
    return reverse(item.snippet_viewset.get_url_name(name), args=[quote(item.pk), *args])


def publish(editor, form_url: str, **changes) -> None:
    data = querydict_from_html(editor.get(form_url).content.decode(), form_id="w-editor-form")
    for name, value in changes.items():
        data[name] = value
    data["action-publish"] = "action-publish"
    response = editor.post(form_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_an_unedited_item_needs_no_way_back(editor):
    load(document())
    item = Tip.objects.get(source_key="S32:tip:1")
    html = editor.get(url(item, "history")).content.decode()
    assert LABEL not in html


def test_an_edited_item_goes_back_to_the_source_version_and_is_unchanged_for_the_importer(editor):
    load(document())
    item = Tip.objects.get(source_key="S32:tip:1")
    imported_revision = item.latest_revision_id
    publish(editor, url(item, "edit"), text=OTHER_TEXT)

    history = editor.get(url(item, "history")).content.decode()
    revert_url = url(item, "revisions_revert", imported_revision)
    assert history.count(f'href="{revert_url}"') >= 2  # header button and the imported version's row
    assert LABEL in history

    revert_form = editor.get(revert_url).content.decode()
    assert SOURCE_TEXT in revert_form
    publish(editor, revert_url)
    item.refresh_from_db()
    assert SOURCE_TEXT in item.text and not item.has_unpublished_changes

    report = load(document())
    assert "S32:tip:1" in report.unchanged and report.skipped == []


def test_retyping_the_source_text_in_the_editor_is_no_edit(editor):
    load(document())
    item = Tip.objects.get(source_key="S32:tip:1")
    publish(editor, url(item, "edit"), text=OTHER_TEXT)
    assert load(document()).skipped == ["S32:tip:1"]

    retyped = (
        '{"blocks": [{"key": "zz9", "text": "  Specificeer   functioneel. ", "type": "unstyled", "depth": 0,'
        ' "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}'
    )
    publish(editor, url(item, "edit"), text=retyped)
    item.refresh_from_db()
    assert 'data-block-key="zz9"' in item.text
    report = load(document())
    assert "S32:tip:1" in report.unchanged and report.skipped == []
