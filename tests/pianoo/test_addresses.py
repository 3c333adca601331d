"""Each address printed once on a page: later links to an address are marked for print."""

from __future__ import annotations

from django.template import Context, Template
from django.template.loader import render_to_string

from pianoo.addresses import AGAIN_ON_PAGE, mark_repeated_addresses


def link(url: str, text: str | None = None) -> str:
    """A link as templates/includes/external_link.html renders it, the one rendering."""
    context = {"url": url, "text": text} if text else {"url": url}
    return render_to_string("includes/external_link.html", context).strip()


def test_a_later_link_to_an_address_is_marked_and_the_first_left_alone():
    first, other = link("https://a.example/r?x=1&y=2", "Rapport"), link("https://b.example/", "Ander")
    again = link("https://a.example/r?x=1&y=2", "Rapport, weer")
    marked = mark_repeated_addresses(first + other + again)
    assert marked.startswith(first + other)
    assert marked[len(first + other) :] == (
        '<a href="https://a.example/r?x=1&amp;y=2" class="external external--again" rel="noopener noreferrer">'
        'Rapport, weer<span class="visually-hidden"> (externe link)</span></a>'
    )


def test_a_later_link_that_reads_as_its_address_says_so_in_print_only():
    bare = link("https://a.example/")
    marked = mark_repeated_addresses(bare + bare)
    assert marked.startswith(bare)
    again = marked[len(bare) :]
    assert 'class="external external--url external--again"' in again
    assert '<span class="no-print">https://a.example/</span>' in again  # still there on screen
    assert f'<span class="print-only print-only--inline">{AGAIN_ON_PAGE}</span>' in again
    assert '<span class="visually-hidden"> (externe link)</span></a>' in again


def test_pages_mark_their_repeated_links_through_the_base_template():
    template = Template(
        "{% load print_tags %}{% addresses_once %}{{ a|safe }}<p>tekst</p>{{ a|safe }}{% endaddresses_once %}"
    )
    html = template.render(Context({"a": link("https://a.example/", "A")}))
    assert html.count("external--again") == 1
    assert "<p>tekst</p>" in html
