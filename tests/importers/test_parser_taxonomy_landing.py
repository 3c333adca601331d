"""The taxonomy (III.1, III.2) and landing (I, II) parsers on the real source.

Expected values come from reading the source text, not from the parser.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from importers.parser.document import ParseWarning
from importers.parser.landing import parse_landing
from importers.parser.prose import join_lines
from importers.parser.source import Source, split_renderings
from importers.parser.taxonomy import parse_activities, parse_questions

SOURCE = Path(__file__).resolve().parents[2] / "importers" / "source" / "organisatie-strategische-inkoop.txt"


@cache
def _source() -> Source:
    return split_renderings(SOURCE.read_text(encoding="utf-8"))


def test_four_activities_with_their_full_descriptions() -> None:
    warnings: list[ParseWarning] = []
    activities = parse_activities(_source(), warnings)
    assert [(a.code, a.name) for a in activities] == [
        ("F", "Fundering"),
        ("A", "Analyse"),
        ("S", "Specificatie"),
        ("U", "Uitvoering"),
    ]
    assert activities[0].description == (
        "Standaardcontracten, inkoopvoorwaarden, financiële kaders, zorgen voor competentie ontwikkeling, "
        "software tools, ontwerprichtlijnen en normen, etc. (bovenop het wettelijk kader EU / NL)"
    )
    assert activities[1].description == (
        "Data mining, product-, prijs- en marktonderzoek, leveranciersonderzoek, contractonderzoek "
        "(typisch activiteiten op meta-niveau, niet voor individuele inkoopprojecten)"
    )
    assert activities[2].description.startswith(
        "Omschrijving van de te volgen inkoop- of aanbestedingsprocedures,"
    )
    assert activities[2].description.endswith("functionele specificatie, gunningscriteria, etc.")
    assert activities[3].description.startswith("Aankondigen opdracht, toetsen uitsluitingsgronden")
    assert activities[3].description.endswith(
        "individuele contracten opstellen en toezien op uitvoering ervan"
    )
    assert warnings == []


def test_five_questions_with_two_answers_as_in_the_schema() -> None:
    warnings: list[ParseWarning] = []
    questions = parse_questions(_source(), warnings)
    assert [(q.number, q.kind, q.text, [a.label for a in q.answers]) for q in questions] == [
        (
            1,
            "WAT?",
            "Welk type product / dienst wordt ingekocht?",
            ["Standaard / Commodity / Herhaaldelijk Ingekocht", "Complex / Uniek / Innovatief"],
        ),
        (
            2,
            "WAT?",
            "Bij wie kan het product / dienst ingekocht worden?",
            ["Veel aanbieders in de markt (≥5)", "Weinig aanbieders in de markt (<5)"],
        ),
        (
            3,
            "HOE?",
            "Wat zijn de doelstellingen naast kwaliteit die met het inkoopproject beoogd worden?",
            ["Focus vooral op kostenefficiëntie", "Focus vooral op innovatie en duurzaamheid"],
        ),
        (
            4,
            "WIE?",
            "Heeft de aanbestedende overheid voldoende capaciteit en expertise in functie van de complexiteit "
            "van de benodigde aankoopprocedure?",
            [
                "Voldoende capaciteit en expertise binnen de afdeling die behoefte heeft",
                "Onvoldoende capaciteit en expertise binnen de afdeling die behoefte heeft",
            ],
        ),
        (
            5,
            "WIE?",
            "Zijn er natuurlijke samenwerkingspartners (met gelijkaardige doelstellingen)?",
            [
                "Aanwezigheid natuurlijke samenwerkingspartners",
                "Geen aanwezigheid natuurlijke samenwerkingspartners",
            ],
        ),
    ]
    assert [[a.number for a in q.answers] for q in questions] == [[1, 2]] * 5
    assert warnings == []


def test_help_text_only_where_the_section_heading_words_it_differently() -> None:
    questions = parse_questions(_source(), [])
    # III.4: "1. Gestandaardiseerd, herhaaldelijk ingekocht, eenvoudig" adds words;
    # "2. Complex, uniek, innovatief" and III.6's "Vooral focus op ..." do not.
    assert questions[0].help_text == (
        "Standaard / Commodity / Herhaaldelijk Ingekocht: Gestandaardiseerd, herhaaldelijk ingekocht, eenvoudig"
    )
    assert [q.help_text for q in questions[1:]] == ["", "", "", ""]


def test_landing_introduction_paragraphs() -> None:
    landing = parse_landing(_source(), [])
    assert landing.introduction == [
        "Dit document is onderdeel van het rapport “Organisatie Strategische Inkoop” van Policy Research "
        "Corporation, dat in opdracht van PIANOo is gemaakt. De opdracht behelsde onder andere het praktisch "
        "toepasbaar maken van het uitgevoerde onderzoek. Die praktische toepasbaarheid is vertaald naar 2 tools; "
        "een ‘wegwijzer’ en een ‘checklist’. Door middel van deze tools hoopt Policy Research bij te dragen aan "
        "de ambitie “Het verbeteren van de inkoopfunctie, door de inkoopfunctie aantrekkelijker te maken”.",
        "Dit zijn de tools:",
        "- Inkoop betrokkenen krijgen, op basis van eenvoudige vragen met betrekking tot de inkoopsituatie, "
        "advies. Concreet is dit een ‘wegwijzer’ met tips en voorbeelden. Deze tips en voorbeelden zullen per "
        "inkoopactiviteit worden aangemaakt.",
        "- De daaropvolgende ‘checklist’ behandelt 3 thema’s. Voor elk van de thema’s wordt een beoordeling "
        "gemaakt, met tips en voorbeelden (inclusief verdere verwijzingen).",
    ]


def test_introduction_leaves_out_what_speaks_of_the_source_document_itself() -> None:
    warnings: list[ParseWarning] = []
    landing = parse_landing(_source(), warnings)
    about_the_source = [
        "De teksten voor de wegwijzer en checklist staan in dit document in MS Word format, het is de bedoeling "
        "dat deze omgezet worden naar een interactieve versie die via de website van PIANOo toegankelijk is.",
        "Eerst zal de landingspagina met algemene info over het onderzoek besproken worden. Daarna zullen de "
        "tools verder toegelicht worden. Op het eind van dit document (V) staat een voorbeeld van de input en "
        "output van de wegwijzer.",
    ]
    assert landing.left_out == about_the_source
    text = " ".join(landing.introduction + landing.paragraphs + landing.framework + landing.summary)
    for words in ("in dit document in MS Word format", "(V)", "Op het eind van dit document"):
        assert words not in text
    reported = [w.message for w in warnings if w.message.startswith("I: left out text about the source")]
    assert len(reported) == 2


def test_landing_paragraphs_end_with_the_invitation_lead_in() -> None:
    landing = parse_landing(_source(), [])
    assert [p[:40] for p in landing.paragraphs] == [
        "PIANOo heeft het adviesbureau Policy Res",
        "Met dit onderzoek willen we een ´kantelm",
        "Het onderzoek biedt een vereenvoudigde z",
        "Deze tips zijn gebaseerd op zowel een th",
        "PIANOo hoopt met het onderzoek en de bij",
        "PIANOo nodigt deelnemers uit om:",
    ]
    assert landing.paragraphs[2].endswith(
        "als overheidsinkoper, innovatie- en duurzaamheidsmanager, projectleider of beleidsmedewerker."
    )


def test_three_invitations() -> None:
    assert parse_landing(_source(), []).invitations == [
        "Feedback te leveren over de adviezen, tips en voorbeelden uit de tools;",
        "De checklist te gebruiken als periodiek meetinstrument om de eigen organisatie te evalueren;",
        "Voortgang van de organisatie op het gebied van inkoop periodiek op te volgen.",
    ]


def test_framework_paragraphs_leave_out_the_figure_labels() -> None:
    framework = parse_landing(_source(), []).framework
    assert framework[0] == "De basis van het onderzoek wordt gevormd door het onderstaande framework:"
    assert framework[1].startswith("Links staat de context: de meest bepalende organisatie- en inkoopproject")
    assert framework[1].endswith("een uitgezette vragenlijst bij inkoopprofessionals.")
    # a paragraph ending on a full-width line, split off by the tagged rendering
    assert framework[2].endswith("juist omdat de context zo verschillend kan zijn.")
    assert framework[3].startswith("Om inkoop echt strategisch te maken")
    assert framework[3].endswith("op de thema’s: strategie, processen en mensen middelen & cultuur.")
    assert framework[4].endswith("(algemene tips zijn bovenin verwoord).")
    assert (
        framework[5] == "Samenvattend zijn de praktisch toepasbare deliverables van het onderzoek als volgt:"
    )
    assert len(framework) == 6
    assert not any(label in " ".join(framework) for label in ("Aanbevelingen inkooporganisatie", "Cultuur"))


def test_summary_bullets_and_the_left_out_closing_sentence() -> None:
    warnings: list[ParseWarning] = []
    landing = parse_landing(_source(), warnings)
    assert landing.summary == [
        "Inkoop betrokkenen krijgen op basis van vijf eenvoudige vragen een inkoopsituatie afhankelijk advies. "
        "Concreet is dit een ‘wegwijzer’ met tips en voorbeelden. Deze tips en voorbeelden zullen per "
        "inkoopactiviteit worden geleverd.",
        "De daaropvolgende checklist behandelt 3 thema’s; strategie, processen & mensen, middelen en cultuur. "
        "Voor elk van de thema’s wordt een beoordeling gemaakt, met tips en voorbeelden (inclusief verdere "
        "verwijzingen).",
    ]
    section_ii = [w for w in warnings if w.message.startswith("II")]
    assert [(w.line, "In de volgende hoofdstukken" in w.message) for w in section_ii] == [(173, True)]


def test_snippet_page_header_mid_paragraph_is_not_text() -> None:
    long = "x" * 100
    text = (
        " Introductie \n\nI. INTRODUCTIE\n\n"
        f"Een lange eerste regel van een alinea die doorloopt {long}\n\n"
        "Tekst voor Landingspagina (communicatie pianoo aan inkooporganisaties) \n\n"
        "en hier eindigt.\n\n"
        " II. TEKST VOOR LANDINGSPAGINA (COMMUNICATIE PIANOO AAN INKOOPORGANISATIES) \n\n"
        "Korte alinea.\n\n"
        "III. WEGWIJZER \n"
        "I. INTRODUCTIE..\n"
    )
    landing = parse_landing(split_renderings(text), [])
    assert landing.introduction == [
        f"Een lange eerste regel van een alinea die doorloopt {long} en hier eindigt."
    ]
    assert landing.paragraphs == ["Korte alinea."]


def test_join_lines_keeps_compound_hyphens_and_slashes() -> None:
    assert (
        join_lines(["succesvolle inkoop-", "samenwerking tussen"]) == "succesvolle inkoop-samenwerking tussen"
    )
    assert join_lines(["bedrijfsvoerings-", "en uitvoeringstaken"]) == "bedrijfsvoerings- en uitvoeringstaken"
    assert join_lines(["beste prijs", "/kwaliteitverhouding"]) == "beste prijs/kwaliteitverhouding"
