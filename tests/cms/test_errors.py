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


def test_a_lookup_that_finds_nothing_is_a_404_in_the_one_error_shape():
    from rest_framework.views import APIView

    from cms.api import NotFoundError, exception_handler, found_or_404

    assert found_or_404("gevonden", "Deze groepsmeting bestaat niet (meer).") == "gevonden"
    with pytest.raises(NotFoundError) as raised:
        found_or_404(None, "Deze groepsmeting bestaat niet (meer).")
    response = exception_handler(raised.value, {"view": APIView()})
    assert response is not None and response.status_code == 404
    assert response.data == error_body(None, "Deze groepsmeting bestaat niet (meer).")
