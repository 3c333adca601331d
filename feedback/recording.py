"""Storing feedback: match the item and its live revision, and merge repeated submits.

A repeated submit (a double click, the back button, a retry after a network
error) must not count twice. The same client sending the same item, cell and
context within `DEDUPE_SECONDS` updates the earlier record instead. The client is
known only by a keyed hash (pianoo.ratelimit.client_key) kept in the cache for that
window; nothing about the client reaches the database.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils.text import Truncator

from cms.models import Example, Reference, Tip
from pianoo.ratelimit import check_rate, client_key

from .models import Feedback
from .submission import Submission, SubmissionError

logger = logging.getLogger(__name__)

ITEM_MODELS = {"tip": Tip, "example": Example, "reference": Reference}
DEDUPE_SECONDS = 10 * 60
COMMENT_TOKEN_SALT = "feedback.comment"  # noqa: S105 - a signing namespace, not a secret
COMMENT_TOKEN_MAX_AGE = 60 * 60


@dataclass(frozen=True)
class Recorded:
    feedback: Feedback
    created: bool


def feedback_client(request: HttpRequest) -> str:
    """The client's keyed hash (address + browser), for rate limits and dedupe only."""
    return client_key(request, extra="feedback|" + request.META.get("HTTP_USER_AGENT", "")[:200])


def rate_allowed(request: HttpRequest) -> bool:
    """Count one feedback post; False once the client exceeds FEEDBACK_RATE_LIMIT (count, seconds).

    Keyed on the client address only: a rotated User-Agent is the same client.
    """
    limit, window = getattr(settings, "FEEDBACK_RATE_LIMIT", (30, 300))
    return check_rate(request, "feedback", limit=limit, window=window)


def record(submission: Submission, client: str, channel: str = "form") -> Recorded:
    """Store the submission (or update this client's recent identical one)."""
    content_type, revision, label = None, None, ""
    if submission.kind != "general":
        model = ITEM_MODELS[submission.kind]
        item = model.objects.filter(pk=submission.item_id, live=True).first()
        if item is None:
            raise SubmissionError("id", "Dit item bestaat niet (meer) of is niet gepubliceerd.")
        content_type = ContentType.objects.get_for_model(model)
        revision = item.live_revision_id
        label = Truncator(str(item)).chars(250)

    dedupe_key = (
        "feedback:dedupe:" + hashlib.sha256(f"{client}|{submission.dedupe_material()}".encode()).hexdigest()
    )
    existing_id = _cache_get(dedupe_key)
    with transaction.atomic():
        existing = (
            Feedback.objects.select_for_update().filter(pk=existing_id).first() if existing_id else None
        )
        if existing is not None:
            if existing.helpful != submission.helpful or (
                submission.comment and existing.comment != submission.comment
            ):
                existing.helpful = submission.helpful
                existing.comment = submission.comment or existing.comment
                existing.save(update_fields=["helpful", "comment"])
            return Recorded(existing, created=False)
        feedback = Feedback.objects.create(
            kind=submission.kind,
            content_type=content_type,
            object_id=submission.item_id,
            revision=revision,
            item_label=label,
            tool=submission.tool,
            activity=submission.activity,
            cell=submission.cell,
            page=submission.page,
            context=submission.context,
            helpful=submission.helpful,
            comment=submission.comment,
            channel=channel,
        )
    _cache_set(dedupe_key, feedback.pk)
    return Recorded(feedback, created=True)


def comment_token(feedback: Feedback) -> str:
    """A signed, short-lived token that lets the visitor who said "Nee" add a comment."""
    return signing.dumps(feedback.pk, salt=COMMENT_TOKEN_SALT, compress=True)


def add_comment(token: str, comment: str) -> Feedback:
    """Attach a comment to the "Nee" that `token` was issued for."""
    try:
        pk = signing.loads(token, salt=COMMENT_TOKEN_SALT, max_age=COMMENT_TOKEN_MAX_AGE)
    except signing.SignatureExpired as error:
        raise SubmissionError(
            "token", "Deze pagina is te lang open geweest. Geef uw reactie opnieuw."
        ) from error
    except (signing.BadSignature, ValueError) as error:
        raise SubmissionError("token", "Uw opmerking kon niet aan uw reactie worden gekoppeld.") from error
    if not comment:
        raise SubmissionError("comment", "Schrijf uw opmerking in het tekstveld.")
    feedback = Feedback.objects.filter(pk=pk, helpful=False).first() if isinstance(pk, int) else None
    if feedback is None:
        raise SubmissionError("token", "Uw opmerking kon niet aan uw reactie worden gekoppeld.")
    feedback.comment = comment
    feedback.save(update_fields=["comment"])
    return feedback


def _cache_get(key: str) -> int | None:
    try:
        value = cache.get(key)
    except Exception:
        logger.warning("Feedback dedupe cache failed; storing without dedupe.", exc_info=True)
        return None
    return value if isinstance(value, int) else None


def _cache_set(key: str, value: int) -> None:
    try:
        cache.set(key, value, DEDUPE_SECONDS)
    except Exception:
        logger.warning("Feedback dedupe cache failed.", exc_info=True)
