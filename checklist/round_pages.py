"""A team round's coordinator page, rendered once per state and then served from the cache.

The coordinator follows a round by reloading its page; between two answers nothing on
it changes. The page shows the round itself (name, status, the measurement it became),
its answers' aggregate, the gaps to the series' ambitions and the national picture, and
the content. The rendered page is kept under a key of exactly those states, all read
from the database in one query on every request (`lookup`), so a rename, closing, a new
or changed answer, a publish shows at once in every process:

- the round's id, status, measurement and a digest of its name;
- the answers' state (their number and last change, as checklist/rounds.py caches the
  aggregate by);
- the series' `version` (ambitions, the kind it counts as; checklist/page_cache.py),
  the content version and the national version;
- the scheme and host (the page names its absolute links) and the notice asked for
  with `?gedaan=`. Any other query string renders afresh.

No private token is stored, neither in a key nor in a page: as for a measurement's page,
the round's coordinator and participant tokens, its series' manage token and its
measurement's token are replaced by markers before a page is kept, and a hit puts back
the tokens of the round it was reached by. The page's POST forms (rename, close) carry a
CSRF token: the page is rendered with pianoo/response_cache.py's marker in its place, and
every response gets its own visitor's token (`for_visitor`), the first one included.

The name, status and measurement in the key are those read before rendering; a page is
stored only when the round it was rendered from still shows the same, so a rename
between the two (and back again) cannot leave a page under the wrong key. The other
states only grow, so a page is never older than its key.

The participant form (`/checklist/doe-mee/<token>/`, every colleague opens it once) is
kept the same way, under the round's id, status and name digest, the content version
and the host, with only the participant token as a marker: the coordinator's links are
never on it. Its form carries a submission id that counts a colleague once
(checklist/rounds.py); like the CSRF token it is a marker in the stored page and a fresh
id in every response (`for_visitor`). A browser that already answered (its cookie) is
sent to its own answers, as always, and never gets a stored page.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.http import HttpRequest
from django.utils import timezone

from cms.models import ContentVersion
from pianoo.csrf_tokens import visitor_token
from pianoo.response_cache import CSRF_MARKER

from .models import Measurement, MeasurementSeries, NationalVersion, Round, RoundResponse
from .rounds import OPENED_RESOLUTION_SECONDS, state_of

KEY_PREFIX = "checklist-round-page"
FORM_KEY_PREFIX = "checklist-round-form"
SUBMISSION_MARKER = "__submission_id__"
FORM_MARKERS = ("__participant_token__",)
# The private tokens' places in a stored page, in the order of Found.tokens.
MARKERS = (
    "__coordinator_token__",
    "__participant_token__",
    "__manage_token__",
    "__round_measurement_token__",
)


@dataclass(frozen=True)
class Found:
    """What a hit needs of a round, its series and its answers, read in one query."""

    round_id: int
    shown: tuple[str, str, int]  # the round's name, status and measurement id (0 for none)
    answers: str  # the answers' state (rounds.state_of)
    series_version: int
    content: int
    national: int
    due: bool  # last opened more than a day ago (rounds.touch)
    tokens: tuple[str, str, str, str]  # coordinator, participant, the series' manage, the measurement's

    @property
    def measurement_token(self) -> str:
        """The token of the measurement the round became ("" while open)."""
        return self.tokens[3]


def _table(model: type) -> str:
    return connection.ops.quote_name(model._meta.db_table)  # type: ignore[attr-defined]


def lookup(token: str) -> Found | None:
    """The round with this (already validated) coordinator token and every state its page shows.

    One raw query: the versions and the answers' count and last change as subqueries, so
    they are read in the same statement as the round (the ORM took longer to build it).
    """
    opened_before = timezone.now() - timedelta(seconds=OPENED_RESOLUTION_SECONDS)
    responses = _table(RoundResponse)
    sql = (
        "SELECT r.id, r.name, r.status, r.measurement_id, r.coordinator_token, r.participant_token, "  # noqa: S608 - table names from the models
        "s.manage_token, s.version, m.token, "
        f"(SELECT COUNT(*) FROM {responses} WHERE round_id = r.id), "
        f"(SELECT MAX(updated_at) FROM {responses} WHERE round_id = r.id), "
        f"(SELECT version FROM {_table(ContentVersion)} WHERE id = 1), "
        f"(SELECT version FROM {_table(NationalVersion)} WHERE id = 1), "
        "CASE WHEN r.last_opened_at < %s THEN 1 ELSE 0 END "
        f"FROM {_table(Round)} r JOIN {_table(MeasurementSeries)} s ON s.id = r.series_id "
        f"LEFT JOIN {_table(Measurement)} m ON m.id = r.measurement_id "
        "WHERE r.coordinator_token = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_datetimefield_value(opened_before), token])
        row = cursor.fetchone()
    if row is None:
        return None
    pk, name, status, measurement_id, coordinator, participant, manage, series_version = row[:8]
    measurement_token, count, last, content, national, due = row[8:]
    return Found(
        round_id=pk,
        shown=(name, status, measurement_id or 0),
        answers=state_of(pk, count, last),
        series_version=series_version,
        content=int(content or 0),
        national=int(national or 0),
        due=bool(due),
        tokens=(coordinator, participant, manage, measurement_token or ""),
    )


def still_shows(found: Found | Invited, round_: Round) -> bool:
    """Whether the round rendered is the one the key was made for (name, status[, measurement])."""
    shown = (round_.name, round_.status, round_.measurement_id or 0)
    return shown[: len(found.shown)] == found.shown


def page_key(found: Found, origin: str, notice: str) -> str:
    """The key of one state of one round's coordinator page; it holds no token (nor the name)."""
    name, status, measurement_id = found.shown
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]
    return (
        f"{KEY_PREFIX}:{origin}:{found.round_id}:{status}:m{measurement_id}:{digest}:a{found.answers}"
        f":s{found.series_version}:c{found.content}:n{found.national}:g{notice}"
    )


