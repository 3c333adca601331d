from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from cms.cache import cached, content_version
from cms.models.pages import page_text
from pianoo.pdf import PdfUnavailable, pdf_response, unavailable_response, waiting_response
from pianoo.pdf_jobs import PdfPending, render_pdf

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

    intro = page_text(_("inleiding"), _("Tekst boven de vragen."))
    advice_intro = page_text(_("inleiding advies"), _("Tekst boven het advies."))

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

    def invalid_answers(self, request: HttpRequest, error: AnswerError) -> HttpResponse:
        """The Dutch 400 page for answers that can't be read (the page's and the PDF's)."""
        response = self.render(
            request,
            template="wegwijzer/invalid_answers.html",
            context_overrides={"error": error},
        )
        response.status_code = 400
        return response

    def get_advice_context(self, request: HttpRequest, answers: dict[int, int]) -> dict[str, Any]:
        """What the advice page and its PDF show for these answers."""
        questions = get_questions()
        advice = get_advice(answers)
        return {
            "advice": advice,
            "advice_page": present(advice, questions, form_url=self.get_url(request) or ""),
            "summary": answer_summary(answers, questions),
            "answers_query": answers_query(answers),
            "unanswered": len(questions) - len(answers),
        }

    @path("advies/", name="advice")
    def advice(self, request: HttpRequest) -> HttpResponse:
        """The advice for the answers in the query string: shareable, bookmarkable, printable."""
        try:
            answers = self.get_answers(request)
        except AnswerError as error:
            return self.invalid_answers(request, error)
        return self.render(
            request,
            template="wegwijzer/advice.html",
            context_overrides=self.get_advice_context(request, answers),
        )

    @path("advies/pdf/", name="advice_pdf")
    def advice_pdf(self, request: HttpRequest) -> HttpResponse:
        """The advice as a PDF, cached per content version, answers and day (it carries the date).

        A cold one is made by the render process: a page that reloads until it is done.
        """
        try:
            answers = self.get_answers(request)
        except AnswerError as error:
            return self.invalid_answers(request, error)
        context = self.get_advice_context(request, answers)
        query = context["answers_query"]
        online_url = request.build_absolute_uri(self.url + "advies/" + (f"?{query}" if query else ""))
        key = f"wegwijzer:advice-pdf:{online_url}:{timezone.localdate().isoformat()}"
        version = content_version()
        try:
            pdf = cached(
                key,
                lambda: self.render_advice_pdf(request, context, online_url, f"{key}:v{version}"),
                version,
            )
        except PdfPending:
            return waiting_response(request)
        except PdfUnavailable as error:
            return unavailable_response(request, error)
        return pdf_response(pdf, "advies-wegwijzer.pdf")

    def render_advice_pdf(
        self, request: HttpRequest, context: dict[str, Any], online_url: str, identity: str = ""
    ) -> bytes:
        """`identity` fixes the document (answers, day, content version): see pianoo.pdf_jobs.render_pdf."""
        pdf_context = {
            **context,
            "page": self,
            "title": "Uw advies",
            "tool": "Wegwijzer Organisatie Strategische Inkoop",
            "online_url": online_url,
        }
        return render_pdf("wegwijzer/advice_pdf.html", pdf_context, request, identity=identity)
