"""The wegwijzer part of the source parser, tested on the real source and on small snippets.

The expected values come from reading the source (sections III.3-III.8, V.2
and the tagged rendering), not from the parser's output. No database needed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from importers.parser.columns import LEFT, RIGHT, Witness, deinterleave, split_line
from importers.parser.document import Cell, Document, ParseWarning, WorkedExample
from importers.parser.items import page_links, paragraphs, parse_reference, repair_url
from importers.parser.source import Line, Source, split_renderings
from importers.parser.wegwijzer import CELL_KEYS, parse_cells

SOURCE = Path(__file__).resolve().parents[2] / "importers" / "source" / "organisatie-strategische-inkoop.txt"

# The answers of the worked example (V.1/V.2), read from which cells' tips V.2 repeats:
# F block = Fa + F32, A block = Aa + A12 + A32 + A52, S block = Sa + S12 + S21 + S32 + S52,
# U block = Ua + U12 + U32; every other chosen cell (F12, F21, F41, F52, A21, A41, S41, U21, U41,
# U52) is empty by design.
EXAMPLE_ANSWERS = {1: 2, 2: 1, 3: 2, 4: 1, 5: 2}

EMPTY_CELLS = {
    "F12", "A11", "F21", "F22", "A21", "U21", "S31", "U31",
    "F41", "A41", "S41", "U41", "F52", "A51", "U52",
}  # fmt: skip

# (tips, examples, references) per cell, counted by hand from the source.
COUNTS = {
    "Fa": (3, 1, 6), "Aa": (3, 3, 3), "Sa": (1, 0, 6), "Ua": (4, 6, 5),
    "F11": (1, 0, 1), "A12": (1, 2, 2), "S11": (1, 1, 1), "S12": (1, 1, 4), "U11": (1, 2, 1), "U12": (2, 0, 1),
    "A22": (2, 0, 1), "S21": (1, 1, 1), "S22": (1, 0, 1), "U22": (1, 2, 0),
    "F31": (1, 0, 0), "F32": (1, 2, 2), "A31": (1, 0, 0), "A32": (1, 0, 0), "S32": (4, 9, 6), "U32": (3, 2, 4),
    "F42": (1, 0, 0), "A42": (1, 1, 2), "S42": (2, 3, 3), "U42": (2, 1, 1),
    "F51": (1, 0, 0), "A52": (1, 1, 0), "S51": (1, 1, 1), "S52": (1, 0, 2), "U51": (1, 9, 3),
}  # fmt: skip

# Page link (source line of its list entry) -> (cell, source line of the item it belongs to),
# by reading each page; where V.2 repeats a page's items, its link lists agree.
LINKS = {
    478: ("Fa", 426), 479: ("Fa", 444), 480: ("Fa", 462),
    625: ("Fa", 553), 626: ("Fa", 559), 627: ("Fa", 569), 628: ("Fa", 585), 629: ("Aa", 609), 630: ("Aa", 613),
    772: ("Aa", 619), 773: ("Aa", 731), 774: ("Aa", 737), 775: ("Aa", 745), 776: ("Sa", 751), 777: ("Sa", 765),
    778: ("Sa", 769), 779: ("Aa", 619),
    906: ("Sa", 850), 907: ("Sa", 856), 908: ("Sa", 868), 909: ("Ua", 900), 910: ("Ua", 900),
    1046: ("Ua", 1005), 1047: ("Ua", 1023), 1048: ("Ua", 1029), 1049: ("Ua", 1029), 1050: ("Ua", 1029),
    1051: ("Ua", 1029), 1052: ("Ua", 1029), 1053: ("Ua", 1035), 1054: ("Ua", 1039),
    1145: ("Ua", 1117), 1146: ("Ua", 1125), 1147: ("Ua", 1133), 1148: ("Ua", 1137),
    1282: ("F11", 1237), 1283: ("A12", 1257), 1284: ("A12", 1257), 1285: ("A12", 1263), 1286: ("A12", 1263),
    1287: ("A12", 1263),
    1452: ("A12", 1372), 1453: ("A12", 1382), 1454: ("S11", 1394), 1455: ("S11", 1404), 1456: ("S12", 1434),
    1457: ("S12", 1446), 1458: ("S12", 1448),
    1580: ("S12", 1533), 1581: ("S12", 1537), 1582: ("U11", 1551), 1583: ("U11", 1551),
    1676: ("U11", 1636), 1677: ("U11", 1636), 1678: ("U11", 1650), 1679: ("U12", 1670),
    1837: ("A22", 1798), 1838: ("S21", 1810), 1839: ("S21", 1816), 1840: ("S22", 1828),
    1977: ("U22", 1917), 1978: ("U22", 1919), 1979: ("F32", 1951), 1980: ("F32", 1969), 1981: ("F32", 1969),
    2115: ("F32", 2064), 2116: ("F32", 2074), 2117: ("S32", 2102),
    2278: ("S32", 2238), 2279: ("S32", 2244), 2280: ("S32", 2248), 2281: ("S32", 2248), 2282: ("S32", 2256),
    2283: ("S32", 2268),
    2397: ("S32", 2346), 2398: ("S32", 2378), 2399: ("S32", 2392),
    2526: ("S32", 2470), 2527: ("S32", 2474), 2528: ("S32", 2482), 2529: ("S32", 2488), 2530: ("S32", 2498),
    2531: ("U32", 2516),
    2659: ("U32", 2612), 2660: ("U32", 2612), 2661: ("U32", 2632), 2662: ("U32", 2640), 2663: ("U32", 2646),
    2664: ("U32", 2654),
    2777: ("A42", 2753),
    2918: ("A42", 2862), 2919: ("S42", 2870), 2920: ("S42", 2882), 2921: ("S42", 2894), 2922: ("S42", 2900),
    2923: ("S42", 2904), 2924: ("S42", 2908),
    3073: ("U42", 3037), 3074: ("U42", 3037), 3075: ("U42", 3037), 3076: ("U42", 3045),
    3240: ("A52", 3179), 3241: ("S51", 3201), 3242: ("S52", 3209), 3243: ("S52", 3217), 3244: ("U51", 3221),
    3353: ("U51", 3305), 3354: ("U51", 3341), 3355: ("U51", 3345),
    3471: ("U51", 3426), 3472: ("U51", 3464),
    3511: ("U51", 3495), 3512: ("U51", 3501),
}  # fmt: skip


@pytest.fixture(scope="module")
def source() -> Source:
    return split_renderings(SOURCE.read_text(encoding="utf-8"))


# The layout lines of sections III.3-III.8 (the wegwijzer cells).
SECTION_III = range(390, 3571)


@pytest.fixture(scope="module")
def parsed(document: Document) -> tuple[dict[str, Cell], list[ParseWarning]]:
    """The cells and the warnings about section III, from the session's parse of the whole source."""
    return document.cells, [w for w in document.warnings if w.line in SECTION_III]


