"""The editable content snippets: tips, examples, references and the links they share.

Every item is tagged with where it appears (its placements): a wegwijzer cell
(activity + answer, or no answer for the general cell) or a checklist
statement. The cell key ("S32", "Fa", "2.1") is derived from those tags.
"""

from html import unescape
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index

from cms import cell_keys
from cms.rich_text import normalise_rich_text

from .imported import Imported
from .taxonomy import Activity, Answer, ChecklistStatement

cell_key = cell_keys.build  # the key of a wegwijzer cell ("S32", "Fa"); see cms/cell_keys.py


def cell_query(text: str, prefix: str = "placements__") -> Q | None:
    """The placements of the cell `text` names ("S32", "fa", "2.1"), or None if it names none."""
    key = cell_keys.parse(text, lenient=True)
    if key is None:
        return None
    if not key.is_wegwijzer:
        return Q(
            **{
                f"{prefix}statement__theme__number": key.theme,
                f"{prefix}statement__number": key.statement,
            }
        )
    query = Q(**{f"{prefix}activity__code": key.activity})
    if key.is_general:
        return query & Q(**{f"{prefix}answer__isnull": True})
    return query & Q(
        **{
            f"{prefix}answer__question__number": key.question,
            f"{prefix}answer__number": key.answer,
        }
    )


def plain_text(html: str) -> str:
    """Rich text as plain text, for search, listings and the API's `text`."""
    return " ".join(unescape(strip_tags(html.replace("</p>", "</p>\n"))).split())


class Link(Imported, index.Indexed, models.Model):
    """A hyperlink shared by every tip, example and reference that cites it.

    Editors fix a dead URL once here for every place that uses it. The link
    checker records the result of its last check.
    """

    url = models.URLField(_("URL"), max_length=2000)
    title = models.CharField(
        _("titel"), max_length=255, blank=True, help_text=_("De tekst waarop de link staat.")
    )
    source_url = models.CharField(_("URL in het brondocument"), max_length=2000, blank=True, editable=False)
    last_checked_at = models.DateTimeField(_("laatst gecontroleerd"), null=True, blank=True, editable=False)
    last_status = models.PositiveSmallIntegerField(_("laatste status"), null=True, blank=True, editable=False)
    last_error = models.CharField(_("laatste fout"), max_length=255, blank=True, editable=False)
    redirect_url = models.URLField(_("doorverwezen naar"), max_length=2000, blank=True, editable=False)
    suspect_reason = models.CharField(
        _("verdacht"),
        max_length=255,
        blank=True,
        editable=False,
        help_text=_("Waarom het adres er bij de laatste controle verkeerd uitzag."),
    )

    panels = [FieldPanel("url"), FieldPanel("title")]  # + LinkUsagePanel (cms/wagtail_hooks.py)
    search_fields = [index.SearchField("url"), index.SearchField("title"), index.AutocompleteField("url")]

    class Meta:
        ordering = ["url"]
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self) -> str:
        return self.title or self.url

    def import_values(self) -> dict[str, Any]:
        return {"url": self.url, "title": self.title}

    @property
    def identity(self) -> str:
        """What stays the same when an editor fixes the URL: the source's URL, if imported."""
        return self.source_url or self.url


