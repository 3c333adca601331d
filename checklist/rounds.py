"""Team rounds ("groepsmetingen"): starting, answering, closing and deleting them.

Counting each colleague once: the participant form carries a random submission
id, and `RoundResponse.submission_key` (a hash of round and submission id) is
unique in the database, so a double click or a resent form returns the response
already stored instead of a second one. A browser that answered also keeps its
own response link in a cookie scoped to the participant link, so going back and
submitting a fresh form changes that answer rather than adding one.

Answers are refused once a round is closed (RoundClosed) or holds MAX_RESPONSES
(RoundFull); what was stored stays. Closing turns the aggregate into a
Measurement of the round's series, in one transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import TypeVar

from django.db import IntegrityError, connection, transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from cms.cache import cached

from .measurements import valid_token
from .models import Measurement, MeasurementSeries, Round, RoundResponse
from .scoring import Band, RoundResult, ThemeInfo, round_result, score_bands, statement_snapshot, theme_infos
from .scoring.rounds import measurement_scores

T = TypeVar("T", bound=Model)

MAX_RESPONSES = 500
NAME_MAX = 200
OPENED_RESOLUTION_SECONDS = 24 * 3600  # last_opened_at is written at most once a day per round


class RoundError(Exception):
    """A refused change to a round; `message` is Dutch, for visitors; `status` the HTTP status."""

    status = 400

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class RoundClosed(RoundError):
    status = 409

    def __init__(self) -> None:
        super().__init__(
            "Deze groepsmeting is gesloten: er kunnen geen antwoorden meer worden gegeven of gewijzigd."
        )


class RoundFull(RoundError):
    status = 409

    def __init__(self) -> None:
        super().__init__(
            f"Deze groepsmeting heeft het maximum van {MAX_RESPONSES} antwoorden bereikt. "
            "De gegeven antwoorden blijven bewaard."
        )


def clean_name(raw: object, what: str = "groepsmeting") -> str:
    """A round's or series' name: required, one line, at most NAME_MAX characters."""
    if not isinstance(raw, str) or not raw.strip():
        raise RoundError(f"Geef de {what} een naam, bijvoorbeeld 'Inkoop gemeente X, voorjaar 2027'.", "name")
    name = " ".join(raw.split())
    if len(name) > NAME_MAX:
        raise RoundError(f"De naam mag hoogstens {NAME_MAX} tekens lang zijn.", "name")
    return name


def start_round(name: str, themes: Sequence[ThemeInfo], series: MeasurementSeries | None = None) -> Round:
    """A new open round; without a series, a new series named after the round holds its result."""
    with transaction.atomic():
        if series is None:
            series = MeasurementSeries.objects.create(name=name)
        return Round.objects.create(series=series, name=name, statements=statement_snapshot(themes))


def _one(rows: QuerySet[T]) -> T | None:
    """The row a unique token finds, if any (no ORDER BY: there is at most one)."""
    found = list(rows.order_by()[:1])
    return found[0] if found else None


def find_by_coordinator(token: str) -> Round | None:
    if not valid_token(token):
        return None
    # Not the statement snapshot: only closing needs it, and it reads the round again.
    rows = Round.objects.select_related("series").defer("statements")
    return _one(rows.filter(coordinator_token=token))


def find_by_participant(token: str) -> Round | None:
    if not valid_token(token):
        return None
    return _one(Round.objects.defer("statements").filter(participant_token=token))


def find_response(token: str) -> RoundResponse | None:
    if not valid_token(token):
        return None
    return _one(RoundResponse.objects.select_related("round").defer("round__statements").filter(token=token))


def touch(round_: Round) -> None:
    """Remember that the round was opened (for retention), at most once a day: usually no query."""
    now = timezone.now()
    if (now - round_.last_opened_at).total_seconds() > OPENED_RESOLUTION_SECONDS:
        Round.objects.filter(pk=round_.pk).update(last_opened_at=now)
        round_.last_opened_at = now


def touch_opened(round_id: int) -> None:
    """As touch(), for a round already known to be due (checklist/round_pages.py asks in its query)."""
    Round.objects.filter(pk=round_id).update(last_opened_at=timezone.now())


def submission_key(round_: Round, submission: str) -> str:
    return hashlib.sha256(f"round:{round_.pk}:{submission}".encode()).hexdigest()


def _locked_open_round(round_: Round) -> Round:
    locked = Round.objects.select_for_update().get(pk=round_.pk)
    if not locked.is_open:
        raise RoundClosed
    return locked


def answer(round_: Round, scores: Mapping[str, int], submission: str = "") -> tuple[RoundResponse, bool]:
    """Store one colleague's answers; (response, created). A repeated submission returns the first."""
    key = submission_key(round_, submission) if submission else None
    try:
        with transaction.atomic():
            locked = _locked_open_round(round_)
            if key:
                existing = RoundResponse.objects.filter(submission_key=key).first()
                if existing is not None:
                    existing.scores = dict(scores)
                    existing.save(update_fields=["scores", "updated_at"])
                    return existing, False
            if RoundResponse.objects.filter(round=locked).count() >= MAX_RESPONSES:
                raise RoundFull
            return RoundResponse.objects.create(round=locked, scores=dict(scores), submission_key=key), True
    except IntegrityError:
        # A concurrent identical submission won the race; its response is the one.
        return RoundResponse.objects.get(submission_key=key), False