@pytest.fixture(scope="module")
def cells(parsed: tuple[dict[str, Cell], list[ParseWarning]]) -> dict[str, Cell]:
    return parsed[0]


@pytest.fixture(scope="module")
def example(document: Document) -> WorkedExample:
    return document.worked_example


def texts(cell: Cell, kind: str) -> list[str]:
    return [item.text for item in cell.items if item.kind == kind]


def find(cell: Cell, start: str):
    return next(item for item in cell.items if (item.text.startswith(start) or item.author.startswith(start)))


# --- the real source ---------------------------------------------------------------


def test_all_44_cells_in_source_order(cells):
    assert list(cells) == list(CELL_KEYS)
    assert len(cells) == 44
    assert list(cells)[:6] == ["Fa", "Aa", "Sa", "Ua", "F11", "F12"]


def test_cells_the_source_leaves_empty_stay_empty(cells):
    for key in EMPTY_CELLS:
        assert cells[key].items == [], key


def test_items_per_cell_match_a_reading_of_the_source(cells):
    for key, (tips, examples, references) in COUNTS.items():
        kinds = [item.kind for item in cells[key].items]
        got = (kinds.count("tip"), kinds.count("example"), kinds.count("reference"))
        assert got == (tips, examples, references), key
    assert set(COUNTS) | EMPTY_CELLS == set(CELL_KEYS)


