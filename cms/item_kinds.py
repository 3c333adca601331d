"""The item kinds, tip, example and reference: the one place that lists them.

Each kind is a content model (a Wagtail snippet) with its placement and link rows,
shown by one template include and named in the API, in feedback and in the source
keys of the importer. Code that works per kind loops over `ITEM_KINDS` or looks a
kind up with `by_key()` or `of_item()`, instead of naming the three itself; a fourth
kind would be a model trio, a template and an entry here.

The pure parser (importers/parser) has its own `Item.kind` strings, which are these
keys (tests/cms/test_item_kinds.py checks that they agree); it does not import
Django models, so it cannot import this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, cast

from django.apps import apps

if TYPE_CHECKING:
    from cms.models import ContentItem


@dataclass(frozen=True)
class ItemKind:
    """One kind of content item and every name it goes by.

    The models are looked up by name when first used, so this module imports no
    models: feedback's constants and other light modules can use the keys.
    """

    key: str  # "tip": ItemData.kind, the API's and feedback's `kind`, the importer's source keys
    plural: str  # "tips": the Block attribute and the API's list of a block
    model_name: str  # "Tip"; its rows are "TipPlacement" and "TipLink" (all in cms)
    helpful_question: str  # the Ja/Nee feedback question under an item

    @cached_property
    def model(self) -> type[ContentItem]:
        return cast("type[ContentItem]", apps.get_model("cms", self.model_name))

    # type[Any]: the concrete subclasses of the abstract Placement and ItemLink, whose
    # managers and `item` field the stubs only know on the concrete classes.
    @cached_property
    def placement_model(self) -> type[Any]:
        return apps.get_model("cms", f"{self.model_name}Placement")

    @cached_property
    def link_model(self) -> type[Any]:
        return apps.get_model("cms", f"{self.model_name}Link")

    @property
    def label(self) -> str:
        """Dutch, singular, in running text: "tip", "voorbeeld", "referentie" (the model's verbose_name)."""
        return str(self.model._meta.verbose_name)

    @property
    def heading(self) -> str:
        """Dutch, plural, as a heading: "Tips", "Voorbeelden", "Referenties"."""
        return str(self.model._meta.verbose_name_plural).capitalize()

    @property
    def title(self) -> str:
        """The Dutch singular with a capital: "Tip", "Voorbeeld" (feedback's kind choices)."""
        return self.label.capitalize()

    @property
    def template(self) -> str:
        """The one include that renders an item of this kind on a page."""
        return f"includes/items/{self.key}.html"


TIP = ItemKind(key="tip", plural="tips", model_name="Tip", helpful_question="Was deze tip nuttig?")
EXAMPLE = ItemKind(
    key="example", plural="examples", model_name="Example", helpful_question="Was dit voorbeeld nuttig?"
)
REFERENCE = ItemKind(
    key="reference",
    plural="references",
    model_name="Reference",
    helpful_question="Was deze referentie nuttig?",
)

# In the order pages, the API and the admin show them.
ITEM_KINDS: tuple[ItemKind, ...] = (TIP, EXAMPLE, REFERENCE)
KEYS: tuple[str, ...] = tuple(kind.key for kind in ITEM_KINDS)
_BY_KEY = {kind.key: kind for kind in ITEM_KINDS}


def by_key(key: str) -> ItemKind:
    """The kind named `key` ("tip"); KeyError for any other name."""
    return _BY_KEY[key]


def of_item(item: ContentItem) -> ItemKind:
    """The kind of a content item (a Tip, Example or Reference instance)."""
    for kind in ITEM_KINDS:
        if isinstance(item, kind.model):
            return kind
    raise TypeError(f"not an item kind: {type(item).__name__}")
