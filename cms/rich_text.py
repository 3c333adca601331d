"""Rich text as the content model stores it: shared links inside it, and comparing it by content.

A link the source puts on words inside a tip is stored in the tip's rich text
as ``<a linktype="sharedlink" id="N">words</a>``: a reference to the shared
`Link` snippet, not a copy of its URL, so that fixing the URL once fixes every
text using it (cms/shared_links.py expands and edits it). Plain functions, no
models.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bs4 import BeautifulSoup, NavigableString, Tag
from django.utils.html import escape, format_html

LINKTYPE = "sharedlink"
_SHARED_LINK = re.compile(r'<a\s+(?=[^>]*linktype="sharedlink")[^>]*\bid="(\d+)"[^>]*>')


def shared_link_tag(link_id: int, words: str) -> str:
    return f'<a linktype="{LINKTYPE}" id="{link_id}">{escape(words)}</a>'


def expand_shared_links(html: str, urls: Mapping[int, str]) -> str:
    """Replace shared links whose URL is already known, so rendering them costs no query."""

    def expand(match: re.Match[str]) -> str:
        url = urls.get(int(match.group(1)))
        return match.group(0) if url is None else format_html('<a href="{}">', url)

    return _SHARED_LINK.sub(expand, html)


def shared_link_ids(html: str) -> list[int]:
    return [int(found) for found in _SHARED_LINK.findall(html)]


# Attributes the editor adds or orders differently without changing the content.
_NOISE_ATTRIBUTES = ("data-block-key",)


def normalise_rich_text(html: str) -> str:
    """Rich text reduced to its content, for deciding whether an editor changed it.

    Draftail writes ``data-block-key`` on every block and may order attributes
    and white space differently from the importer; none of that is an edit.
    """
    soup = BeautifulSoup(html or "", "html.parser")
    for tag in soup.find_all(True):
        if not isinstance(tag, Tag):
            continue
        for name in _NOISE_ATTRIBUTES:
            tag.attrs.pop(name, None)
        tag.attrs = dict(sorted(tag.attrs.items()))
    for text in soup.find_all(string=True):
        if isinstance(text, NavigableString):
            text.replace_with(re.sub(r"\s+", " ", str(text)))
    normalised = str(soup)
    normalised = re.sub(r"\s*(</?(?:p|ul|ol|li|h\d|br)\b[^>]*>)\s*", r"\1", normalised)
    return normalised.strip()