def test_tips_keep_their_paragraphs_and_order(cells):
    assert texts(cells["Fa"], "tip")[2].endswith(
        "Samenwerken zou op zowel formele als informele wijze uitgevoerd kunnen worden. "
        "Evalueer regelmatig waar processen gestandaardiseerd kunnen worden."
    )
    assert [t[:20] for t in texts(cells["Aa"], "tip")] == [
        "Analyse activiteiten",
        "Deze activiteiten ku",
        "Daarnaast is bestuur",
    ]
    assert texts(cells["U32"], "tip") == [
        "Kijk naar de mogelijkheden voor een “one-stop-shop” van inkoop om duurzamer, socialer en "
        "innovatiever te maken.",
        "Leveranciers laten concurreren door een ‘Challenge’ uit te sturen zal innovatie en lagen "
        "kosten waarborgen.",
        "Bij het sluiten van een contract voor een innovatieve oplossing, is het belangrijk om naar de "
        "inkoopvoorwaarden te kijken. Zaken als intellectueel eigendom en risicoverdeling verdienen "
        "speciale aandacht.",
    ]


def test_interleaved_s32_reads_right_column_first_and_glued_seam(cells):
    # line 2102 prints the example before the tip; line 2104 glues "10-" to "wordt"
    tip = texts(cells["S32"], "tip")[0]
    assert tip.startswith(
        "Innovatie gaat veelal beter door functionele specificatie, hierbij wordt idealiter"
    )
    assert tip.endswith(
        "moet creativiteit en ondernemerschap dicht bij de betrokken afdeling geprikkeld worden."
    )
    example = find(cells["S32"], "Rijkswaterstraat")
    assert "efficiëntieverbetering van 10-30% gerealiseerd" in example.text
    assert example.text.endswith("volgens planning en volgens de afgesproken kwaliteitseisen.")
    assert "Rijkswaterstaat" not in tip


def test_label_mid_line_starts_the_new_cell(cells):
    # line 3179: "CZ Zorgkantoor ... A52 Als er geen ..."; line 3189: "In Limburg ... S51 Het is ..."
    assert texts(cells["A52"], "example")[0].startswith("CZ Zorgkantoor stelt jaarlijks marktanalyses")
    assert texts(cells["A52"], "tip") == [
        "Als er geen natuurlijke samenwerkingspartners zijn, ga na of er eventueel analyseactiviteiten "
        "uitgevoerd worden door onafhankelijke instanties."
    ]
    assert texts(cells["S51"], "example")[0].startswith("In Limburg werd bijvoorbeeld samengewerkt")
    assert all("Limburg" not in text for text in texts(cells["A52"], "example"))


def test_nothing_leaks_between_columns(cells):
    u22 = cells["U22"]
    assert texts(u22, "tip") == [
        "Als er weinig aanbieders zijn voor het product, zorg er dan voor dat de aanbieders geen te "
        "dominante positie krijgen tegenover de organisatie. Denk bij het contract opstellen aan: "
        "non-concurrentiebeding, looptijd contract, voorwaarden voor ontbinding, boetebeding, en voorkom "
        "een wurgcontact."
    ]
    assert "wurgcontact" not in " ".join(texts(u22, "example"))
    s42 = texts(cells["S42"], "tip")
    assert s42[1].endswith("een kritische houding aan te nemen bij het inhuren van externe mankracht.")
    assert "mankracht" not in find(cells["S42"], "ONS is een voorbeeld").text


def test_references_keep_their_author_and_quote(cells):
    edler = find(cells["Aa"], "Edler et al.")
    assert edler.kind == "reference"
    assert edler.text.startswith("The cases have demonstrated that one of the major requirements")
    uyarra = find(cells["Fa"], "Uyarra, E.")
    assert uyarra.text.startswith("Excessive centralization")  # "Ref. Uyarra, E.: ..." with a colon
    schotanus = find(cells["Aa"], "Schotanus, F., Lans")
    assert schotanus.author == "Schotanus, F., Lans, van der M., & Telgen, J."
    bare = find(cells["Sa"], "Getting involved in early dialogues")
    assert (bare.kind, bare.author) == ("reference", "European Commission")
    assert find(cells["U51"], "Ingólfsdóttir").author == "Ingólfsdóttir & Dyndegaard"


def test_reference_running_over_a_page_break_is_one_item(cells):
    nguyen = find(cells["Sa"], "Nguyen Pham")
    assert nguyen.text.endswith("(McGinnis and Vallopra, 1999; Tracey and Neuhaus, 2013)")
    gorecki = find(cells["U32"], "Gorecki")
    assert gorecki.text.endswith("such as those concerning the environment and social issues.")


