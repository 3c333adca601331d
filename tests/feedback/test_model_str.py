"""How a feedback record names itself in the admin (its str and answer label)."""

from __future__ import annotations

import pytest

from feedback.models import Feedback


@pytest.mark.parametrize(
    ("helpful", "label", "text"),
    [(True, "Ja", "Tip 5: ja"), (False, "Nee", "Tip 5: nee"), (None, "", "Tip 5: -")],
)
def test_an_item_feedback_names_its_kind_item_and_answer(helpful, label, text):
    feedback = Feedback(kind="tip", object_id=5, helpful=helpful)
    assert feedback.answer_label == label
    assert str(feedback) == text


def test_general_feedback_names_its_tool_or_page():
    assert str(Feedback(kind="general", tool="checklist")) == "Algemeen (Checklist)"
    assert str(Feedback(kind="general", page="/wegwijzer/")) == "Algemeen (/wegwijzer/)"