class ContentItem(
    Imported,
    WorkflowMixin,  # four-eyes publishing, off unless switched on (cms/four_eyes.py)
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    """Shared behaviour of tips, examples and references."""

    text = RichTextField(_("tekst"), features=["bold", "italic", "link", "ol", "ul"])

    search_fields = [index.SearchField("text"), index.AutocompleteField("text")]

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return Truncator(plain_text(self.text)).chars(90)

    @property
    def plain_text(self) -> str:
        return plain_text(self.text)

    @property
    def kind_label(self) -> str:
        return str(self._meta.verbose_name)

    def cell_keys(self) -> list[str]:
        """Where this item appears, e.g. ["S32", "2.1"]; uses prefetched placements."""
        return [p.cell_key for p in self.placements.all()]

    def cell_labels(self) -> list[str]:
        """Where this item appears, with names: ["S32 · Specificatie, vraag 3: …"]; prefetched."""
        return [p.cell_label for p in self.placements.all()]

    def url_list(self) -> list[str]:
        return [item_link.link.url for item_link in self.item_links.all()]

    def import_values(self) -> dict[str, Any]:
        return {
            # By content: the editor's data-block-key attributes and white space are no edit.
            "text": normalise_rich_text(self.text),
            # A link by its identity, not its current URL: fixing a shared
            # link's URL is an edit of the link, not of every item citing it.
            "links": [item_link.link.identity for item_link in self.item_links.all()],
            "cells": sorted(self.cell_keys()),
        }

    def legacy_import_values(self) -> dict[str, Any]:
        # Imports before normalised comparison fingerprinted the stored HTML as is.
        return {**self.import_values(), "text": self.text}

    def get_preview_template(self, request: Any, mode_name: str) -> str:
        return "cms/content_item_preview.html"


class Tip(ContentItem):
    """A tip: advice shown in a wegwijzer cell or with a checklist statement."""

    panels = [
        FieldPanel("text"),
        InlinePanel("item_links", label=_("Links")),
        InlinePanel("placements", label=_("Waar getoond")),
    ]  # + UsagePanel (cms/wagtail_hooks.py)

    class Meta(ContentItem.Meta):
        verbose_name = _("tip")
        verbose_name_plural = _("tips")


class Example(ContentItem):
    """An example from practice in the leeswijzer, optionally naming its organisation."""

    organisation = models.CharField(_("organisatie"), max_length=255, blank=True)

    panels = [
        FieldPanel("text"),
        FieldPanel("organisation"),
        InlinePanel("item_links", label=_("Links")),
        InlinePanel("placements", label=_("Waar getoond")),
    ]  # + UsagePanel (cms/wagtail_hooks.py)
    search_fields = [*ContentItem.search_fields, index.SearchField("organisation")]

    class Meta(ContentItem.Meta):
        verbose_name = _("voorbeeld")
        verbose_name_plural = _("voorbeelden")


class Reference(ContentItem):
    """A reference in the leeswijzer: an author and a quote."""

    author = models.CharField(_("auteur"), max_length=255)

    panels = [
        FieldPanel("author"),
        FieldPanel("text", heading=_("Citaat")),
        InlinePanel("item_links", label=_("Links")),
        InlinePanel("placements", label=_("Waar getoond")),
    ]  # + UsagePanel (cms/wagtail_hooks.py)
    search_fields = [
        *ContentItem.search_fields,
        index.SearchField("author"),
        index.AutocompleteField("author"),
    ]

    class Meta(ContentItem.Meta):
        verbose_name = _("referentie")
        verbose_name_plural = _("referenties")

    def __str__(self) -> str:
        return f"{self.author}: {super().__str__()}"

    def import_values(self) -> dict[str, Any]:
        return {**super().import_values(), "author": self.author}


class ItemLink(models.Model):
    """An item's use of a shared link, in the item's order."""

    link = models.ForeignKey(Link, on_delete=models.PROTECT, related_name="+", verbose_name=_("link"))
    sort_order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    panels = [FieldPanel("link"), FieldPanel("sort_order")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return str(self.link)


class TipLink(ItemLink):
    item = ParentalKey(Tip, on_delete=models.CASCADE, related_name="item_links")


class ExampleLink(ItemLink):
    item = ParentalKey(Example, on_delete=models.CASCADE, related_name="item_links")


class ReferenceLink(ItemLink):
    item = ParentalKey(Reference, on_delete=models.CASCADE, related_name="item_links")


class Placement(models.Model):
    """Where an item appears: a wegwijzer cell, or a checklist statement, at a position."""

    activity = models.ForeignKey(
        Activity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inkoopactiviteit"),
        help_text=_("Voor de wegwijzer: de inkoopactiviteit."),
    )
    answer = models.ForeignKey(
        Answer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("antwoord"),
        help_text=_("Voor de wegwijzer: het antwoord. Leeg voor een algemene tip (bijv. 'Fa')."),
    )
    statement = models.ForeignKey(
        ChecklistStatement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checklistvraag"),
        help_text=_("Voor de checklist: de vraag waarbij dit item hoort."),
    )
    sort_order = models.PositiveIntegerField(
        _("volgorde in de cel"), default=0, help_text=_("Lager staat eerder.")
    )

    panels = [
        FieldPanel("activity"),
        FieldPanel("answer"),
        FieldPanel("statement"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        abstract = True
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.cell_key

    @property
    def cell_key(self) -> str:
        statement, activity = self.statement, self.activity
        if statement is not None:
            return statement.key
        if activity is not None:
            answer = self.answer
            question = answer.question.number if answer is not None else None
            number = answer.number if answer is not None else None
            return cell_key(activity.code, question, number)
        return ""

    @property
    def cell_label(self) -> str:
        """The cell with its name, for editors: "S32 · Specificatie, vraag 3: Focus vooral op …"."""
        key = self.cell_key
        statement, activity, answer = self.statement, self.activity, self.answer
        if statement is not None:
            return f"{key} · {statement.theme.short_title}: {Truncator(statement.text).chars(60)}"
        if activity is not None and answer is not None:
            return f"{key} · {activity.name}, vraag {answer.question.number}: {answer.label}"
        if activity is not None:
            return f"{key} · {activity.name}, algemeen"
        return key

    def clean(self) -> None:
        if self.statement_id and (self.activity_id or self.answer_id):
            raise ValidationError(
                _("Kies óf een checklistvraag, óf een inkoopactiviteit (met eventueel een antwoord).")
            )
        if not self.statement_id and not self.activity_id:
            raise ValidationError(_("Kies een inkoopactiviteit of een checklistvraag."))


class TipPlacement(Placement):
    item = ParentalKey(Tip, on_delete=models.CASCADE, related_name="placements")


class ExamplePlacement(Placement):
    item = ParentalKey(Example, on_delete=models.CASCADE, related_name="placements")


class ReferencePlacement(Placement):
    item = ParentalKey(Reference, on_delete=models.CASCADE, related_name="placements")
