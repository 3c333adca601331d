"""Storing feedback: match the item and its live revision, and merge repeated submits.

A repeated submit (a double click, the back button, a retry after a network
error) must not count twice. The same client sending the same item, cell and
context within `DEDUPE_SECONDS` updates the earlier record instead, whichever
worker or server handles it: the check is a `FeedbackVote` row with a unique key
(a hash of the client's keyed hash and what was rated), so it holds across
processes; nothing else about the client is stored, and the row expires.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import Truncator

from cms import item_kinds
from pianoo.ratelimit import check_rate, client_key

from .models import Feedback, FeedbackVote
from .submission import Submission, SubmissionError

logger = logging.getLogger(__name__)

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
        model = item_kinds.by_key(submission.kind).model
        item = model.objects.filter(pk=submission.item_id, live=True).first()
        if item is None:
            raise SubmissionError("id", "Dit item bestaat niet (meer) of is niet gepubliceerd.")
        content_type = ContentType.objects.get_for_model(model)
        revision = item.live_revision_id
        label = Truncator(str(item)).chars(250)

    key = hashlib.sha256(f"{client}|{submission.dedupe_material()}".encode()).hexdigest()
    for attempt in range(3):
        try:
            return _record_once(submission, key, content_type, revision, label, channel)
        except IntegrityError:
            # Another worker stored the same client's vote at the same moment: update that one.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _record_once(
    submission: Submission, key: str, content_type: Any, revision: int | None, label: str, channel: str
) -> Recorded:
    now = timezone.now()
    with transaction.atomic():
        vote = (
            FeedbackVote.objects.select_for_update()
            .select_related("feedback")
            .filter(key=key, expires_at__gt=now)
            .first()
        )
        if vote is not None:
            existing = vote.feedback
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
        FeedbackVote.objects.filter(expires_at__lte=now).delete()
        FeedbackVote.objects.create(
            key=key, feedback=feedback, expires_at=now + timedelta(seconds=DEDUPE_SECONDS)
        )
    return Recorded(feedback, created=True)


def comment_token(feedback: Feedback, client: str) -> str:
    """A signed, short-lived token that lets the visitor who said "Nee" add one comment.

    It is bound to that visitor (the client's keyed hash) and to a "Nee" without a
    comment yet, so a copied token is of no use to anyone else and works once.
    """
    return signing.dumps([feedback.pk, _client_tag(client)], salt=COMMENT_TOKEN_SALT, compress=True)


def _client_tag(client: str) -> str:
    return hashlib.sha256(f"comment|{client}".encode()).hexdigest()[:32]


def add_comment(token: str, comment: str, client: str) -> Feedback:
    """Attach a comment to the "Nee" that `token` was issued for, for the visitor it was issued to."""
    try:
        value = signing.loads(token, salt=COMMENT_TOKEN_SALT, max_age=COMMENT_TOKEN_MAX_AGE)
    except signing.SignatureExpired as error:
        raise SubmissionError(
            "token", "Deze pagina is te lang open geweest. Geef uw reactie opnieuw."
        ) from error
    except (signing.BadSignature, ValueError) as error:
        raise SubmissionError("token", "Uw opmerking kon niet aan uw reactie worden gekoppeld.") from error
    if not comment:
        raise SubmissionError("comment", "Schrijf uw opmerking in het tekstveld.")
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int)):
        raise SubmissionError("token", "Uw opmerking kon niet aan uw reactie worden gekoppeld.")
    pk, tag = value
    if not hmac.compare_digest(str(tag), _client_tag(client)):
        raise SubmissionError("token", "Uw opmerking kon niet aan uw reactie worden gekoppeld.")
    # Single use: only a "Nee" without a comment takes one, in one conditional update.
    updated = Feedback.objects.filter(pk=pk, helpful=False, comment="").update(comment=comment)
    if not updated:
        raise SubmissionError("token", "Uw opmerking kon niet aan uw reactie worden gekoppeld.")
    return Feedback.objects.get(pk=pk)
