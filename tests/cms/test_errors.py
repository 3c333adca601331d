"""The one input error and the one JSON error shape."""

from __future__ import annotations

import pytest

from checklist.national import KindError
from checklist.scoring import ScoreError
from cms.errors import InputError, error_body
from feedback.submission import SubmissionError
from wegwijzer.advice import AnswerError


@pytest.mark.parametrize("error_class", [AnswerError, ScoreError, KindError, SubmissionError])
def test_every_apps_validation_error_is_the_one_input_error(error_class):
    error = error_class("q3", "Kies antwoord 1 of 2 bij vraag 3.")
    assert isinstance(error, InputError) and isinstance(error, ValueError)
    assert (error.field, error.message, str(error)) == ("q3", error.message, error.message)
    assert error.as_json() == {"error": {"field": "q3", "message": "Kies antwoord 1 of 2 bij vraag 3."}}


def test_error_body_adds_extra_keys_inside_the_error():
    assert error_body(None, "Er ging iets mis.", request_id="abc") == {
        "error": {"field": None, "message": "Er ging iets mis.", "request_id": "abc"}
    }