@dataclass(frozen=True)
class Invited:
    """What a hit of the participant form needs of its round, read in one query."""

    round_id: int
    shown: tuple[str, str]  # the round's name and status
    content: int
    due: bool  # last opened more than a day ago (rounds.touch)
    tokens: tuple[str]  # the participant token


def lookup_participant(token: str) -> Invited | None:
    """The round with this (already validated) participant token, with the content version."""
    opened_before = timezone.now() - timedelta(seconds=OPENED_RESOLUTION_SECONDS)
    sql = (
        "SELECT r.id, r.name, r.status, r.participant_token, "  # noqa: S608 - table names from the models
        f"(SELECT version FROM {_table(ContentVersion)} WHERE id = 1), "
        "CASE WHEN r.last_opened_at < %s THEN 1 ELSE 0 END "
        f"FROM {_table(Round)} r WHERE r.participant_token = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_datetimefield_value(opened_before), token])
        row = cursor.fetchone()
    if row is None:
        return None
    pk, name, status, participant, content, due = row
    return Invited(pk, (name, status), int(content or 0), bool(due), (participant,))


def form_key(found: Invited, origin: str) -> str:
    """The key of one state of one round's participant form; no token, no name, no submission id."""
    name, status = found.shown
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]
    return f"{FORM_KEY_PREFIX}:{origin}:{found.round_id}:{status}:{digest}:c{found.content}"


def for_visitor(request: HttpRequest, body: bytes) -> bytes:
    """The page with this visitor's own CSRF token and a fresh submission id where the markers are."""
    csrf = CSRF_MARKER.encode("ascii")
    if csrf in body:
        body = body.replace(csrf, visitor_token(request).encode("ascii"))
    submission = SUBMISSION_MARKER.encode("ascii")
    if submission in body:
        body = body.replace(submission, secrets.token_urlsafe(16).encode("ascii"))
    return body
