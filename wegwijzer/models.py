from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.models.pages import RICH_TEXT_FEATURES


class WegwijzerPage(RoutablePageMixin, Page):
    """The wegwijzer: five questions, and the advice at ./advies/?q1=..&q5=.."""

    intro = RichTextField(
        _("inleiding"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Tekst boven de vragen."),
    )
    advice_intro = RichTextField(
        _("inleiding advies"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Tekst boven het advies."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("advice_intro")]
    api_fields = [APIField("intro"), APIField("advice_intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("wegwijzerpagina")