def test_lost_hyphens_come_back_where_another_rendering_prints_them(cells):
    quote = find(cells["A12"], "European Commission").text
    assert "(e.g. e-procurement platform)" in quote
    assert quote.endswith("is needed for innovation-related procurement")


def test_links_land_on_the_right_item(cells):
    placed = {
        link.line: (key, item.line)
        for key, cell in cells.items()
        for item in cell.items
        for link in item.links
    }
    right = [line for line, where in LINKS.items() if placed.get(line) == where]
    assert len(right) / len(LINKS) >= 0.95
    # some that only the URL, the anchor or another page settle
    assert placed[779] == ("Aa", 619)  # the malformed NVZ link, last on its page
    assert placed[1147] == ("Ua", 1133)  # the OECD SIGMA paper is Gorecki's on every page
    assert placed[2528] == ("S32", 2482)  # Edler's review, as in Aa
    assert placed[1048] == ("Ua", 1029)  # "regiorivierenland" names "Regio Rivierenland"


def test_every_page_link_is_on_an_item_or_reported(parsed, source):
    cells, warnings = parsed
    assigned = sorted(link.line for cell in cells.values() for item in cell.items for link in item.links)
    listed = [
        line.no for line in source.layout if line.no in SECTION_III and re.match(r"\s*https?:", line.text)
    ]
    reported = {w.line for w in warnings if "could not be placed" in w.message or "no item" in w.message}
    assert sorted(set(assigned) | reported) == sorted(listed)
    assert len(assigned) == len(set(assigned))
    tips_with_links = [
        item for cell in cells.values() for item in cell.items if item.kind == "tip" and item.links
    ]
    assert tips_with_links == []


def test_malformed_link_is_repaired_and_reported(parsed):
    cells, warnings = parsed
    nvz = find(cells["Aa"], "Delen van kennis")
    assert [link.url for link in nvz.links] == ["https://engine.negometrix.com/NVZ/", "http://NVZ-inkoprs.nl"]
    assert any(w.line == 779 and "http:NVZ-inkoprs.nl" in w.message for w in warnings)


def test_worked_example_repeats_the_chosen_cells(cells, example):
    def norm(text: str) -> str:
        return re.sub(r"\.+$", ".", text)  # V.2 line 6054 ends "op termijn.."

    for code in "FASU":
        keys = [f"{code}a"] + [f"{code}{q}{a}" for q, a in EXAMPLE_ANSWERS.items()]
        ours = [norm(text) for key in keys for text in texts(cells[key], "tip")]
        assert ours == [norm(text) for text in example.tips[code]], code
    assert len(example.tips["S"]) == 8
    assert example.tips["A"][-1].startswith("Als er geen natuurlijke samenwerkingspartners zijn, ga na of er")
    items = example.items["U"]
    assert [item.author for item in items if item.kind == "reference"][:2] == ["Johnson", "EC & DG GROW"]


def test_worked_example_items_match_the_cells(cells, example):
    for code in "FASU":
        keys = [f"{code}a"] + [f"{code}{q}{a}" for q, a in EXAMPLE_ANSWERS.items()]
        ours = {(i.kind, i.author, i.text[:60]) for key in keys for i in cells[key].items if i.kind != "tip"}
        theirs = {(i.kind, i.author, i.text[:60]) for i in example.items[code] if i.kind != "tip"}
        assert ours == theirs, code


# --- snippets: one quirk each ---------------------------------------------------------------


def test_split_line_follows_the_columns_it_continues():
    witness = Witness(
        [
            "Bij overlappende ambities is het gunstiger zo veel mogelijk samenwerking voor de",
            "De provincie beheert de provinciale wegen. Noord- en Zuid-Holland hebben veel vergelijkbare",
        ]
    )
    left, right = split_line(
        "samenwerking voor de uitvoeringsactiviteit hebben veel vergelijkbare wegen met een hoge verkeersintensiteit",
        left_tail="Bij overlappende ambities is het gunstiger zo veel mogelijk",
        right_tail="De provincie beheert de provinciale wegen. Noord- en Zuid-Holland",
        witness=witness,
    )
    assert left == "samenwerking voor de uitvoeringsactiviteit"
    assert right == "hebben veel vergelijkbare wegen met een hoge verkeersintensiteit"


