"""The checklist parser (IV) on the real source and on hand-made snippets.

Expected values come from reading the source text (line numbers as in
importers/source/organisatie-strategische-inkoop.txt), not from the parser.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from importers.parser.checklist import classify, parse_scale, parse_themes
from importers.parser.document import Item, ParseWarning, Statement, Theme
from importers.parser.source import Source, split_renderings

SOURCE = Path(__file__).resolve().parents[2] / "importers" / "source" / "organisatie-strategische-inkoop.txt"
BULLET = "\uf0b7"


@cache
def _source() -> Source:
    return split_renderings(SOURCE.read_text(encoding="utf-8"))


@cache
def _parsed() -> tuple[list[Theme], list[ParseWarning]]:
    warnings: list[ParseWarning] = []
    return parse_themes(_source(), warnings), warnings


def themes() -> list[Theme]:
    return _parsed()[0]


def statement(key: str) -> Statement:
    found = [s for theme in themes() for s in theme.statements if s.key == key]
    assert len(found) == 1, key
    return found[0]


def item_at(key: str, line: int) -> Item:
    found = [item for item in statement(key).items if item.line == line]
    assert len(found) == 1, (key, line)
    return found[0]


def urls(item: Item) -> list[str]:
    return [link.url for link in item.links]


# --- the real source -------------------------------------------------------------


def test_scale_is_read_from_the_table_header() -> None:
    warnings: list[ParseWarning] = []
    scale = parse_scale(_source(), warnings)
    assert [(step.value, step.label) for step in scale] == [
        (1, "Oneens"),
        (2, "Eerder oneens"),
        (3, "Eerder eens"),
        (4, "Helemaal eens"),
    ]
    assert warnings == []


def test_three_themes_with_heading_titles_and_short_titles() -> None:
    assert [(t.number, t.title, t.short_title) for t in themes()] == [
        (1, "Is de strategie duidelijk en haalbaar?", "Strategie"),
        (2, "Zijn de inkoopprocessen op orde?", "Processen"),
        (3, "Zijn de mensen, middelen en de cultuur er klaar voor?", "Mensen, middelen en cultuur"),
    ]


def test_statements_per_theme_in_order() -> None:
    texts = {t.number: [(s.key, s.text, s.line) for s in t.statements] for t in themes()}
    assert texts[1] == [
        ("1.1", "Zijn de beleidsambities bij alle betrokkenen duidelijk en bekend?", 3586),
        ("1.2", "Is het duidelijk hoe wordt omgegaan met conflicterende beleidsdoelstellingen?", 3681),
        (
            "1.3",
            "Is er voldoende awareness binnen de organisatie over strategisch inkopen op alle niveaus van de "
            "organisatie?",
            3821,
        ),
    ]
    assert texts[2] == [
        (
            "2.1",
            "Zijn er checks & balances? Wordt er getoetst of de theorie in lijn is met de praktijk?",
            3994,
        ),
        ("2.2", "Zijn alle verantwoordelijkheden belegd en zijn deze voor iedereen helder?", 4074),
    ]
    assert [key for key, _, _ in texts[3]] == ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7"]
    assert texts[3][2][1] == "Wordt er gebruik gemaakt van E-procurement tools zoals:"
    assert (
        texts[3][4][1]
        == "Zorgt de toplaag mede voor een open cultuur, waarbij het leren uit fouten wordt gestimuleerd?"
    )
    assert texts[3][6] == ("3.7", "Wordt er goed gecommuniceerd?", 4824)


def test_every_statement_has_its_clarifications() -> None:
    expected = {
        "1.1": [],
        "1.2": [
            "Vaak botsen horizontale doelstellingen als duurzaamheid, social return e.d. met beschikbare budgetten"
        ],
        "1.3": [
            "In vele organisaties wordt inkoop nog los gezien van de strategie; het causale verband tussen de "
            "algemene prestatie van de organisatie en de inkoopprestatie wordt nog niet voldoende erkend"
        ],
        "2.1": ["Deze checks & balances ook uitvoeren voor extern ingehuurde mankracht"],
        "2.2": [
            "Inclusief horizontale verantwoordelijkheden",
            "Inclusief verantwoordelijkheden tussen, van en voor de externen",
        ],
        "3.1": ["De organisatiematuriteit bepaalt de inkoopmaturiteit."],
        "3.2": [],
        "3.3": [
            "E-sourcing",
            "Collaborative Product Commerce (CPC)",
            "E-tendering",
            "E-reverse auctioning",
            "Web-based ERP",
            "E-ordering",
            "Purchasing intelligence",
            "E-contractmanagement",
        ],
        "3.4": ["Evaluaties over inkoopprojecten", "Lessons leanred"],
        "3.5": ["Geen risico-afkerigheid", "Stimulatie door gebruik tools (bv. digitaal inkoopregister)"],
        "3.6": [
            "Draagvlak om samen te werken zonder persoonlijke belangen, drang voor autonomie, emoties, "
            "politieke gevoeligheid,…"
        ],
        # Printed side by side with the references (lines 4826-4835).
        "3.7": [
            "Zowel binnenin de organisatie (tussen top managers, concern inkoop managers, business unit managers "
            "en de business unit inkoop managers ) als met de stakeholders.",
            "Belanghebbenden zijn op de hoogte van de meest recente ontwikkelingen en er zijn geen misverstanden",
        ],
    }
    actual = {s.key: s.clarifications for t in themes() for s in t.statements}
    assert actual == expected


def test_item_kinds_per_statement() -> None:
    kinds = {s.key: "".join(i.kind[0] for i in s.items) for t in themes() for s in t.statements}
    assert kinds == {
        "1.1": "errr",
        "1.2": "terrr",
        "1.3": "terrrrr",
        "2.1": "ttr",
        "2.2": "trrrr",
        "3.1": "tterrr",
        "3.2": "trrrrrr",
        "3.3": "tttrrr",
        "3.4": "t",
        "3.5": "trrrrrrrr",
        "3.6": "trrrrr",
        "3.7": "rrrrr",
    }


def test_tips_and_examples_on_the_right_statement() -> None:
    tip = item_at("1.2", 3688)
    assert tip.kind == "tip"
    assert tip.text == (
        "Maak een bewuste afweging, en beargumenteer waarom bepaalde doelstellingen soms minder worden nagestreefd."
    )
    assert tip.links == []

    amsterdam = item_at("1.2", 3691)
    assert amsterdam.kind == "example"
    assert amsterdam.text.startswith("Bij de gemeente Amsterdam zijn er duidelijke richtlijnen opgesteld:")
    assert "gunning op beste prijs/kwaliteitverhouding het uitgangspunt" in amsterdam.text
    assert amsterdam.text.endswith("aanleiding geven om te gunnen op laagste kosten.")
    assert [(link.url, link.title) for link in amsterdam.links] == [
        (
            "https://www.amsterdam.nl/publish/pages/767080/"
            "inkoop_en_aanbestedingsbeleid_van_de_gemeente_amsterdam_versie_1_januari_2018.pdf",
            "gemeente Amsterdam",
        )
    ]

    goeree = item_at("1.3", 3833)
    assert goeree.kind == "example"
    # continues over the page break at line 3882
    assert goeree.text.endswith("in combinatie met actieve monitoring aan de hand van checklists.")
    assert urls(goeree) == ["https://www.pianoo.nl/nl/draagvlak-voor-mvi-zo-ontstond-dat-goeree-overflakkee"]

    iso = item_at("1.1", 3586)
    assert iso.kind == "example"
    assert iso.text.startswith(
        "Met de webtool ISO 20400 kunnen organisaties het proces naar MVI ondersteunen"
    )
    assert urls(iso) == ["https://www.webtooliso20400.nl/nl"]


def test_tips_carry_the_links_of_their_linked_words() -> None:
    checks = item_at("2.1", 4000)
    assert checks.kind == "tip"
    assert urls(checks) == ["https://www.vgn.nl/artikel/19423"]
    assert item_at("2.1", 4012).links == []

    dmu = item_at("2.2", 4082)
    assert [(link.url, link.title) for link in dmu.links] == [
        ("https://www.marketingtermen.nl/begrip/decision-making-unit", "Decision Making Unit")
    ]

    facturen = item_at("3.3", 4440)
    assert urls(facturen) == [
        "https://www.pianoo.nl/nl/themas/elektronisch-factureren/e-factureren-toegelicht",
        "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX%3A32014L0055",
    ]
    assert urls(item_at("3.3", 4445)) == [
        "http://essay.utwente.nl/60847/1/BSc_Patrick_Boernama.pdf",
        "https://www.supplyvalue.nl/e-procurement-big-data-beginnen/",
    ]
    plan = item_at("3.4", 4566)
    assert urls(plan) == [
        "https://kennislab.nevi.nl/vakkennis/het-inkoopactieplan",
        "https://www.managementsite.nl/kennisbank/leidinggeven",
    ]
    assert urls(item_at("3.5", 4577)) == [
        "http://www.publicprocurementguides.treasury.gov.cy/OHS-EN/HTML/index.html"
    ]
    # "Als organisatie niet alles zelf willen beheren ...": advice without a link
    assert item_at("3.6", 4711).links == []


def test_every_tip_link_sits_on_words_of_its_tip() -> None:
    # The words as the tagged rendering lifts them out (lines 7701-7771), else
    # the tip's words the URL names, else corrections.ANCHORS (the NEVI pair).
    found = {
        (s.key, item.line): [link.title for link in item.links]
        for t in themes()
        for s in t.statements
        for item in s.items
        if item.kind == "tip" and item.links
    }
    assert found == {
        ("2.1", 4000): ["handboek compliance in de gehandicaptenzorg."],
        ("2.2", 4082): ["Decision Making Unit"],
        ("3.1", 4199): ["model van Keough"],
        ("3.1", 4203): ["inkoopvolwassenheid", "een vorm van een audit"],
        ("3.2", 4301): ["projectmanagement skills"],
        ("3.3", 4440): ["elektronische facturen", "Europese Richtlijn 2014/55/EU"],
        ("3.3", 4445): ["Inkoopvolwassenheid", "ICT tools"],
        ("3.3", 4447): ["SRM"],
        ("3.4", 4566): ["inkoopactieplan", "leidinggevenden"],
        ("3.5", 4577): ["ondernemersgeest"],
    }
    assert sum(len(titles) for titles in found.values()) == 14
    for (key, line), titles in found.items():
        text = " ".join(item_at(key, line).text.split())
        assert all(title in text for title in titles), (key, line)


def test_references_keep_author_quote_and_link() -> None:
    holslag = item_at("1.2", 3705)
    assert holslag.kind == "reference"
    assert holslag.author == "Holslag"
    assert holslag.text.startswith(
        "17 Gemeenten onder één kap betekent omgaan met verschillende belangen en visies."
    )
    # the quote continues on the next page (line 3793)
    assert holslag.text.endswith(
        "Je kunt ook kosten, bijvoorbeeld inhuurkosten van specialisten, over een grotere groep verdelen."
    )
    assert urls(holslag) == [
        "https://www.pianoo.nl/nl/met-17-gemeenten-duurzame-elektriciteit-inkopen-hoe-doe-je-dat"
    ]

    commission = item_at("1.1", 3601)
    assert commission.author == "European Commission"
    assert commission.text == (
        "Formulate a long-term strategy on innovation-related public procurement that guides future action. "
        "This strategy needs to be formulated in partnership with relevant stakeholders."
    )
    assert urls(commission) == ["https://rio.jrc.ec.europa.eu/en/policy-support-facility/mutual-learning"]

    schotanus = item_at("3.5", 4586)
    assert schotanus.author == "Schotanus, F., Lans, van der M., & Telgen, J."
    assert urls(schotanus) == [
        "https://www.utwente.nl/en/bms/tms/staff/schotanus/documents/books/041101%203e%20proef%20NEVI_deel%201.pdf"
    ]

    glock = item_at("2.1", 4022)
    assert (glock.author, urls(glock)) == (
        "Glock, C.H. & Hochrein, S. Bus Res",
        ["https://link.springer.com/article/10.1007/BF03342754"],
    )

    # "Ref. Schotanus, F.; Bereid zijn ‘los te laten’ ..." continues on the page of line 4813
    loslaten = item_at("3.6", 4736)
    assert loslaten.author == "Schotanus, F."
    assert (
        "(niet alles zelf willen beheren en toestaan informatie te delen). Door de persisterende"
        in loslaten.text
    )
    assert "succesvolle inkoop-samenwerking tussen gemeenten" in loslaten.text
    assert urls(loslaten) == [
        "https://www.aanbestedingscafe.nl/gemeentelijke-inkoopsamenwerking-draait-om-loslaten/"
    ]
    gorecki = item_at("3.6", 4821)
    assert gorecki.author == "Gorecki, P &. Forges, V."
    assert urls(gorecki) == [
        "https://www.oecd.org/officialdocuments/publicdisplaydocumentpdf/?cote=GOV/SIGMA%282010%293/REV1&docLanguage=En"
    ]


def test_walhof_opens_a_page_but_belongs_to_the_e_procurement_statement() -> None:
    walhof = item_at("3.3", 4553)
    assert walhof.author == "Walhof, G."
    assert urls(walhof) == ["https://www.inkopers-cafe.nl/inkoper-kan-niet-meer-zonder-e-procurement/"]
    lipse = item_at("3.3", 4450)
    assert lipse.text.startswith(
        "Voor elke organisatie, onafhankelijk of ze al met E-aanbesteden zijn begonnen"
    )


def test_side_by_side_columns_of_the_communication_statement() -> None:
    items = statement("3.7").items
    assert [(i.author, i.line) for i in items] == [
        ("EC & DG GROW", 4829),
        ("Rozemeijer, F.", 4834),
        ("Schotanus, F.", 4840),
        ("Constructing Excellence", 4846),
        ("European Commission", 4851),
    ]
    assert items[0].text == (
        "Voorzien actuele informatie omtrent inkoop voor alle stakeholders en zorgen dat er genoeg "
        "netwerkmogelijkheden zijn."
    )
    assert items[1].text.endswith(
        "business unit inkoop managers is noodzakelijk om tot een breed gedragen "
        "concern inkoopstrategie te komen en deze vervolgens te succesvol implementeren."
    )
    assert [urls(i) for i in items] == [
        ["http://ec.europa.eu/DocsRoom/documents/17261/attachments/1/translations/en/renditions/native"],
        ["https://www.sciencedirect.com/science/article/pii/S0969701299000349"],
        ["https://www.utwente.nl/en/bms/tms/staff/schotanus/documents/books/schotanus_PhD-thesis.pdf"],
        [
            "http://constructingexcellence.org.uk/wp-content/uploads/2015/01/Collaborative_Procurement_Guide.pdf"
        ],
        ["https://rio.jrc.ec.europa.eu/en/policy-support-facility/mutual-learning"],
    ]


def test_every_link_of_the_checklist_is_placed_once() -> None:
    placed = [link.line for t in themes() for s in t.statements for i in s.items for link in i.links]
    listed = [
        no
        for no, text in enumerate(SOURCE.read_text(encoding="utf-8").splitlines(), start=1)
        if 3570 <= no < 4914 and text.strip().startswith("http")
    ]
    assert len(listed) == 64
    assert sorted(placed) == listed
    assert _parsed()[1] == []


def test_maturity_page_links() -> None:
    # Six links for five items on the page of line 4180: the two NEVI documents
    # go to the tip that has no other evidence, the later one ("Evalueer ...").
    assert urls(item_at("3.1", 4199)) == [
        "https://www.berenschot.nl/expertise/diensten/operational-excellence/model-keough/"
    ]
    assert urls(item_at("3.1", 4203)) == [
        "https://nevi.nl/sites/default/files/kennisdocument/STR-INKST-kre-007-bl.pdf",
        "https://nevi.nl/sites/default/files/kennisdocument/STR-BEN-vra-005-bl.pdf",
    ]
    assert urls(item_at("3.1", 4208)) == [
        "https://www.pianoo.nl/nl/themas/maatschappelijk-verantwoord-inkopen-duurzaam-inkopen/praktijk-tools/"
        "mvi-zelfevaluatietool"
    ]
    assert urls(item_at("3.2", 4301)) == [
        "https://www.focusopverbeteren.nl/wp-content/uploads/pdf/Projectmanagement.pdf"
    ]


# --- the tip/example rule -----------------------------------------------------------


def test_classify_tells_advice_from_cases() -> None:
    assert classify("Maak een bewuste afweging, en beargumenteer waarom.") == "tip"
    assert classify("Goed communiceren (intern en extern) over de verwachtingen.") == "tip"
    assert classify("De toplaag moet medewerkers tonen hoe met risico’s opgegaan moet worden.") == "tip"
    assert classify("Met name SRM (Supplier Relationship Management) tools zijn belangrijk.") == "tip"
    assert (
        classify("Bij de gemeente Amsterdam zijn er duidelijke richtlijnen opgesteld: De keuze dient")
        == "example"
    )
    assert classify("Goeree-Overflakkee creëerde in korte tijd draagvlak.") == "example"
    assert classify("De MVI-zelfevaluatietool biedt aanbestedende diensten inzicht.") == "example"
    assert classify("Ref. Edler; Market & system failures") == "reference"


# --- hand-made snippets for the layout's quirks -------------------------------------

HEADER = """\
Checklist

