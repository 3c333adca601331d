"""Validation of feedback from the site's forms and the API (pure; no database).

Both channels send the same fields: `kind` (tip, example, reference or general),
`id` of the item, `helpful` (yes/no), an optional `comment`, and where it was
shown: `cell`, `context` (the answers or scores behind the page) and `page`.
Every error names the field and says in Dutch what to fix.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cms import cell_keys
from cms.errors import InputError
from pianoo.redaction import redact_path

from .constants import (
    COMMENT_MAX,
    CONTEXT_MAX,
    CONTEXT_PAIRS_MAX,
    GENERAL,
    ITEM_KINDS,
    KINDS,
    PAGE_MAX,
    TOOLS,
)

ANSWER_PAIR = re.compile(r"^q([1-9])=([12])$")
SCORE_PAIR = re.compile(r"^([1-9][0-9]?)\.([1-9][0-9]?)=([1-4])$")
# Control characters other than tab and newline: never valid in a comment (and PostgreSQL rejects NUL).
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
TRUE_VALUES = {"ja", "true", "1", "yes"}
FALSE_VALUES = {"nee", "false", "0", "no"}


class SubmissionError(InputError):
    """Invalid feedback."""


@dataclass(frozen=True)
class Submission:
    """A validated piece of feedback, before it is matched to an item and stored."""

    kind: str
    item_id: int | None
    helpful: bool | None
    comment: str
    tool: str
    cell: str
    context: str
    page: str

    @property
    def activity(self) -> str:
        """The activity code of a wegwijzer cell ("S32" -> "S"), else ""."""
        key = cell_keys.parse(self.cell)
        return key.activity if key is not None else ""

    def dedupe_material(self) -> str:
        """What makes two submissions "the same" for one client: the vote itself may change."""
        if self.kind == "general":
            return f"general|{self.tool}|{self.page}|{self.context}|{self.comment}"
        return f"{self.kind}|{self.item_id}|{self.cell}|{self.context}|{self.page}"


def parse_submission(data: Mapping[str, Any]) -> Submission:
    """Validate a form's POST data or an API's JSON object into a `Submission`."""
    if not isinstance(data, Mapping):
        raise SubmissionError(
            None, 'Stuur de feedback als een object met velden, bijvoorbeeld {"kind": "tip"}.'
        )
    kind = _text(data, "kind", 20).lower()
    if kind not in KINDS:
        raise SubmissionError("kind", f"Kies het soort feedback: {', '.join(ITEM_KINDS)} of {GENERAL}.")
    cell = parse_cell(_text(data, "cell", 20))
    context = normalize_context(data.get("context"))
    page = parse_page(_text(data, "page", PAGE_MAX + 1))
    tool = parse_tool(_text(data, "tool", 20), cell, context)
    comment = parse_comment(data.get("comment"))
    if kind == "general":
        if _present(data.get("id")):
            raise SubmissionError("id", "Algemene feedback hoort niet bij een item; laat 'id' weg.")
        if not comment:
            raise SubmissionError("comment", "Schrijf uw feedback in het tekstveld.")
        return Submission(kind, None, None, comment, tool, "", context, page)
    item_id = parse_item_id(data.get("id"))
    helpful = parse_helpful(data.get("helpful"))
    if helpful is None:
        raise SubmissionError("helpful", "Geef aan of dit nuttig was: ja of nee.")
    return Submission(kind, item_id, helpful, comment, tool, cell, context, page)


def parse_item_id(value: Any) -> int:
    if isinstance(value, bool) or not _present(value):
        raise SubmissionError("id", "Geef het nummer (id) van de tip, het voorbeeld of de referentie.")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit() and len(value) < 19:
        number = int(value.strip())
    else:
        raise SubmissionError("id", "Het id van het item moet een positief geheel getal zijn.")
    if not 0 < number < 2**63:
        raise SubmissionError("id", "Het id van het item moet een positief geheel getal zijn.")
    return number


def parse_helpful(value: Any) -> bool | None:
    """Yes/no from JSON (true/false) or a form ("ja"/"nee"); None when absent."""
    if isinstance(value, bool):
        return value
    if not _present(value):
        return None
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in TRUE_VALUES:
            return True
        if lowered in FALSE_VALUES:
            return False
    raise SubmissionError("helpful", "Het antwoord op 'Was dit nuttig?' moet ja of nee zijn (true of false).")


def parse_comment(value: Any) -> str:
    if not _present(value):
        return ""
    if not isinstance(value, str):
        raise SubmissionError("comment", "De opmerking moet tekst zijn.")
    text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if CONTROL_CHARS.search(text):
        raise SubmissionError("comment", "De opmerking bevat tekens die niet zijn toegestaan.")
    if len(text) > COMMENT_MAX:
        raise SubmissionError(
            "comment", f"De opmerking is te lang: maximaal {COMMENT_MAX} tekens (nu {len(text)})."
        )
    return text


def parse_cell(value: str) -> str:
    if value and cell_keys.parse(value) is None:
        raise SubmissionError(
            "cell", "Onbekende cel. Gebruik bijvoorbeeld 'S32' of 'Fa', of '2.1' voor de checklist."
        )
    return value


def parse_page(value: str) -> str:
    """The path of the page the feedback was given on, without query or fragment."""
    if not value:
        return ""
    path = value.split("?", 1)[0].split("#", 1)[0]
    if (
        len(path) > PAGE_MAX
        or not path.startswith("/")
        or path.startswith("//")
        or CONTROL_CHARS.search(path)
    ):
        raise SubmissionError("page", "De pagina moet een pad op deze site zijn, zoals '/wegwijzer/advies/'.")
    # A private link's token (a measurement sent as `next`) is never stored.
    return redact_path(path)


def parse_tool(value: str, cell: str, context: str) -> str:
    """ "wegwijzer" or "checklist": as given, else derived from the cell or the context."""
    derived = ""
    if (key := cell_keys.parse(cell)) is not None and key.is_wegwijzer or context.startswith("q"):
        derived = "wegwijzer"
    elif cell or context:
        derived = "checklist"
    if not value:
        return derived
    tool = value.lower()
    if tool not in TOOLS:
        raise SubmissionError("tool", "Het onderdeel moet 'wegwijzer' of 'checklist' zijn.")
    if derived and tool != derived:
        raise SubmissionError("tool", "Het onderdeel past niet bij de cel of de antwoorden.")
    return tool


def normalize_context(value: Any) -> str:
    """The answers or scores behind a page as a canonical string: "q1=2&q3=1" or "1.1=3&2.1=4".

    Accepts that string in any order, or an object ({"q1": 2} / {"1.1": 3}).
    Empty answers are dropped; answers and scores are not mixed.
    """
    if not _present(value):
        return ""
    if isinstance(value, Mapping):
        pairs = [f"{key}={'' if v is None else v}" for key, v in value.items()]
    elif isinstance(value, str):
        if len(value) > CONTEXT_MAX:
            raise SubmissionError(
                "context", f"De antwoorden of scores zijn te lang (maximaal {CONTEXT_MAX} tekens)."
            )
        pairs = [part.strip() for part in value.strip().lstrip("?").split("&")]
    else:
        raise SubmissionError("context", "Geef de antwoorden of scores als tekst, zoals 'q1=2&q3=1'.")
    if len(pairs) > CONTEXT_PAIRS_MAX:
        raise SubmissionError("context", "Er zijn te veel antwoorden of scores meegestuurd.")
    answers: dict[int, str] = {}
    scores: dict[tuple[int, int], str] = {}
    for pair in pairs:
        if not pair or pair.endswith("="):
            continue
        if match := ANSWER_PAIR.match(pair):
            key: Any = int(match.group(1))
            target: dict[Any, str] = answers
        elif match := SCORE_PAIR.match(pair):
            key = (int(match.group(1)), int(match.group(2)))
            target = scores
        else:
            raise SubmissionError(
                "context",
                f"Onbekend antwoord of score '{pair[:20]}'. Gebruik bijvoorbeeld 'q1=2&q3=1' of '1.1=3'.",
            )
        if key in target:
            raise SubmissionError("context", f"'{pair.split('=')[0][:10]}' komt meer dan één keer voor.")
        target[key] = pair
    if answers and scores:
        raise SubmissionError("context", "Geef óf antwoorden van de wegwijzer, óf scores van de checklist.")
    ordered = [answers[k] for k in sorted(answers)] or [scores[k] for k in sorted(scores)]
    result = "&".join(ordered)
    if len(result) > CONTEXT_MAX:
        raise SubmissionError(
            "context", f"De antwoorden of scores zijn te lang (maximaal {CONTEXT_MAX} tekens)."
        )
    return result


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and value.strip() == "")


def _text(data: Mapping[str, Any], name: str, max_length: int) -> str:
    value = data.get(name)
    if not _present(value):
        return ""
    if not isinstance(value, str):
        raise SubmissionError(name, f"Het veld '{name}' moet tekst zijn.")
    value = value.strip()
    if len(value) > max_length:
        raise SubmissionError(name, f"Het veld '{name}' is te lang.")
    return value
