"""Pure validation of feedback from forms and the API."""

from __future__ import annotations

import pytest

from feedback.submission import (
    COMMENT_MAX,
    SubmissionError,
    normalize_context,
    parse_submission,
)


def item(**overrides):
    return {"kind": "tip", "id": "12", "helpful": "ja", **overrides}


class TestItemFeedback:
    def test_a_form_post_becomes_a_submission(self):
        result = parse_submission(item(cell="S32", context="q3=2&q1=1", page="/wegwijzer/advies/?q1=1"))
        assert result.kind == "tip"
        assert result.item_id == 12
        assert result.helpful is True
        assert result.cell == "S32"
        assert result.activity == "S"
        assert result.tool == "wegwijzer"
        assert result.context == "q1=1&q3=2"
        assert result.page == "/wegwijzer/advies/"

    def test_json_values_are_accepted(self):
        result = parse_submission({"kind": "reference", "id": 5, "helpful": False, "cell": "2.1"})
        assert (result.item_id, result.helpful, result.tool, result.activity) == (5, False, "checklist", "")

    @pytest.mark.parametrize(
        ("value", "expected"), [("ja", True), ("Nee", False), ("true", True), ("0", False)]
    )
    def test_yes_and_no_in_words_or_booleans(self, value, expected):
        assert parse_submission(item(helpful=value)).helpful is expected

    def test_a_comment_is_kept_trimmed_with_plain_newlines(self):
        assert parse_submission(item(helpful="nee", comment="  Miste iets.\r\nEn dit.  ")).comment == (
            "Miste iets.\nEn dit."
        )

    @pytest.mark.parametrize(
        ("overrides", "field", "fragment"),
        [
            ({"kind": "page"}, "kind", "soort feedback"),
            ({"kind": ["tip"]}, "kind", "moet tekst zijn"),
            ({"id": ""}, "id", "Geef het nummer"),
            ({"id": "abc"}, "id", "positief geheel getal"),
            ({"id": "-3"}, "id", "positief geheel getal"),
            ({"id": True}, "id", "Geef het nummer"),
            ({"id": "٣"}, "id", "positief geheel getal"),
            ({"id": "9" * 30}, "id", "positief geheel getal"),
            ({"helpful": ""}, "helpful", "ja of nee"),
            ({"helpful": "misschien"}, "helpful", "ja of nee"),
            ({"helpful": 3}, "helpful", "ja of nee"),
            ({"comment": "x" * (COMMENT_MAX + 1)}, "comment", "te lang"),
            ({"comment": "nul\x00byte"}, "comment", "niet zijn toegestaan"),
            ({"comment": {"a": 1}}, "comment", "moet tekst zijn"),
            ({"cell": "Z99"}, "cell", "Onbekende cel"),
            ({"context": "q1=3"}, "context", "Onbekend antwoord"),
            ({"context": "q1=1&1.1=2"}, "context", "óf antwoorden"),
            ({"context": "q1=1&q1=2"}, "context", "meer dan één keer"),
            ({"context": "x" * 600}, "context", "te lang"),
            ({"context": 5}, "context", "als tekst"),
            ({"page": "https://evil.example/"}, "page", "pad op deze site"),
            ({"page": "//evil.example/"}, "page", "pad op deze site"),
            ({"tool": "agenda"}, "tool", "wegwijzer' of 'checklist"),
            ({"tool": "checklist", "cell": "S32"}, "tool", "past niet"),
        ],
    )
    def test_bad_values_raise_a_dutch_error_naming_the_field(self, overrides, field, fragment):
        with pytest.raises(SubmissionError) as caught:
            parse_submission(item(**overrides))
        assert caught.value.field == field
        assert fragment in caught.value.message

    def test_something_that_is_not_an_object_is_refused(self):
        with pytest.raises(SubmissionError) as caught:
            parse_submission(["tip", 12])  # type: ignore[arg-type]
        assert caught.value.field is None


class TestGeneralFeedback:
    def test_general_feedback_needs_a_comment_and_no_item(self):
        result = parse_submission({"kind": "general", "comment": "Helder.", "tool": "checklist"})
        assert (result.item_id, result.helpful, result.comment, result.tool) == (
            None,
            None,
            "Helder.",
            "checklist",
        )

    def test_general_feedback_without_a_comment_is_refused(self):
        with pytest.raises(SubmissionError) as caught:
            parse_submission({"kind": "general", "comment": "   "})
        assert caught.value.field == "comment"

    def test_general_feedback_with_an_item_id_is_refused(self):
        with pytest.raises(SubmissionError) as caught:
            parse_submission({"kind": "general", "comment": "x", "id": 3})
        assert caught.value.field == "id"

    def test_the_tool_follows_from_the_context(self):
        assert parse_submission({"kind": "general", "comment": "x", "context": "1.2=3"}).tool == "checklist"


class TestContext:
    def test_answers_are_sorted_and_empty_ones_dropped(self):
        assert normalize_context("?q5=1&q2=2&q3=") == "q2=2&q5=1"

    def test_scores_are_sorted_numerically(self):
        assert normalize_context("10.1=2&2.3=4&2.10=1") == "2.3=4&2.10=1&10.1=2"

    def test_an_object_is_accepted(self):
        assert normalize_context({"q3": 1, "q1": 2}) == "q1=2&q3=1"

    def test_nothing_gives_an_empty_context(self):
        assert normalize_context(None) == ""
        assert normalize_context("") == ""

    def test_same_submission_same_dedupe_material_whatever_the_vote(self):
        yes = parse_submission(item(cell="S32", context="q1=1"))
        no = parse_submission(item(cell="S32", context="q1=1", helpful="nee"))
        assert yes.dedupe_material() == no.dedupe_material()
