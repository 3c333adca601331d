from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.models.pages import RICH_TEXT_FEATURES


class ChecklistPage(RoutablePageMixin, Page):
    """The checklist: statements per theme scored 1-4, with results and measurements."""

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
