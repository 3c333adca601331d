"""The landing page and plain content pages."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class HomePage(Page):
    """The landing page: introduction, the framework and the way into both tools."""

    introduction = RichTextField(
        _("introductie"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("De inleiding bovenaan de pagina (hoofdstuk I en het begin van II)."),
    )
    framework = RichTextField(
        _("toelichting framework"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Uitleg bij het framework: context, wegwijzer, checklist."),
    )
    invitation = RichTextField(
        _("uitnodiging"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Waartoe PIANOo deelnemers uitnodigt."),
    )
    body = RichTextField(
        _("overige tekst"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Verdere tekst onder het framework."),
    )

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


class ContentPage(Page):
    """A plain text page, such as the accessibility statement."""

    body = RichTextField(_("tekst"), features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    api_fields = [APIField("body")]
    parent_page_types = ["cms.HomePage", "cms.ContentPage"]

    class Meta:
        verbose_name = _("tekstpagina")
