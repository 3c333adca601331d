"""The wegwijzer taxonomy: activities (III.1) and questions with answers (III.2).

Both come from the layout rendering: the tagged rendering flattens the III.1
table and the III.2 schema into single lines that are cut off at ~500
characters. See docs/importer.md.
"""

from __future__ import annotations

import re

from .document import Activity, Answer, ParseWarning, Question
from .prose import join_lines, normalise_space, section
from .source import Line, Source, is_furniture, is_url

ACTIVITY_RE = re.compile(r"^(Fundering|Analyse|Specificatie|Uitvoering) \(([FASU])\)\s*(.*)$")
# One schema row: question number and kind, the question up to its "?", the
# first answer label, the four cell keys of answer 1, the second answer label
# and the four cell keys of answer 2.
QUESTION_RE = re.compile(
    r"(?P<number>[1-5])\. (?P<kind>WAT\?|HOE\?|WIE\?) (?P<text>[^?]+\?) "
    r"(?P<answer1>.+?) (?P<keys1>F(?P=number)1 A(?P=number)1 S(?P=number)1 U(?P=number)1) "
    r"(?P<answer2>.+?) (?P<keys2>F(?P=number)2 A(?P=number)2 S(?P=number)2 U(?P=number)2)"
)
HEADING_RE = re.compile(r"^III\.([4-8])\. (WAT\?|HOE\?|WIE\?) (.+)$")
HEADING_ANSWER_RE = re.compile(r"^([12])\. (.+)$")
WORD_RE = re.compile(r"\w+")


def parse_activities(source: Source, warnings: list[ParseWarning]) -> list[Activity]:
    """The four activities of III.1 with their full description, in F, A, S, U order."""
    lines = section(source.layout, r"III\.1\. ", r"III\.2\. ")
    rows: list[tuple[Line, list[str]]] = []
    for line in lines:
        text = line.text.strip()
        if is_furniture(line) or is_url(line) or text.startswith(("III.1.", "Inkoopactiviteiten")):
            continue
        if ACTIVITY_RE.match(text):
            rows.append((line, [text]))
        elif rows:
            rows[-1][1].append(text)
        else:
            warnings.append(ParseWarning(line.no, f"III.1: text before the first activity: {text!r}"))
    activities = []
    for line, texts in rows:
        match = ACTIVITY_RE.match(join_lines(texts))
        if match is None:  # cannot happen: the row's first line matched
            warnings.append(ParseWarning(line.no, f"III.1: unreadable activity row {texts[0]!r}"))
            continue
        activities.append(Activity(code=match[2], name=match[1], description=match[3]))
    codes = [activity.code for activity in activities]
    if codes != ["F", "A", "S", "U"]:
        line_no = lines[0].no if lines else 0
        warnings.append(ParseWarning(line_no, f"III.1: expected activities F, A, S, U, found {codes}"))
    return activities


def parse_questions(source: Source, warnings: list[ParseWarning]) -> list[Question]:
    """The five questions of the III.2 schema with their two answers each.

    `help_text` holds the wording of the III.4-III.8 headings where it differs
    from the schema; see `help_text_for`.
    """
    lines = section(source.layout, r"III\.2\. ", r"III\.3\. ")
    schema = [line for line in lines if not is_furniture(line) and not is_url(line)]
    text = join_lines([line.text for line in schema])
    questions: list[Question] = []
    for match in QUESTION_RE.finditer(text):
        questions.append(
            Question(
                number=int(match["number"]),
                kind=match["kind"],
                text=match["text"],
                answers=[Answer(1, match["answer1"]), Answer(2, match["answer2"])],
            )
        )
    numbers = [question.number for question in questions]
    if numbers != [1, 2, 3, 4, 5]:
        line_no = lines[0].no if lines else 0
        warnings.append(ParseWarning(line_no, f"III.2: expected questions 1-5, found {numbers}"))
    headings = _section_headings(source.layout)
    for question in questions:
        heading = headings.get(question.number)
        if heading is None:
            warnings.append(
                ParseWarning(0, f"III.{question.number + 3}: heading of question {question.number} not found")
            )
            continue
        question.help_text = help_text_for(question, *heading, warnings=warnings)
    return questions


def help_text_for(
    question: Question,
    heading: Line,
    heading_text: str,
    answer_wordings: dict[int, str],
    *,
    warnings: list[ParseWarning],
) -> str:
    """Word the heading's question and answers where they say more than the schema.

    A wording counts as different when its words (case-insensitive, order
    ignored) differ from the schema's: "Complex, uniek, innovatief" adds nothing
    to "Complex / Uniek / Innovatief", and "Vooral focus op kostenefficiëntie"
    nothing to "Focus vooral op kostenefficiëntie". What differs goes in one line
    per answer: "<schema label>: <heading wording>", and the heading's question
    first if that differs too.
    """
    parts: list[str] = []
    if _words(heading_text) != _words(question.text):
        parts.append(_sentence_case(heading_text))
    for answer in question.answers:
        wording = answer_wordings.get(answer.number)
        if wording is None:
            warnings.append(
                ParseWarning(
                    heading.no, f"question {question.number}: no heading wording for answer {answer.number}"
                )
            )
        elif _words(wording) != _words(answer.label):
            parts.append(f"{answer.label}: {wording}")
    return "\n".join(parts)


def _section_headings(lines: list[Line]) -> dict[int, tuple[Line, str, dict[int, str]]]:
    """Question number -> (heading line, question text, {answer number: wording}) of III.4-III.8."""
    headings: dict[int, tuple[Line, str, dict[int, str]]] = {}
    for index, line in enumerate(lines):
        match = HEADING_RE.match(line.text.strip())
        if not match:
            continue
        number = int(match[1]) - 3
        texts = [match[3]]
        answers: dict[int, str] = {}
        # The heading can wrap (III.7); the two numbered answers follow it.
        for follow in lines[index + 1 : index + 8]:
            text = follow.text.strip()
            answer = HEADING_ANSWER_RE.match(text)
            if answer:
                answers[int(answer[1])] = answer[2]
                if len(answers) == 2:
                    break
            elif not answers and not is_furniture(follow):
                texts.append(text)
            else:
                break
        headings[number] = (line, normalise_space(" ".join(texts)), answers)
    return headings


def _words(text: str) -> set[str]:
    return set(WORD_RE.findall(text.lower()))


def _sentence_case(text: str) -> str:
    """Headings are in capitals; keep the first letter upper case only."""
    if text.isupper() or text.upper() == text:
        text = text.lower()
    return text[:1].upper() + text[1:]
