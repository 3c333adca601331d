"""Visitor feedback on tips, examples and references, and on the advice and results pages.

No IP address or other client data is stored. The model lived in cms until
migration feedback 0001 took it over, with its rows (the table was `cms_feedback`).
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import (
    ACTIVITY_CHOICES,
    CHANNEL_CHOICES,
    COMMENT_MAX,
    CONTEXT_MAX,
    KIND_CHOICES,
    PAGE_MAX,
    TOOL_CHOICES,
)


class Feedback(models.Model):
    """One visitor's reaction: "was this useful?" on an item, or general feedback on a page."""

    # Visitor input, not content: saving feedback must not invalidate the content caches.
    not_content = True

    kind = models.CharField(
        _("soort"),
        max_length=10,
        choices=KIND_CHOICES,
        help_text=_("Over een tip, voorbeeld of referentie, of algemene feedback over de pagina."),
    )
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inhoudstype"),
        help_text=_("Het soort item waarover de feedback gaat; leeg bij algemene feedback."),
    )
    object_id = models.PositiveBigIntegerField(
        _("item-id"),
        null=True,
        blank=True,
        help_text=_("Het id van het item; de feedback blijft bewaard als het item wordt verwijderd."),
    )
    item = GenericForeignKey("content_type", "object_id")
    revision = models.PositiveBigIntegerField(
        _("revisie"),
        null=True,
        blank=True,
        help_text=_("Het id van de gepubliceerde revisie van het item die de bezoeker zag."),
    )
    item_label = models.CharField(
        _("item"),
        max_length=255,
        blank=True,
        help_text=_("Het begin van de tekst van het item zoals het werd getoond."),
    )
    tool = models.CharField(
        _("onderdeel"),
        max_length=10,
        choices=TOOL_CHOICES,
        blank=True,
        help_text=_("Of de feedback bij het advies van de wegwijzer of bij de checklist hoort."),
    )
    activity = models.CharField(
        _("inkoopactiviteit"),
        max_length=1,
        choices=ACTIVITY_CHOICES,
        blank=True,
        help_text=_("Bij de wegwijzer: de inkoopactiviteit van de cel waarin het item stond."),
    )
    cell = models.CharField(
        _("cel"),
        max_length=10,
        blank=True,
        help_text=_("De cel ('S32', 'Fa') of checklistvraag ('2.1') waarin het item stond."),
    )
    page = models.CharField(
        _("pagina"), max_length=PAGE_MAX, blank=True, help_text=_("Het pad van de pagina, zonder zoekvraag.")
    )
    context = models.CharField(
        _("antwoorden of scores"),
        max_length=CONTEXT_MAX,
        blank=True,
        help_text=_("De antwoorden ('q1=2&q3=1') of scores ('1.1=3') die tot het advies leidden."),
    )
    helpful = models.BooleanField(
        _("nuttig"), null=True, blank=True, help_text=_("Ja of nee; leeg bij algemene feedback.")
    )
    comment = models.TextField(
        _("opmerking"),
        max_length=COMMENT_MAX,
        blank=True,
        help_text=_("Wat de bezoeker miste of wat niet klopte."),
    )
    channel = models.CharField(
        _("kanaal"),
        max_length=10,
        choices=CHANNEL_CHOICES,
        default="form",
        help_text=_("Via het formulier op de site of via de API."),
    )
    created_at = models.DateTimeField(_("ontvangen op"), default=timezone.now, db_index=True)
    handled = models.BooleanField(
        _("afgehandeld"), default=False, help_text=_("Vink aan als een redacteur de feedback heeft bekeken.")
    )
    handled_note = models.TextField(
        _("notitie"), blank=True, help_text=_("Wat de redactie met de feedback heeft gedaan (intern).")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="feedback_item_idx")]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        if self.kind == "general":
            return f"Algemeen ({self.get_tool_display() or self.page})"
        return f"{self.get_kind_display()} {self.object_id}: {self.answer_label.lower() or '-'}"

    @property
    def answer_label(self) -> str:
        return {True: "Ja", False: "Nee"}.get(self.helpful, "")  # type: ignore[call-overload,arg-type]


class FeedbackVote(models.Model):
    """One client's recent submission on one item, so that a repeat updates it instead of counting twice.

    The check lives in the database, not one process's cache, so it holds whichever
    worker or server takes the second click. `key` is a keyed hash of the client
    and what was rated (feedback.recording); nothing about the client is stored.
    Rows are only useful until `expires_at` and are deleted after it.
    """

    key = models.CharField(_("sleutel"), max_length=64, unique=True)
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="+")
    expires_at = models.DateTimeField(_("vervalt op"), db_index=True)

    class Meta:
        verbose_name = _("recente stem")
        verbose_name_plural = _("recente stemmen")

    def __str__(self) -> str:
        return f"{self.feedback_id} tot {self.expires_at:%Y-%m-%d %H:%M}"
