"""The landing page and plain content pages."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .taxonomy import Activity, ChecklistTheme

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


def page_text(verbose_name: Any, help_text: Any) -> RichTextField:
    """An optional rich-text field of a page (an introduction, a text block), with the pages' features."""
    return RichTextField(verbose_name, blank=True, features=RICH_TEXT_FEATURES, help_text=help_text)


class HomePage(Page):
    """The landing page: introduction, the framework and the way into both tools."""

    introduction = page_text(
        _("introductie"), _("De inleiding bovenaan de pagina (hoofdstuk I en het begin van II).")
    )
    framework = page_text(
        _("toelichting framework"), _("Uitleg bij het framework: context, wegwijzer, checklist.")
    )
    invitation = page_text(_("uitnodiging"), _("Waartoe PIANOo deelnemers uitnodigt."))
    body = page_text(_("overige tekst"), _("Verdere tekst onder het framework."))

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("framework"),
        FieldPanel("invitation"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("introduction"), index.SearchField("body")]
    api_fields = [
        APIField("introduction"),
        APIField("framework"),
        APIField("invitation"),
        APIField("body"),
    ]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("startpagina")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """Adds the names the framework figure shows, read from the editable taxonomy."""
        context = super().get_context(request, *args, **kwargs)
        context["activities"] = list(Activity.objects.values_list("name", flat=True))
        context["themes"] = list(ChecklistTheme.objects.values_list("short_title", flat=True))
        return context


class ContentPage(Page):
    """A plain text page, such as the accessibility statement."""

    body = RichTextField(_("tekst"), features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    api_fields = [APIField("body")]
    parent_page_types = ["cms.HomePage", "cms.ContentPage"]

    class Meta:
        verbose_name = _("tekstpagina")
