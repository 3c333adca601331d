"""Visitor feedback on tips, examples and references, and on the advice and results pages.

The model lives in cms so that the content admin can show an item's helpfulness
without cms depending on the feedback app; everything else (validation, views,
API, inbox) is in `feedback/`. No IP address or other client data is stored.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

KIND_CHOICES = [
    ("tip", _("Tip")),
    ("example", _("Voorbeeld")),
    ("reference", _("Referentie")),
    ("general", _("Algemeen")),
]
TOOL_CHOICES = [("wegwijzer", _("Wegwijzer")), ("checklist", _("Checklist"))]
CHANNEL_CHOICES = [("form", _("Formulier op de site")), ("api", _("API"))]
ACTIVITY_CHOICES = [("F", "F"), ("A", "A"), ("S", "S"), ("U", "U")]


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
        _("pagina"), max_length=300, blank=True, help_text=_("Het pad van de pagina, zonder zoekvraag.")
    )
    context = models.CharField(
        _("antwoorden of scores"),
        max_length=500,
        blank=True,
        help_text=_("De antwoorden ('q1=2&q3=1') of scores ('1.1=3') die tot het advies leidden."),
    )
    helpful = models.BooleanField(
        _("nuttig"), null=True, blank=True, help_text=_("Ja of nee; leeg bij algemene feedback.")
    )
    comment = models.TextField(
        _("opmerking"), max_length=1000, blank=True, help_text=_("Wat de bezoeker miste of wat niet klopte.")
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
        answer = {True: "ja", False: "nee"}.get(self.helpful, "-")  # type: ignore[call-overload]
        return f"{self.get_kind_display()} {self.object_id}: {answer}"

    @property
    def answer_label(self) -> str:
        return {True: "Ja", False: "Nee"}.get(self.helpful, "")  # type: ignore[call-overload]


def helpfulness_annotations(model: type[models.Model]) -> dict[str, Any]:
    """Annotations `helpful_yes` / `helpful_no` (counts of feedback) for a snippet queryset."""
    content_type = ContentType.objects.get_for_model(model)

    def counted(helpful: bool) -> Coalesce:
        votes = (
            Feedback.objects.filter(content_type=content_type, object_id=OuterRef("pk"), helpful=helpful)
            .order_by()
            .values("object_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(votes, output_field=IntegerField()), Value(0))

    return {"helpful_yes": counted(True), "helpful_no": counted(False)}


def helpfulness_counts(instance: models.Model) -> tuple[int, int]:
    """(yes, no) votes on one item."""
    if instance.pk is None:
        return (0, 0)
    votes: QuerySet[Feedback] = Feedback.objects.filter(
        content_type=ContentType.objects.get_for_model(type(instance)), object_id=instance.pk
    )
    counts = votes.aggregate(yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False)))
    return (counts["yes"], counts["no"])


class HelpfulnessPanel(Panel):
    """A read-only panel on a snippet's edit view: how visitors rated this item."""

    class BoundPanel(Panel.BoundPanel):
        def render_html(self, parent_context: Any = None) -> str:
            yes, no = helpfulness_counts(self.instance)
            return format_html(
                '<section class="help-block help-info" data-helpfulness>'
                "<h2>Feedback van bezoekers</h2>"
                "<p>Was dit nuttig? <strong>Ja: {}</strong>, <strong>Nee: {}</strong>.</p>"
                "<p>De opmerkingen staan in de feedback-inbox.</p></section>",
                yes,
                no,
            )


def with_helpfulness_panel(handler: Any, model: type[models.Model]) -> Any:
    """`handler` (a snippet's bound edit handler) plus the helpfulness panel, as a last tab if tabbed."""
    from wagtail.admin.panels import ObjectList, TabbedInterface

    extra: Panel = HelpfulnessPanel(heading=_("Feedback van bezoekers"))
    if isinstance(handler, TabbedInterface):
        extra = ObjectList([extra], heading=_("Feedback"))
    kwargs = handler.clone_kwargs()
    kwargs["children"] = [*kwargs["children"], extra]
    return type(handler)(**kwargs).bind_to_model(model)
