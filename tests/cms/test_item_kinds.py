"""The registry of item kinds: every per-kind name and model comes from one place."""

from __future__ import annotations

import dataclasses
import typing

import pytest
from django.template.loader import get_template

from cms import item_kinds
from cms.cells import Block, ItemData
from cms.item_kinds import ITEM_KINDS, KEYS
from cms.models import ContentItem
from feedback.constants import GENERAL, KIND_CHOICES, KINDS
from importers.parser import document


def test_the_kinds_are_tip_example_reference_in_page_order():
    assert KEYS == ("tip", "example", "reference")
    assert [kind.plural for kind in ITEM_KINDS] == ["tips", "examples", "references"]


@pytest.mark.parametrize("kind", ITEM_KINDS, ids=KEYS)
def test_each_kind_names_its_model_and_that_models_rows(kind):
    assert issubclass(kind.model, ContentItem)
    assert kind.placement_model._meta.get_field("item").related_model is kind.model
    assert kind.link_model._meta.get_field("item").related_model is kind.model
    assert kind.model._meta.get_field("placements").related_model is kind.placement_model
    assert kind.model._meta.get_field("item_links").related_model is kind.link_model
    assert item_kinds.by_key(kind.key) is kind
    assert item_kinds.of_item(kind.model()) is kind


@pytest.mark.parametrize("kind", ITEM_KINDS, ids=KEYS)
def test_each_kind_has_its_dutch_names_and_one_template(kind):
    assert kind.label == str(kind.model._meta.verbose_name)
    assert kind.heading[0].isupper() and kind.heading.lower() == str(kind.model._meta.verbose_name_plural)
    assert kind.title == kind.label.capitalize()
    assert kind.label in kind.helpful_question
    assert get_template(kind.template).origin.name.endswith(f"includes/items/{kind.key}.html")
    assert ItemData(kind=kind.key, id=1, text="t", html="<p>t</p>").template == kind.template


def test_unknown_kinds_are_refused():
    with pytest.raises(KeyError):
        item_kinds.by_key("general")
    with pytest.raises(TypeError):
        item_kinds.of_item(object())  # type: ignore[arg-type]


def test_a_block_holds_one_list_per_kind_in_the_apis_shape():
    fields = [f.name for f in dataclasses.fields(Block)]
    assert fields == ["cell", *(kind.plural for kind in ITEM_KINDS)]
    block = Block(cell="S32")
    assert block.is_empty()
    for kind in ITEM_KINDS:
        getattr(block, kind.plural).append(ItemData(kind=kind.key, id=7, text="t", html="<p>t</p>"))
    assert not block.is_empty()
    data = block.as_json()
    assert list(data) == ["cell", "tips", "examples", "references"]
    assert all(data[kind.plural][0]["id"] == 7 for kind in ITEM_KINDS)


def test_the_parser_and_feedback_use_the_same_keys():
    assert typing.get_args(document.ItemKind) == KEYS
    assert (*KEYS, GENERAL) == KINDS
    assert [key for key, _ in KIND_CHOICES] == [*KEYS, GENERAL]
    # The labels of the feedback model's choices (its migration pins them).
    assert [str(label) for _, label in KIND_CHOICES] == ["Tip", "Voorbeeld", "Referentie", "Algemeen"]
