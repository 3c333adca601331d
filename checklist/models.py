"""The checklist page, and the measurements visitors save under private links."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.models.pages import RICH_TEXT_FEATURES

# Routes accept any path segment, so that a mistyped private link gets the
# checklist's Dutch "not found" page; checklist/views.py validates the token.
LINK_PATTERN = r"(?P<token>[^/]{1,200})"


def new_token() -> str:
    """An unguessable private link token (192 bits)."""
    return secrets.token_urlsafe(24)


class ChecklistPage(RoutablePageMixin, Page):
    """The checklist: statements per theme scored 1-4, with results and measurements.

    Routes (all handled in checklist/views.py):
    ""                          the form                      GET
    "resultaat/"                the results                   POST (GET redirects to the form)
    "opslaan/"                  save a measurement            POST
    "meting/<token>/"           a saved measurement           GET
    "reeks/<token>/"            a series of measurements      GET
    "reeks/<token>/nieuw/"      the form, saving into a series GET
    ".../verwijderen/"          confirm and delete            GET, POST
    "verwijderd/"               after deleting                GET
    """

    intro = RichTextField(
        _("inleiding"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Tekst boven de checklist."),
    )
    results_intro = RichTextField(
        _("inleiding resultaten"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Tekst boven de resultaten."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("results_intro")]
    api_fields = [APIField("intro"), APIField("results_intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("checklistpagina")

    @path("")
    def index_route(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from . import views

        return views.form(self, request)

    @path("resultaat/")
    def results(self, request: HttpRequest) -> HttpResponse:
        from . import views

        return views.results(self, request)

    @path("opslaan/")
    def save_measurement(self, request: HttpRequest) -> HttpResponse:
        from . import views

        return views.save(self, request)

    @re_path(rf"^meting/{LINK_PATTERN}/$")
    def measurement(self, request: HttpRequest, token: str) -> HttpResponse:
        from . import views

        return views.measurement(self, request, token)

    @re_path(rf"^meting/{LINK_PATTERN}/verwijderen/$")
    def delete_measurement(self, request: HttpRequest, token: str) -> HttpResponse:
        from . import views

        return views.delete_measurement(self, request, token)

    @re_path(rf"^reeks/{LINK_PATTERN}/$")
    def series(self, request: HttpRequest, token: str) -> HttpResponse:
        from . import views

        return views.series(self, request, token)

    @re_path(rf"^reeks/{LINK_PATTERN}/nieuw/$")
    def series_form(self, request: HttpRequest, token: str) -> HttpResponse:
        from . import views

        return views.series_form(self, request, token)

    @re_path(rf"^reeks/{LINK_PATTERN}/verwijderen/$")
    def delete_series(self, request: HttpRequest, token: str) -> HttpResponse:
        from . import views

        return views.delete_series(self, request, token)

    @path("verwijderd/")
    def deleted(self, request: HttpRequest) -> HttpResponse:
        from . import views

        return views.deleted(self, request)

    def get_sitemap_urls(self, request: HttpRequest | None = None) -> list[dict[str, Any]]:
        """Only the form: results and private links are never listed."""
        return [{"location": self.get_full_url(request), "lastmod": self.last_published_at}]


class MeasurementSeries(models.Model):
    """A visitor's series of checklist measurements, reachable only through its private link.

    No account and no personal data: the token is the only key.
    """

    not_content = True  # visitor input: saving one must not invalidate the content caches

    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("meetreeks")
        verbose_name_plural = _("meetreeksen")

    def __str__(self) -> str:
        return str(_("Meetreeks van %(date)s")) % {"date": f"{self.created_at:%d-%m-%Y}"}


class Measurement(models.Model):
    """One saved checklist measurement: the scores and the statements as they were worded then.

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
    created_at = models.DateTimeField(_("gemeten op"), auto_now_add=True, db_index=True)
    scores = models.JSONField(
        _("scores"), default=dict, help_text=_("Per stellingsleutel ('2.1') de score 1-4.")
    )
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
        ordering = ["created_at", "pk"]
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")

    def __str__(self) -> str:
        return str(_("Meting van %(date)s")) % {"date": f"{self.created_at:%d-%m-%Y %H:%M}"}
