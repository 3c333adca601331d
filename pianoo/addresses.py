"""Each address printed once: the links that leave the site, as the page and the PDF print them.

A printed page can't be clicked, so print shows a titled link's address after it. An
address linked twice on a page (an item under two checklist statements, two items citing
the same report) is printed the first time only. The PDF does this while it prints the
addresses (pianoo.pdf.print_addresses); the page marks its repeated links here, for its
print stylesheet (site.css, `.external--again`).
"""

from __future__ import annotations

import re
from html import unescape

# templates/includes/external_link.html, the one rendering of a link that leaves the site.
EXTERNAL_LINK = re.compile(
    r'<a href="(?P<href>[^"]*)" class="external(?P<bare> external--url)?" rel="noopener noreferrer">'
    r"(?P<text>.*?)(?P<hidden><span class=\"visually-hidden\">[^<]*</span>)?</a>",
    re.DOTALL,
)

AGAIN_ON_PAGE = "dezelfde link als eerder op deze pagina"


def mark_repeated_addresses(html: str) -> str:
    """A page's later links to an address it already linked, marked so its print shows it once.

    A later titled link gets `external--again`: print says "(adres eerder op deze pagina)"
    instead of the address. A later link that reads as its address keeps it on screen; in
    print it says it is the same link.
    """
    shown: set[str] = set()

    def mark(match: re.Match[str]) -> str:
        url = unescape(match.group("href"))
        if url not in shown:
            shown.add(url)
            return match.group(0)
        text, hidden, bare = match.group("text"), match.group("hidden") or "", match.group("bare") or ""
        if bare:
            text = (
                f'<span class="no-print">{text}</span>'
                f'<span class="print-only print-only--inline">{AGAIN_ON_PAGE}</span>'
            )
        return (
            f'<a href="{match.group("href")}" class="external{bare} external--again" '
            f'rel="noopener noreferrer">{text}{hidden}</a>'
        )

    return EXTERNAL_LINK.sub(mark, html)