IV. CHECKLIST

IV.1. IS DE STRATEGIE DUIDELIJK EN HAALBAAR?

Checklist Score

(1 Oneens
2 Eerder
oneens 3
Eerder
eens
4 Helemaal
eens)

Tips & Leeswijzer

"""
FOOTER = """
V. VOORBEELD INKOOPCASE
"""


def _parse_snippet(layout: str, tagged: str = "") -> tuple[list[Theme], list[ParseWarning]]:
    text = (
        HEADER
        + layout
        + FOOTER
        + "I. INTRODUCTIE..\n\tIV. CHECKLIST \n"
        + tagged
        + "\tV. VOORBEELD INKOOPCASE..\n"
    )
    warnings: list[ParseWarning] = []
    return parse_themes(split_renderings(text), warnings), warnings


def _line_of(layout: str, start: str) -> int:
    """The source line number of the snippet line that starts with `start`."""
    lines = (HEADER + layout).splitlines()
    return next(no for no, text in enumerate(lines, start=1) if text.startswith(start))


def test_snippet_interleaved_statement_and_example_line_is_split() -> None:
    layout = (
        "Zijn de doelen bij iedereen duidelijk en bekend? De gemeente Utrecht heeft een webtool gebouwd\n"
        "voor het hele inkoopproces.\n"
        "\n"
        "Ref. Jansen, P.: Houd het eenvoudig.\n"
        "https://example.org/utrecht\n"
        "https://example.org/jansen\n"
    )
    tagged = (
        "\tZijn de doelen bij iedereen duidelijk en bekend? \n"
        "\tDe gemeente Utrecht heeft een webtool gebouwd \n"
        "\tvoor het hele inkoopproces. \n"
    )
    themes_, warnings = _parse_snippet(layout, tagged)
    (only,) = themes_[0].statements
    assert only.text == "Zijn de doelen bij iedereen duidelijk en bekend?"
    assert [(i.kind, i.text) for i in only.items] == [
        ("example", "De gemeente Utrecht heeft een webtool gebouwd voor het hele inkoopproces."),
        ("reference", "Houd het eenvoudig."),
    ]
    assert [urls(i) for i in only.items] == [["https://example.org/utrecht"], ["https://example.org/jansen"]]
    assert warnings == []


def test_snippet_page_footer_mid_paragraph_and_statement_over_a_page_break() -> None:
    layout = (
        "Is er een plan? \n"
        "\n"
        f"{BULLET} Een plan met doelen \n"
        "\n"
        "Stel een plan op en bespreek het met \n"
        "https://example.org/plan\n"
        "\n"
        "Checklist \n"
        "\n"
        "de leiding van de organisatie. \n"
        "\n"
        "Ref. Pietersen: Plannen werken. \n"
        "\n"
        "Werkt het plan? \n"
        "\n"
        "Evalueer het plan elk jaar. \n"
        "https://example.org/pietersen\n"
    )
    themes_, warnings = _parse_snippet(layout)
    first, second = themes_[0].statements
    assert (first.key, first.clarifications) == ("1.1", ["Een plan met doelen"])
    assert [(i.kind, i.text, i.line) for i in first.items] == [
        (
            "tip",
            "Stel een plan op en bespreek het met de leiding van de organisatie.",
            _line_of(layout, "Stel"),
        ),
        ("reference", "Plannen werken.", _line_of(layout, "Ref. Pietersen")),
    ]
    assert urls(first.items[0]) == ["https://example.org/plan"]
    assert urls(first.items[1]) == ["https://example.org/pietersen"]
    assert (second.key, second.text, [i.text for i in second.items]) == (
        "1.2",
        "Werkt het plan?",
        ["Evalueer het plan elk jaar."],
    )
    assert second.items[0].links == []
    assert warnings == []


def test_snippet_malformed_url_is_repaired_with_a_warning() -> None:
    layout = "Is er een plan? \n\nRef. Bakker: Een plan helpt. \nhttp:bakker.example.org/plan\n"
    themes_, warnings = _parse_snippet(layout)
    (item,) = themes_[0].statements[0].items
    assert urls(item) == ["http://bakker.example.org/plan"]
    assert [(w.line, "malformed" in w.message) for w in warnings] == [(_line_of(layout, "http:"), True)]
