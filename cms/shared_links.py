"""The editor and renderer side of shared links in rich text (see cms/rich_text.py).

Wagtail expands ``<a linktype="sharedlink" id="N">`` to the `Link` snippet's
current URL, the reference index lists the text under the link's usage, and
the Draftail editor shows it as an ordinary link. The editor keeps the
reference when it saves without changing that link: the LINK entity carries
``sharedLinkId`` and the decorator below writes it back.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.html import format_html
from draftjs_exporter.dom import DOM
from wagtail.admin.rich_text.converters.contentstate import link_entity
from wagtail.admin.rich_text.converters.html_to_contentstate import (
    ExternalLinkElementHandler,
    LinkElementHandler,
    PageLinkElementHandler,
)
from wagtail.rich_text import LinkHandler

from cms.models import Link
from cms.rich_text import LINKTYPE


class SharedLinkHandler(LinkHandler):
    """Expands ``<a linktype="sharedlink" id="N">`` to the shared link's current URL."""

    identifier = LINKTYPE

    @staticmethod
    def get_model() -> type[Link]:
        return Link

    @classmethod
    def expand_db_attributes(cls, attrs: dict[str, Any]) -> str:
        return cls.expand_db_attributes_many([attrs])[0]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict[str, Any]]) -> list[str]:
        return [
            format_html('<a href="{}">', link.url) if link else "<a>" for link in cls.get_many(attrs_list)
        ]

    @classmethod
    def extract_references(cls, attrs: dict[str, Any]) -> Iterator[tuple[Any, str, str, str]]:
        yield Link, attrs["id"], "", ""


class SharedLinkElementHandler(LinkElementHandler):
    """Database HTML to the editor: a shared link becomes a LINK entity that remembers its id."""

    def get_attribute_data(self, attrs: dict[str, str]) -> dict[str, Any]:
        link = Link.objects.filter(pk=attrs.get("id", "")).only("url").first()
        return {"url": link.url if link else "", "sharedLinkId": int(attrs["id"])}


def shared_link_entity(props: dict[str, Any]) -> Any:
    """Editor to database HTML: a LINK that still carries its shared link's id stays a reference."""
    shared_id = props.get("sharedLinkId")
    if shared_id is not None:
        return DOM.create_element("a", {"linktype": LINKTYPE, "id": shared_id}, props["children"])
    return link_entity(props)


CONTENTSTATE_RULE = {
    "from_database_format": {
        "a[href]": ExternalLinkElementHandler("LINK"),
        'a[linktype="page"]': PageLinkElementHandler("LINK"),
        f'a[linktype="{LINKTYPE}"]': SharedLinkElementHandler("LINK"),
    },
    "to_database_format": {"entity_decorators": {"LINK": shared_link_entity}},
}
"""Wagtail's "link" converter rule plus shared links; registered after Wagtail's own, it replaces it."""
