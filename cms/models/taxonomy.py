"""The editable taxonomy: activities, wegwijzer questions and answers, checklist themes."""

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.search import index

from .imported import Imported


class Activity(Imported, index.Indexed, models.Model):
    """A procurement activity (F/A/S/U); the advice is grouped by these."""

    CODES = [("F", "F"), ("A", "A"), ("S", "S"), ("U", "U")]

    code = models.CharField(_("code"), max_length=1, unique=True, choices=CODES)
    name = models.CharField(_("naam"), max_length=60, help_text=_("Bijvoorbeeld 'Fundering'."))
    description = models.TextField(
        _("toelichting"), help_text=_("Wat onder deze inkoopactiviteit valt (III.1).")
    )
    sort_order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("description"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.SearchField("description")]

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("inkoopactiviteit")
        verbose_name_plural = _("inkoopactiviteiten")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def import_values(self) -> dict[str, Any]:
        return {"name": self.name, "description": self.description}


class Question(Imported, index.Indexed, ClusterableModel):
    """One of the five wegwijzer questions about the procurement situation."""

    KINDS = [("WAT?", "WAT?"), ("HOE?", "HOE?"), ("WIE?", "WIE?")]

    number = models.PositiveSmallIntegerField(
        _("nummer"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    kind = models.CharField(_("soort"), max_length=4, choices=KINDS)
    text = models.CharField(_("vraag"), max_length=255)
    help_text = models.TextField(
        _("toelichting"), blank=True, help_text=_("Optionele uitleg onder de vraag.")
    )

    panels = [
        FieldPanel("number"),
        FieldPanel("kind"),
        FieldPanel("text"),
        FieldPanel("help_text"),
        InlinePanel("answers", label=_("Antwoorden"), min_num=2, max_num=2),
    ]
    search_fields = [index.SearchField("text")]

    class Meta:
        ordering = ["number"]
        verbose_name = _("wegwijzervraag")
        verbose_name_plural = _("wegwijzervragen")

    def __str__(self) -> str:
        return f"{self.number}. {self.kind} {self.text}"

    def import_values(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "help_text": self.help_text,
            "answers": [a.label for a in self.answers.all()],
        }


class Answer(models.Model):
    """One of the two answers to a wegwijzer question."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="answers")
    number = models.PositiveSmallIntegerField(
        _("nummer"), validators=[MinValueValidator(1), MaxValueValidator(2)]
    )
    label = models.CharField(_("antwoord"), max_length=255)

    panels = [FieldPanel("number"), FieldPanel("label")]

    class Meta:
        ordering = ["question__number", "number"]
        constraints = [models.UniqueConstraint(fields=["question", "number"], name="unique_answer_number")]
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")

    def __str__(self) -> str:
        return f"{self.question.number}.{self.number} {self.label}"


class ChecklistTheme(Imported, index.Indexed, ClusterableModel):
    """A checklist theme: strategie; processen; mensen, middelen en cultuur."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    title = models.CharField(_("titel"), max_length=255, help_text=_("De vraag van het thema."))
    short_title = models.CharField(_("korte titel"), max_length=60, help_text=_("Bijvoorbeeld 'Strategie'."))
    intro = models.TextField(_("inleiding"), blank=True)

    panels = [
        FieldPanel("number"),
        FieldPanel("short_title"),
        FieldPanel("title"),
        FieldPanel("intro"),
        InlinePanel("statements", label=_("Stellingen")),
    ]
    search_fields = [index.SearchField("title"), index.SearchField("short_title")]

    class Meta:
        ordering = ["number"]
        verbose_name = _("checklistthema")
        verbose_name_plural = _("checklistthema's")

    def __str__(self) -> str:
        return f"{self.number}. {self.short_title}"

    def import_values(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "short_title": self.short_title,
            "intro": self.intro,
            "statements": [(s.number, s.text, s.clarifications) for s in self.statements.all()],
        }


class ChecklistStatement(models.Model):
    """A checklist statement that visitors score 1-4, with its clarifications."""

    theme = ParentalKey(ChecklistTheme, on_delete=models.CASCADE, related_name="statements")
    number = models.PositiveSmallIntegerField(_("nummer"))
    text = models.CharField(_("stelling"), max_length=500)
    clarifications = models.TextField(
        _("toelichtingen"), blank=True, help_text=_("Eén toelichting per regel.")
    )

    panels = [FieldPanel("number"), FieldPanel("text"), FieldPanel("clarifications")]

    class Meta:
        ordering = ["theme__number", "number"]
        constraints = [models.UniqueConstraint(fields=["theme", "number"], name="unique_statement_number")]
        verbose_name = _("checklistvraag")
        verbose_name_plural = _("checklistvragen")

    def __str__(self) -> str:
        return f"{self.key} {self.text}"

    @property
    def key(self) -> str:
        return f"{self.theme.number}.{self.number}"

    def clarification_list(self) -> list[str]:
        return [line.strip() for line in self.clarifications.splitlines() if line.strip()]


class ScaleStep(Imported, models.Model):
    """A step of the checklist's 1-4 scoring scale, with its label ("Oneens" …)."""

    value = models.PositiveSmallIntegerField(
        _("waarde"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    label = models.CharField(_("label"), max_length=60)

    panels = [FieldPanel("value"), FieldPanel("label")]

    class Meta:
        ordering = ["value"]
        verbose_name = _("scoreschaal-stap")
        verbose_name_plural = _("scoreschaal")

    def __str__(self) -> str:
        return f"{self.value} {self.label}"

    def import_values(self) -> dict[str, Any]:
        return {"label": self.label}
