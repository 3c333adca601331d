"""Building the page tree: home, wegwijzer, checklist and the accessibility statement.

Pages are created once with text from the source document; after that they
belong to the editors and are never overwritten. The same goes for the Wagtail
Site: it is created only when there is none (deleting Wagtail's welcome page
deletes the Site that pointed at it); an editor's hostname, port and name stay.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.html import escape
from wagtail.models import Page, Site

from checklist.models import ChecklistPage
from cms.models import ContentPage, HomePage
from wegwijzer.models import WegwijzerPage

from .parser.document import Landing

ACCESSIBILITY_STATEMENT = [
    "PIANOo wil dat iedereen deze website kan gebruiken, ook met een screenreader, "
    "alleen het toetsenbord of een vergrotingsprogramma.",
    "De website is gebouwd volgens de Web Content Accessibility Guidelines (WCAG) 2.1 op niveau AA. "
    "De wegwijzer en de checklist werken zonder JavaScript, elke vraag heeft een zichtbaar label, "
    "de focus is altijd zichtbaar en de resultaten zijn ook als tekst beschikbaar. "
    "Elke pagina wordt automatisch getoetst met axe-core.",
    "Links naar andere websites verwijzen naar de bronnen uit het onderzoek uit 2018. "
    "Die websites vallen niet onder deze verklaring en zijn niet altijd toegankelijk.",
    "Loopt u toch tegen een probleem aan? Laat het ons weten via het feedbackformulier bij het advies "
    "of de resultaten, of neem contact op met PIANOo.",
]


def paragraphs_html(paragraphs: list[str]) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def list_html(tag: str, items: list[str]) -> str:
    return f"<{tag}>" + "".join(f"<li>{escape(i)}</li>" for i in items) + f"</{tag}>"


@dataclass
class SiteReport:
    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)


HOME_FIELDS = ("introduction", "invitation", "framework", "body")


def home_fields(landing: Landing) -> dict[str, str]:
    """The landing text (II) and the introduction (I) as the home page's rich text."""
    prose = list(landing.paragraphs)
    lead_in = prose.pop() if prose and prose[-1].rstrip().endswith(":") else ""
    return {
        "introduction": paragraphs_html(prose),
        "invitation": paragraphs_html([lead_in] if lead_in else []) + list_html("ol", landing.invitations),
        "framework": paragraphs_html(landing.framework) + list_html("ul", landing.summary),
        "body": paragraphs_html(landing.introduction),
    }


def remove_left_out(home: HomePage, left_out: list[str]) -> bool:
    """Take paragraphs the parser now leaves out (text about the source document) out of a
    home page an earlier import wrote, and publish that. Only those paragraphs, where they
    still stand word for word as imported: whatever an editor wrote or changed stays, and a
    page with an editor's unpublished draft is left alone."""
    if home.has_unpublished_changes:
        return False
    changed = False
    for name in HOME_FIELDS:
        value = getattr(home, name)
        cleaned = value
        for html in (paragraphs_html([text]) for text in left_out):
            cleaned = cleaned.replace(html, "")
        if cleaned != value:
            setattr(home, name, cleaned)
            changed = True
    if changed:
        home.save_revision().publish()
    return changed


@transaction.atomic
def build_site(landing: Landing) -> SiteReport:
    report = SiteReport()
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's own welcome page occupies the slug "home"; ours replaces it.
        for page in root.get_children().exclude(content_type__model="homepage"):
            page.specific.delete()
        home = HomePage(title="Organisatie Strategische Inkoop", slug="home", **home_fields(landing))
        root.add_child(instance=home)
        home.save_revision().publish()
        report.created.append("/")
    else:
        report.existing.append("/")
        if remove_left_out(home, landing.left_out):
            report.updated.append("/")

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            is_default_site=True,
            hostname="localhost",
            port=80,
            root_page=home,
            site_name="Organisatie Strategische Inkoop",
        )

    children: list[tuple[type[Page], str, dict[str, Any]]] = [
        (
            WegwijzerPage,
            "wegwijzer",
            {
                "title": "Wegwijzer",
                "intro": "<p>Beantwoord vijf vragen over uw inkoopsituatie en krijg advies per "
                "inkoopactiviteit: fundering, analyse, specificatie en uitvoering.</p>",
            },
        ),
        (
            ChecklistPage,
            "checklist",
            {
                "title": "Checklist",
                "intro": "<p>Hoe staat uw inkooporganisatie ervoor? Geef bij elke stelling aan in hoeverre "
                "u het ermee eens bent. U krijgt per thema een resultaat, met tips en voorbeelden.</p>",
            },
        ),
        (
            ContentPage,
            "toegankelijkheid",
            {
                "title": "Toegankelijkheidsverklaring",
                "body": paragraphs_html(ACCESSIBILITY_STATEMENT),
            },
        ),
    ]
    for page_class, slug, fields in children:
        if page_class.objects.child_of(home).filter(slug=slug).exists():
            report.existing.append(f"/{slug}/")
            continue
        page = page_class(slug=slug, **fields)
        home.add_child(instance=page)
        page.save_revision().publish()
        report.created.append(f"/{slug}/")
    return report
