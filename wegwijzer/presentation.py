"""How the advice page presents an `Advice`: overview first, each item once.

The API gives every block whole (`Advice.as_json()`); a visitor reads one page,
so here an item that two blocks share (the same reference under two answers) is
shown once, in its first place, naming the other places ("ook van toepassing
bij"). Each block gets an anchor and its reason in words, and each answer the
summary of what it adds, with links to those blocks. Pure: no database, no
templates. See docs/advice.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from cms import item_kinds
from cms.cells import ItemData

from .advice import Advice, AdviceBlock, QuestionInfo, Reason, SummaryRow, answer_summary, answers_query

GENERAL_REASON = "Voor elke inkoopsituatie"
NOTHING_ADDED = "Geen aanvullende tips bij dit antwoord."


def reason_text(reason: Reason | None) -> str:
    """'Voor elke inkoopsituatie' for a general cell, else 'Omdat u antwoordde: <label>'."""
    return GENERAL_REASON if reason is None else f"Omdat u antwoordde: {reason.label}"


def count_words(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def join_words(words: Sequence[str]) -> str:
    """'A', 'A en B', 'A, B en C'."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " en " + words[-1]


@dataclass(frozen=True)
class Place:
    """Where a block stands on the page: its activity, its reason and its anchor."""

    activity: str
    reason: str
    anchor: str


@dataclass
class ShownItem:
    """An item in its (first) place on the page, with the other places it belongs to."""

    item: ItemData
    dom_id: str
    place: Place
    also: list[Place] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return item_kinds.by_key(self.item.kind).label


@dataclass
class ShownBlock:
    """A block as the page shows it: what is left after items shown earlier are taken out."""

    block: AdviceBlock
    place: Place
    tips: list[ShownItem] = field(default_factory=list)
    examples: list[ShownItem] = field(default_factory=list)
    references: list[ShownItem] = field(default_factory=list)
    # Items of this block that stand earlier on the page, in their first place.
    shown_earlier: list[ShownItem] = field(default_factory=list)

    @property
    def reason(self) -> Reason | None:
        return self.block.reason

    @property
    def anchor(self) -> str:
        return self.place.anchor

    @property
    def reading_label(self) -> str:
        """What the folded leeswijzer holds: 'Leeswijzer: 4 voorbeelden en 3 referenties'."""
        parts = []
        if self.examples:
            parts.append(count_words(len(self.examples), "voorbeeld", "voorbeelden"))
        if self.references:
            parts.append(count_words(len(self.references), "referentie", "referenties"))
        return "Leeswijzer: " + join_words(parts)

    @property
    def has_reading(self) -> bool:
        return bool(self.examples or self.references)


@dataclass
class ShownActivity:
    code: str
    name: str
    description: str
    anchor: str
    blocks: list[ShownBlock] = field(default_factory=list)


@dataclass(frozen=True)
class AnswerEffect:
    """One row of "Uw antwoorden": the question, the answer, what it adds and where."""

    row: SummaryRow
    change_url: str
    tips: int = 0
    reading: int = 0
    places: tuple[Place, ...] = ()

    @property
    def counts(self) -> str:
        """'3 tips en 5 voorbeelden of referenties' ('' when the answer adds nothing)."""
        parts = []
        if self.tips:
            parts.append(count_words(self.tips, "tip", "tips"))
        if self.reading:
            parts.append(count_words(self.reading, "voorbeeld of referentie", "voorbeelden of referenties"))
        return join_words(parts)

    @property
    def adds(self) -> str:
        """'3 tips en 5 voorbeelden of referenties, bij Analyse en Specificatie'."""
        if not self.counts:
            return NOTHING_ADDED
        return self.counts + ", bij " + join_words([p.activity for p in self.places])


@dataclass
class AdvicePage:
    activities: list[ShownActivity]
    answers: list[AnswerEffect]

    @property
    def shown_items(self) -> list[ShownItem]:
        return [
            item
            for activity in self.activities
            for block in activity.blocks
            for item in (*block.tips, *block.examples, *block.references)
        ]


def same_item_key(item: ItemData) -> tuple[str, str, str]:
    """Items that read the same are the same item to a visitor, whether the source stored one
    item in two cells or two items with one text: kind, text (spacing and case aside), author."""
    return (item.kind, " ".join(item.text.split()).casefold(), item.author)


def block_anchor(cell: str) -> str:
    return f"advies-{cell}"


def present(advice: Advice, questions: Sequence[QuestionInfo], form_url: str = "/wegwijzer/") -> AdvicePage:
    """The advice as the page shows it: each item once, blocks with reasons, answers with effects."""
    first: dict[tuple[str, str, str], ShownItem] = {}
    activities = []
    for activity in advice.activities:
        shown_activity = ShownActivity(
            activity.code, activity.name, activity.description, f"activiteit-{activity.code}"
        )
        for block in activity.blocks:
            place = Place(activity.name, reason_text(block.reason), block_anchor(block.cell))
            shown = ShownBlock(block, place)
            for kind_items, target in (
                (block.tips, shown.tips),
                (block.examples, shown.examples),
                (block.references, shown.references),
            ):
                for item in kind_items:
                    key = same_item_key(item)
                    if key in first:
                        first[key].also.append(place)
                        shown.shown_earlier.append(first[key])
                        continue
                    first[key] = ShownItem(item, f"{block.cell}-{item.kind}-{item.id}", place)
                    target.append(first[key])
            shown_activity.blocks.append(shown)
        activities.append(shown_activity)
    return AdvicePage(activities, answer_effects(advice, questions, activities, form_url))


def answer_effects(
    advice: Advice,
    questions: Sequence[QuestionInfo],
    activities: Sequence[ShownActivity],
    form_url: str,
) -> list[AnswerEffect]:
    """Per question: the answer, its "Wijzig" link, and what its blocks add (counted whole)."""
    by_question: dict[int, list[tuple[ShownActivity, ShownBlock]]] = {}
    for activity in activities:
        for block in activity.blocks:
            if block.reason is not None:
                by_question.setdefault(block.reason.question, []).append((activity, block))
    query = answers_query(advice.answers)
    effects = []
    for row in answer_summary(advice.answers, questions):
        blocks = by_question.get(row.question.number, [])
        effects.append(
            AnswerEffect(
                row=row,
                change_url=change_url(form_url, query, row.question.number),
                tips=sum(len(b.block.tips) for _, b in blocks),
                reading=sum(len(b.block.examples) + len(b.block.references) for _, b in blocks),
                places=tuple(b.place for _, b in blocks),
            )
        )
    return effects


def change_url(form_url: str, query: str, question: int) -> str:
    """The form with every answer pre-filled, opened at this question ("Wijzig")."""
    return f"{form_url}{'?' + query if query else ''}#vraag-{question}"