def change_answer(response: RoundResponse, scores: Mapping[str, int]) -> RoundResponse:
    """Replace a colleague's answers, while the round is open."""
    with transaction.atomic():
        _locked_open_round(response.round)
        response.scores = dict(scores)
        response.save(update_fields=["scores", "updated_at"])
    return response


def result(round_: Round, themes: Sequence[ThemeInfo], bands: Sequence[Band] = ()) -> RoundResult:
    """The round's aggregate: one query, whatever the number of answers."""
    rows = RoundResponse.objects.filter(round_id=round_.pk).values_list("scores", flat=True)
    return round_result(rows.iterator(chunk_size=500), themes, bands)


def answers_state(round_: Round) -> str:
    """What a round's result depends on besides the content: how many answers, and the last change.

    One raw aggregate query, as it runs on every look at a round (the ORM took longer to build it).
    """
    table = connection.ops.quote_name(RoundResponse._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), MAX(updated_at) FROM {table} WHERE round_id = %s",  # noqa: S608 - the model's table
            [round_.pk],
        )
        count, last = cursor.fetchone()
    return state_of(round_.pk, count, last)


def state_of(round_id: int, count: int, last: object) -> str:
    """The answers' state as a key part: the round, the number of answers, the last change."""
    last = str(last or "-").replace(" ", "T")  # a cache key has no spaces
    return f"{round_id}:{count}:{last}"


def current_result(round_: Round, version: int, state: str | None = None) -> tuple[RoundResult, str]:
    """The round's aggregate with the content of `version`, and the key it is cached under.

    Cached per state of the answers and content version: a coordinator who follows a
    round costs one small query, and the answers are read again only once one comes in
    or changes. The key holds the round's id, never a token, and the value only the
    aggregate. The key also names the rendered result on the coordinator's page. Pass
    `state` when it was already read (checklist/round_pages.py reads it with the round).
    """
    key = f"checklist:round:{state or answers_state(round_)}"
    themes, bands = theme_infos(version), score_bands(version)
    return cached(key, lambda: result(round_, themes, bands), version), f"{key}:v{version}"


def participant_count(round_: Round) -> int:
    return RoundResponse.objects.filter(round_id=round_.pk).count()


def rename(round_: Round, name: str) -> Round:
    round_.name = name
    round_.save(update_fields=["name"])
    return round_


def close(round_: Round, themes: Sequence[ThemeInfo], bands: Sequence[Band] = ()) -> Measurement:
    """Close the round and add its aggregate to the series as a measurement."""
    with transaction.atomic():
        locked = _locked_open_round(round_)
        aggregate = result(locked, themes, bands)
        if aggregate.participants == 0:
            raise RoundError("Er zijn nog geen antwoorden. Sluit de groepsmeting pas als er antwoorden zijn.")
        statements, theme_scores = measurement_scores(aggregate)
        measurement = Measurement.objects.create(
            series_id=locked.series_id,
            label=locked.name,
            measured_on=timezone.localdate(),
            scores=statements,
            theme_scores=theme_scores,
            participants=aggregate.participants,
            statements=locked.statements or statement_snapshot(themes),
        )
        locked.status = Round.CLOSED
        locked.closed_at = timezone.now()
        locked.measurement = measurement
        locked.save(update_fields=["status", "closed_at", "measurement"])
    round_.status, round_.closed_at, round_.measurement = locked.status, locked.closed_at, measurement
    return measurement


@transaction.atomic
def delete(round_: Round) -> None:
    """Delete the round and its answers; a measurement it already became stays in the series.

    A series that then holds nothing (it was made for this round) goes too.
    """
    series_id = round_.series_id
    round_.delete()
    series = MeasurementSeries.objects.filter(pk=series_id)
    series.filter(measurements__isnull=True, rounds__isnull=True).delete()
