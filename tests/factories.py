"""Small hand-made documents and content for tests that must not depend on the parser."""

from __future__ import annotations

from importers.parser.document import (
    Activity,
    Answer,
    Cell,
    Document,
    Item,
    Landing,
    Question,
    ScaleStep,
    SourceLink,
    Statement,
    Theme,
    WorkedExample,
)

ACTIVITIES = [("F", "Fundering"), ("A", "Analyse"), ("S", "Specificatie"), ("U", "Uitvoering")]
KINDS = ["WAT?", "WAT?", "HOE?", "WIE?", "WIE?"]


def all_cell_keys() -> list[str]:
    keys = [f"{code}a" for code, _ in ACTIVITIES]
    keys += [f"{code}{q}{a}" for code, _ in ACTIVITIES for q in range(1, 6) for a in (1, 2)]
    return keys


def small_document(**cell_items: list[Item]) -> Document:
    """A complete taxonomy with the given cells filled (others empty) and a small checklist."""
    cells = {key: Cell(key=key, items=list(cell_items.get(key, []))) for key in all_cell_keys()}
    return Document(
        landing=Landing(
            introduction=["Introductie."],
            paragraphs=["Landingstekst.", "PIANOo nodigt deelnemers uit om:"],
            invitations=["Feedback te leveren;"],
            framework=["Het framework."],
            summary=["Samenvatting."],
        ),
        activities=[Activity(code, name, f"Toelichting {name}") for code, name in ACTIVITIES],
        questions=[
            Question(
                n, KINDS[n - 1], f"Vraag {n}?", [Answer(1, f"Antwoord {n}.1"), Answer(2, f"Antwoord {n}.2")]
            )
            for n in range(1, 6)
        ],
        cells=cells,
        scale=[
            ScaleStep(1, "Oneens"),
            ScaleStep(2, "Eerder oneens"),
            ScaleStep(3, "Eerder eens"),
            ScaleStep(4, "Helemaal eens"),
        ],
        themes=[
            Theme(
                number=1,
                title="Is de strategie duidelijk en haalbaar?",
                short_title="Strategie",
                statements=[
                    Statement(
                        "1.1",
                        "Zijn de ambities bekend?",
                        10,
                        ["Toelichting a"],
                        [tip("Maak ambities bekend.", 11)],
                    ),
                    Statement(
                        "1.2",
                        "Is het duidelijk?",
                        20,
                        [],
                        [example("Amsterdam doet het zo.", 21, "https://example.org/a")],
                    ),
                ],
            ),
            Theme(
                number=2,
                title="Zijn de processen op orde?",
                short_title="Processen",
                statements=[Statement("2.1", "Zijn processen vastgelegd?", 30, [], [])],
            ),
        ],
        worked_example=WorkedExample(description=""),
    )


def tip(text: str, line: int = 1, *links: tuple[str, str]) -> Item:
    """A tip; `links` are (url, the tip's words it sits on)."""
    return Item(kind="tip", text=text, line=line, links=[SourceLink(url, words) for url, words in links])


def example(text: str, line: int = 1, *urls: str) -> Item:
    return Item(kind="example", text=text, line=line, links=[SourceLink(url, "") for url in urls])


def reference(author: str, text: str, line: int = 1, *urls: str) -> Item:
    return Item(
        kind="reference", text=text, line=line, author=author, links=[SourceLink(url, author) for url in urls]
    )


def clear_caches() -> None:
    """Empty the shared cache and this process's copies, to measure a cold request."""
    from django.core.cache import cache

    from checklist import page_cache
    from cms import cache as assemblies
    from pianoo import response_cache

    cache.clear()
    assemblies.clear_local()
    response_cache.clear_local()
    page_cache.clear_local()
