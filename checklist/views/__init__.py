"""The checklist's pages; ChecklistPage's routes serve these by name (checklist/routing.py)."""

from .common import error as _error
from .common import render as _render
from .common import url as _url
from .results import form, results, save, series_form, series_results
from .rounds import close as close_round
from .rounds import coordinator, own_answers, participate, start_in_series
from .rounds import delete as delete_round
from .rounds import rename as rename_round
from .rounds import start as start_round
from .series import (
    delete_measurement,
    delete_series,
    deleted,
    edit_measurement,
    measurement,
    reminder,
    rename_series,
    series,
    series_read,
)

__all__ = [
    "_error",
    "_render",
    "_url",
    "close_round",
    "coordinator",
    "delete_measurement",
    "delete_round",
    "delete_series",
    "deleted",
    "edit_measurement",
    "form",
    "measurement",
    "own_answers",
    "participate",
    "reminder",
    "rename_round",
    "rename_series",
    "results",
    "save",
    "series",
    "series_form",
    "series_read",
    "series_results",
    "start_in_series",
    "start_round",
]