def test_deinterleave_splits_at_a_sentence_that_cannot_start_lower_case():
    lines = [
        Line(
            1,
            "overheidsinstellingen zelf is. ONS beschikt wel over de domein specifieke een kritische houding",
        ),
        Line(2, "kennis. mankracht."),
    ]
    fragments = deinterleave(lines, Witness(["ONS beschikt wel over de domein specifieke kennis."]))
    assert [(f.text, f.column) for f in fragments if f.no == 2] == [("kennis.", RIGHT), ("mankracht.", LEFT)]


def test_paragraphs_break_at_short_lines_and_references():
    from importers.parser.columns import Fragment

    fragments = [
        Fragment(1, "Een organisatiebrede inkoopafdeling opzetten met korte lijnen", LEFT),
        Fragment(2, "naar de domeinspecifieke afdelingen is aangeraden.", LEFT),
        Fragment(3, "Samen inkopen leidt tot kostenbesparingen door volume", LEFT),
    ]
    found = paragraphs(fragments, width=63)
    assert [p.text for p in found] == [
        "Een organisatiebrede inkoopafdeling opzetten met korte lijnen naar de domeinspecifieke "
        "afdelingen is aangeraden.",
        "Samen inkopen leidt tot kostenbesparingen door volume",
    ]
    refs = paragraphs([Fragment(1, "een voorbeeld.", RIGHT), Fragment(2, "Ref. Kamann; Voor unieke projecten.", RIGHT)],
                      width=76)  # fmt: skip
    assert len(refs) == 2
    assert parse_reference(refs[1].text) == ("Kamann", "Voor unieke projecten.")


def test_malformed_url_is_normalised_with_a_warning_naming_the_line():
    warnings: list[ParseWarning] = []
    links = page_links([Line(779, "http:NVZ-inkoprs.nl"), Line(780, "https://ons.zwolle.nl/")], warnings)
    assert [link.url for link in links] == ["http://NVZ-inkoprs.nl", "https://ons.zwolle.nl/"]
    assert [w.line for w in warnings] == [779]
    assert repair_url("https:/www.example.org") == "https://www.example.org"


def _document(layout: list[str], tagged: list[str]) -> Source:
    return split_renderings("\n\n".join([*layout, " I. INTRODUCTIE..", *tagged]) + "\n")


LAYOUT_WITH_PAGE_BREAK = [
    "Wegwijzer",
    "III.3. ALGEMENE TIPS & VOORBEELDEN",
    "Tips Leeswijzer (referenties en voorbeelden)",
    "Fa Organisatiebrede fundering wordt bij voorkeur centraal",
    "© Policy Research Corporation - 9",
    "bewaakt. Met centraal wordt bedoeld dat ondersteuning",
    "https://www.example.org/eerste-pagina",
    "Wegwijzer",
    "geboden wordt vanuit een centrale stafafdeling.",
    "Het project ONS (Zwolle) heeft door vroegtijdige participatie van de inkopers",
    "geleid tot groei van vertrouwen in aanbestedende dienst en inkopers.",
    "Aa",
    "IV. CHECKLIST",
    "https://ons.zwolle.nl/",
]


def test_footer_mid_paragraph_and_cell_over_a_page_break():
    cells = parse_cells(_document(LAYOUT_WITH_PAGE_BREAK, []), [])
    assert texts(cells["Fa"], "tip") == [
        "Organisatiebrede fundering wordt bij voorkeur centraal bewaakt. Met centraal wordt bedoeld dat "
        "ondersteuning geboden wordt vanuit een centrale stafafdeling."
    ]
    example = find(cells["Fa"], "Het project ONS")
    assert [link.url for link in example.links] == ["https://ons.zwolle.nl/"]
    assert cells["Aa"].items == []


def test_repeated_tagged_lines_change_nothing():
    tagged = ["Het project", "ONS", "(Zwolle) heeft door vroegtijdige participatie van de inkopers"]
    once = parse_cells(_document(LAYOUT_WITH_PAGE_BREAK, tagged), [])
    twice = parse_cells(_document(LAYOUT_WITH_PAGE_BREAK, [line for line in tagged for _ in (1, 2)]), [])
    assert once == twice
    assert find(twice["Fa"], "Het project ONS").links[0].title == "ONS"
