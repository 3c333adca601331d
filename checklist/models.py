"""The checklist page, and the measurements visitors save under private links."""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page

from cms.models.pages import page_text

from . import routing
from .national import KINDS

# Routes accept any path segment, so that a mistyped private link gets the
# checklist's Dutch "not found" page; checklist/views.py validates the token.
LINK_PATTERN = r"(?P<token>[^/]{1,200})"


def new_token() -> str:
    """An unguessable private link token (192 bits)."""
    return secrets.token_urlsafe(24)


def today() -> Any:
    return timezone.localdate()


class ChecklistPage(RoutablePageMixin, Page):
    """The checklist: statements per theme scored 1-4, with results and measurements.

    Routes (all handled in checklist/views/):
    ""                               the form (GET; served from the response cache)
    "resultaat/?s1.1=3&..."          a result, its scores in the address (GET; POST redirects)
    "opslaan/"                       save a result as a measurement (POST)
    "meting/<token>/"                a saved measurement; ".../verwijderen/" deletes it
    "reeks/<manage>/"                a series under its manage link, with nieuw/, resultaat/,
                                     naam/, meting/<id>/, herinnering/, groepsmeting/, verwijderen/
    "bekijk/<read>/"                 a series under its read link (no changes)
    "groepsmeting/"                  start a team round (GET form, POST)
    "ronde/<coordinator>/"           a round for its coordinator, with naam/, sluiten/, verwijderen/
    "doe-mee/<participant>/"         the participant form
    "antwoord/<response>/"           one colleague's own answers, changeable until closed
    "reeks/<manage>/ambitie/"        the series' ambitions (checklist/plan_views.py)
    "reeks/<manage>/actieplan/"      the action plan
    "reeks/<manage>/landelijk/"      national picture opt in/out (POST)
    "verwijderd/"                    after deleting
    """

    intro = page_text(_("inleiding"), _("Tekst boven de checklist."))
    results_intro = page_text(_("inleiding resultaten"), _("Tekst boven de resultaten."))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("results_intro")]
    api_fields = [APIField("intro"), APIField("results_intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("checklistpagina")

    @path("")
    def index_route(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return routing.serve("views.form", self, request)

    @path("resultaat/")
    def results(self, request: HttpRequest) -> HttpResponse:
        return routing.serve("views.results", self, request)

    @path("opslaan/")
    def save_measurement(self, request: HttpRequest) -> HttpResponse:
        return routing.serve("plan_views.save", self, request)

    @re_path(rf"^meting/{LINK_PATTERN}/$")
    def measurement(self, request: HttpRequest, token: str) -> HttpResponse:
        return routing.serve("views.measurement", self, request, token)

    @re_path(rf"^meting/{LINK_PATTERN}/verwijderen/$")
    def delete_measurement(self, request: HttpRequest, token: str) -> HttpResponse:
        return routing.serve("views.delete_measurement", self, request, token)

    @re_path(rf"^reeks/{LINK_PATTERN}/$")
    def series(self, request: HttpRequest, token: str) -> HttpResponse:
        return routing.serve("views.series", self, request, token)

    @re_path(rf"^reeks/{LINK_PATTERN}/nieuw/$")
    def series_form(self, request: HttpRequest, token: str) -> HttpResponse:
        return routing.serve("views.series_form", self, request, token)

    @re_path(rf"^reeks/{LINK_PATTERN}/resultaat/$")
    def series_results(self, request: HttpRequest, token: str) -> HttpResponse:
        return routing.serve("views.series_results", self, request, token)

    @re_path(rf"^reeks/{LINK_PATTERN}/naam/$")
    def rename_series(self, request: HttpRequest, token: str) -> HttpResponse:
        return routing.serve("views.rename_series", self, request, token)

    @re_path(rf"^reeks/{LINK_PATTERN}/meting/(?P<pk>[0-9]{{1,18}})/$")
    def edit_measurement(self, request: HttpRequest, token: str, pk: str) -> HttpResponse:
        return routing.serve("views.edit_measurement", self, request, token, pk)

    @re_path(rf"^reeks/{LINK_PATTERN}/herinnering/$")
    def reminder(self, request: HttpRequest, token: str) -> HttpResponse:
        return routing.serve("views.reminder", self, request, token)

    @re_path(rf"^reeks/{LINK_PATTERN}/groepsmeting/$")
    def start_round_in_series(self, request: HttpRequest, token: str) -> HttpResponse:
        return routing.serve("views.start_in_series", self, request, token)

    @re_path(rf"^reeks/{LINK_PATTERN}/verwijderen/$")
    def delete_series(self, request: HttpRequest, token: str) -> HttpResponse:
        return routing.serve("views.delete_series", self, request, token)

    @re_path(rf"^reeks/{LINK_PATTERN}/ambitie/$")
    def series_ambitions(self, request: HttpRequest, token: str) -> HttpResponse:
        return routing.serve("plan_views.ambitions", self, request, token)

    @re_path(rf"^reeks/{LINK_PATTERN}/actieplan/$")
    def series_plan(self, request: HttpRequest, token: str) -> HttpResponse:
        return routing.serve("plan_views.plan", self, request, token)

    @re_path(rf"^reeks/{LINK_PATTERN}/landelijk/$")
    def series_national(self, request: HttpRequest, token: str) -> HttpResponse:
        return routing.serve("plan_views.national", self, request, token)

    @re_path(rf"^bekijk/{LINK_PATTERN}/$")
    def series_read(self, request: HttpRequest, token: str) -> HttpResponse:
        return routing.serve("views.series_read", self, request, token)

    @path("groepsmeting/")
    def start_round(self, request: HttpRequest) -> HttpResponse:
        return routing.serve("views.start_round", self, request)

    @re_path(rf"^ronde/{LINK_PATTERN}/$")
    def round_coordinator(self, request: HttpRequest, token: str) -> HttpResponse:
        return routing.serve("views.coordinator", self, request, token)

    @re_path(rf"^ronde/{LINK_PATTERN}/naam/$")
    def rename_round(self, request: HttpRequest, token: str) -> HttpResponse:
        return routing.serve("views.rename_round", self, request, token)

    @re_path(rf"^ronde/{LINK_PATTERN}/sluiten/$")
    def close_round(self, request: HttpRequest, token: str) -> HttpResponse:
        return routing.serve("plan_views.close_round", self, request, token)

    @re_path(rf"^ronde/{LINK_PATTERN}/verwijderen/$")
    def delete_round(self, request: HttpRequest, token: str) -> HttpResponse:
        return routing.serve("views.delete_round", self, request, token)

    @re_path(rf"^doe-mee/{LINK_PATTERN}/$")
    def participate(self, request: HttpRequest, token: str) -> HttpResponse:
        return routing.serve("views.participate", self, request, token)

    @re_path(rf"^antwoord/{LINK_PATTERN}/$")
    def own_answers(self, request: HttpRequest, token: str) -> HttpResponse:
        return routing.serve("views.own_answers", self, request, token)

    # Taking results along (checklist/views/exports.py): PDFs and CSV downloads.
    @path("resultaat/pdf/")
    def result_pdf(self, request: HttpRequest) -> HttpResponse:
        return routing.serve("exports.result_pdf", self, request)

    @re_path(rf"^meting/{LINK_PATTERN}/pdf/$")
    def measurement_pdf(self, request: HttpRequest, token: str) -> HttpResponse:
        return routing.serve("exports.measurement_pdf", self, request, token)

    @re_path(rf"^ronde/{LINK_PATTERN}/pdf/$")
    def round_pdf(self, request: HttpRequest, token: str) -> HttpResponse:
        return routing.serve("exports.round_pdf", self, request, token)

    @re_path(rf"^(?P<kind>reeks|bekijk)/{LINK_PATTERN}/pdf/$")
    def series_pdf(self, request: HttpRequest, kind: str, token: str) -> HttpResponse:
        return routing.serve("exports.series_pdf", self, request, token, read=kind == "bekijk")

    @re_path(rf"^(?P<kind>reeks|bekijk)/{LINK_PATTERN}/csv/$")
    def series_csv(self, request: HttpRequest, kind: str, token: str) -> HttpResponse:
        return routing.serve("exports.series_csv", self, request, token, read=kind == "bekijk")

    @re_path(rf"^(?P<kind>reeks|bekijk)/{LINK_PATTERN}/actieplan/csv/$")
    def plan_csv(self, request: HttpRequest, kind: str, token: str) -> HttpResponse:
        return routing.serve("exports.plan_csv", self, request, token, read=kind == "bekijk")

    @path("verwijderd/")
    def deleted(self, request: HttpRequest) -> HttpResponse:
        return routing.serve("views.deleted", self, request)

    def get_sitemap_urls(self, request: HttpRequest | None = None) -> list[dict[str, Any]]:
        """Only the form: results and private links are never listed."""
        return [{"location": self.get_full_url(request), "lastmod": self.last_published_at}]


class ScoreBand(models.Model):
    """A band of theme scores with its word and meaning, shown with every theme's result.

    Editors set them in the admin (Checklist > Scorebanden); a band holds from its
    minimum up to the next band's. Defaults come with a data migration.
    """

    minimum = models.DecimalField(
        _("vanaf score"),
        max_digits=3,
        decimal_places=2,
        unique=True,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("4"))],
        help_text=_("De laagste themascore (1–4) die in deze band valt, bijvoorbeeld 2,5."),
    )
    label = models.CharField(
        _("woord"), max_length=60, help_text=_("Eén of twee woorden, bijvoorbeeld 'In ontwikkeling'.")
    )
    meaning = models.TextField(
        _("betekenis"), help_text=_("Een zin over wat deze score betekent en wat een volgende stap is.")
    )

    panels = [FieldPanel("minimum"), FieldPanel("label"), FieldPanel("meaning")]

    class Meta:
        ordering = ["minimum"]
        verbose_name = _("scoreband")
        verbose_name_plural = _("scorebanden")

    def __str__(self) -> str:
        return f"{self.label} (vanaf {self.minimum})"


class MeasurementSeries(models.Model):
    """An organisation's series of checklist measurements and team rounds.

    Two private links, no account and no personal data: the manage link may add,
    rename and delete; the read link only shows.
    """

    not_content = True  # visitor input: saving one must not invalidate the content caches

    manage_token = models.CharField(
        _("beheertoken"), max_length=64, unique=True, default=new_token, editable=False
    )
    read_token = models.CharField(
        _("leestoken"), max_length=64, unique=True, default=new_token, editable=False
    )
    name = models.CharField(_("naam"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    last_opened_at = models.DateTimeField(_("laatst geopend"), default=timezone.now, db_index=True)
    version = models.PositiveBigIntegerField(
        _("versie"),
        default=0,
        editable=False,
        help_text=_("Telt elke wijziging van wat een meting van de reeks toont (checklist/page_cache.py)."),
    )

    class Meta:
        verbose_name = _("meetreeks")
        verbose_name_plural = _("meetreeksen")

    def __str__(self) -> str:
        return self.name or str(_("Meetreeks van %(date)s")) % {"date": f"{self.created_at:%d-%m-%Y}"}


class Measurement(models.Model):
    """One measurement in a series: one person's scores, or a closed team round's medians.

    Keeping the statement texts lets a later comparison say which statements
    an editor changed, instead of comparing different questions.
    """

    not_content = True  # visitor input: saving one must not invalidate the content caches

    series = models.ForeignKey(
        MeasurementSeries,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("meetreeks"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("opgeslagen op"), auto_now_add=True, db_index=True)
    label = models.CharField(_("naam"), max_length=120, blank=True)
    measured_on = models.DateField(_("datum"), default=today)
    scores = models.JSONField(
        _("scores"), default=dict, help_text=_("Per stellingsleutel ('2.1') de score 1-4 (of de mediaan).")
    )
    theme_scores = models.JSONField(
        _("themascores"),
        null=True,
        blank=True,
        help_text=_("Bij een groepsmeting: per thema de mediaan van de themascores van de deelnemers."),
    )
    participants = models.PositiveIntegerField(_("deelnemers"), null=True, blank=True)
    statements = models.JSONField(
        _("stellingen"),
        default=dict,
        help_text=_("Per stellingsleutel de tekst van de stelling op het moment van meten."),
    )
    submission_key = models.CharField(
        _("inzendingssleutel"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Voorkomt dubbele metingen bij dubbelklikken of opnieuw versturen."),
    )

    class Meta:
        ordering = ["measured_on", "created_at", "pk"]
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")

    def __str__(self) -> str:
        return self.label or str(_("Meting van %(date)s")) % {"date": f"{self.measured_on:%d-%m-%Y}"}


class Round(models.Model):
    """A team round ("groepsmeting"): colleagues answer through one participant link.

    The coordinator link follows, renames, closes and deletes it. Closing turns the
    aggregate into a Measurement of the series, so progress belongs to the organisation.
    """

    not_content = True

    OPEN = "open"
    CLOSED = "closed"
    STATUS_CHOICES = [(OPEN, _("open")), (CLOSED, _("gesloten"))]

    series = models.ForeignKey(
        MeasurementSeries, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("meetreeks")
    )
    name = models.CharField(_("naam"), max_length=200)
    coordinator_token = models.CharField(
        _("coördinatortoken"), max_length=64, unique=True, default=new_token, editable=False
    )
    participant_token = models.CharField(
        _("deelnemerstoken"), max_length=64, unique=True, default=new_token, editable=False
    )
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=OPEN)
    statements = models.JSONField(
        _("stellingen"), default=dict, help_text=_("De stellingen zoals ze luidden bij de start.")
    )
    created_at = models.DateTimeField(_("gestart op"), auto_now_add=True)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    last_opened_at = models.DateTimeField(_("laatst geopend"), default=timezone.now, db_index=True)
    measurement = models.OneToOneField(
        Measurement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="round",
        verbose_name=_("meting"),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("groepsmeting")
        verbose_name_plural = _("groepsmetingen")

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == self.OPEN


class RoundResponse(models.Model):
    """One colleague's answers in a round, changeable through its own private link until closed."""

    not_content = True

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="responses", verbose_name=_("ronde")
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token, editable=False)
    scores = models.JSONField(_("scores"), default=dict)
    submission_key = models.CharField(
        _("inzendingssleutel"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Voorkomt dat hetzelfde formulier twee keer meetelt."),
    )
    created_at = models.DateTimeField(_("ingediend op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("antwoord in een groepsmeting")
        verbose_name_plural = _("antwoorden in groepsmetingen")

    def __str__(self) -> str:
        return str(_("Antwoord van %(date)s")) % {"date": f"{self.created_at:%d-%m-%Y}"}


class Ambition(models.Model):
    """An organisation's ambition (1-4) for a theme ("2") or one statement ("2.1") of its series.

    Set under the series' manage link; every result of the series shows its gap to it.
    """

    not_content = True  # visitor input: saving one must not invalidate the content caches

    series = models.ForeignKey(
        MeasurementSeries, on_delete=models.CASCADE, related_name="ambitions", verbose_name=_("meetreeks")
    )
    key = models.CharField(
        _("thema of stelling"), max_length=10, help_text=_("'2' voor een thema, '2.1' voor een stelling.")
    )
    level = models.PositiveSmallIntegerField(
        _("ambitie"), validators=[MinValueValidator(1), MaxValueValidator(4)], help_text=_("1 tot en met 4.")
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["series", "key"], name="checklist_ambition_unique")]
        verbose_name = _("ambitie")
        verbose_name_plural = _("ambities")

    def __str__(self) -> str:
        return f"{self.key}: {self.level}"


class PlanItem(models.Model):
    """A tip the organisation takes up ("Pakken we op") in its series' action plan."""

    not_content = True

    series = models.ForeignKey(
        MeasurementSeries, on_delete=models.CASCADE, related_name="plan_items", verbose_name=_("meetreeks")
    )
    statement_key = models.CharField(_("stelling"), max_length=10)
    tip = models.ForeignKey(
        "cms.Tip", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("tip")
    )
    tip_text = models.TextField(
        _("tekst van de tip"), help_text=_("De tip zoals hij luidde bij het oppakken.")
    )
    note = models.CharField(_("notitie"), max_length=500, blank=True)
    target_date = models.DateField(_("streefdatum"), null=True, blank=True)
    baseline_score = models.FloatField(
        _("score bij oppakken"),
        null=True,
        blank=True,
        help_text=_("De score van de stelling in de laatste meting."),
    )
    planned_at = models.DateTimeField(_("opgepakt op"), default=timezone.now)
    done_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["series", "tip"], name="checklist_planitem_unique")]
        ordering = ["planned_at", "pk"]
        verbose_name = _("actiepunt")
        verbose_name_plural = _("actiepunten")

    def __str__(self) -> str:
        return f"{self.statement_key}: {self.tip_text[:60]}"


class NationalEntry(models.Model):
    """One theme score of one opted-in measurement, anonymous, for the national picture.

    Only checklist/national_store.py writes these; pages read the published NationalGroup.
    """

    not_content = True

    measurement = models.ForeignKey(
        Measurement, on_delete=models.CASCADE, related_name="national_entries", verbose_name=_("meting")
    )
    series = models.ForeignKey(
        MeasurementSeries,
        on_delete=models.CASCADE,
        related_name="national_entries",
        verbose_name=_("meetreeks"),
    )
    kind = models.CharField(_("soort organisatie"), max_length=30, choices=KINDS)
    theme = models.PositiveSmallIntegerField(_("thema"))
    score = models.FloatField(_("themascore"))
    period = models.CharField(_("kwartaal"), max_length=8)
    latest = models.BooleanField(_("laatste van de reeks"), default=False)
    latest_in_quarter = models.BooleanField(_("laatste van de reeks in het kwartaal"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["measurement", "theme"], name="checklist_nationalentry_unique")
        ]
        indexes = [
            models.Index(fields=["kind", "latest", "theme", "score"], name="checklist_national_current"),
            models.Index(
                fields=["kind", "period", "latest_in_quarter", "theme", "score"],
                name="checklist_national_quarter",
            ),
        ]
        verbose_name = _("deelname landelijk beeld")
        verbose_name_plural = _("deelnames landelijk beeld")

    def __str__(self) -> str:
        return f"{self.kind} {self.period} thema {self.theme}"


class NationalGroup(models.Model):
    """The published national picture of one kind of organisation, now ("") or in one quarter.

    A maintained summary: republished by the rules of checklist/national.py, never per request.
    """

    not_content = True

    kind = models.CharField(_("soort organisatie"), max_length=30, choices=KINDS)
    period = models.CharField(
        _("kwartaal"), max_length=8, blank=True, help_text=_("Leeg: het huidige beeld.")
    )
    visible = models.BooleanField(_("getoond"), default=False)
    n = models.PositiveIntegerField(_("organisaties"), default=0)
    figures = models.JSONField(
        _("cijfers"), default=dict, help_text=_("Per thema: n, mediaan, 25e en 75e percentiel (afgerond).")
    )
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    changed_series = models.JSONField(
        _("gewijzigde reeksen"), default=list, help_text=_("Sinds de publicatie gewijzigde reeksen (intern).")
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "period"], name="checklist_nationalgroup_unique")
        ]
        ordering = ["kind", "period"]
        verbose_name = _("groep landelijk beeld")
        verbose_name_plural = _("groepen landelijk beeld")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period or 'nu'}"


class NationalVersion(models.Model):
    """A single counter, bumped whenever a published national group changes what it shows.

    Cached measurement pages carry it in their key (checklist/page_cache.py), as content
    caches carry cms.ContentVersion: one row in the database, so every process sees it.
    """

    not_content = True

    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("versie landelijk beeld")

    def __str__(self) -> str:
        return str(self.version)
