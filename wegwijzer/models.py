from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.models.pages import RICH_TEXT_FEATURES

from .advice import (
    AnswerError,
    answer_summary,
    answers_query,
    get_advice,
    get_questions,
    parse_answers,
    question_numbers,
)
from .presentation import present


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

    def get_answers(self, request: HttpRequest) -> dict[int, int]:
        """The visitor's answers from the query string; raises AnswerError."""
        return parse_answers(request.GET.lists(), question_numbers())

    @path("", name="form")
    def form(self, request: HttpRequest) -> HttpResponse:
        """The questions; answers in the query string ("wijzig antwoorden") are pre-checked."""
        try:
            answers = self.get_answers(request)
        except AnswerError:
            answers = {}
        return self.render(
            request,
            context_overrides={
                # Each question with the answer to pre-check, if any.
                "rows": answer_summary(answers, get_questions()),
                "prefilled": bool(answers),
            },
        )

    @path("advies/", name="advice")
    def advice(self, request: HttpRequest) -> HttpResponse:
        """The advice for the answers in the query string: shareable, bookmarkable, printable."""
        try:
            answers = self.get_answers(request)
        except AnswerError as error:
            response = self.render(
                request,
                template="wegwijzer/invalid_answers.html",
                context_overrides={"error": error},
            )
            response.status_code = 400
            return response
        questions = get_questions()
        advice = get_advice(answers)
        return self.render(
            request,
            template="wegwijzer/advice.html",
            context_overrides={
                "advice": advice,
                "advice_page": present(advice, questions, form_url=self.get_url(request) or ""),
                "summary": answer_summary(answers, questions),
                "answers_query": answers_query(answers),
                "unanswered": len(questions) - len(answers),
            },
        )
