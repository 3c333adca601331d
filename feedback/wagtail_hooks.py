"""The feedback inbox for editors (wagtail-modeladmin): filter, search, export, mark handled.

Visitors' feedback is read-only here; editors only tick "afgehandeld" and add a note.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin import SimpleListFilter
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import IndexView

from cms.models import Answer
from cms.wagtail_hooks import ITEM_ADMIN_COLUMNS, ITEM_ADMIN_EDIT_HANDLER, ITEM_ADMIN_QUERYSET
from pianoo.exports import SafeCsvExportMixin

from .helpfulness import admin_columns, annotate_helpfulness, with_helpfulness_panel
from .models import Feedback
from .submission import ANSWER_PAIR

READ_ONLY_FIELDS = [
    "created_at",
    "kind",
    "item_label",
    "object_id",
    "revision",
    "tool",
    "activity",
    "cell",
    "page",
    "context",
    "helpful",
    "comment",
    "channel",
]


class AnswerFilter(SimpleListFilter):
    """Feedback given with a particular wegwijzer answer among the visitor's answers."""

    title = _("antwoord in de wegwijzer")
    parameter_name = "antwoord"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            (f"q{a.question.number}={a.number}", f"Vraag {a.question.number}: {Truncator(a.label).chars(50)}")
            for a in Answer.objects.select_related("question")
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Feedback]) -> QuerySet[Feedback]:
        value = self.value()
        if not value or not ANSWER_PAIR.match(value):
            return queryset
        # Contexts are stored canonically ("q1=2&q3=1"), so a pair is a whole &-separated part.
        return queryset.filter(context__regex=rf"(^|&){value}(&|$)")


class FeedbackPermissionHelper(PermissionHelper):
    """Feedback comes from visitors only: editors cannot add it by hand."""

    def user_can_create(self, user: Any) -> bool:
        return False


class FeedbackIndexView(SafeCsvExportMixin, IndexView):
    """The inbox; its CSV export neutralises cells a spreadsheet would run as formulas."""


class FeedbackAdmin(ModelAdmin):
    model = Feedback
    index_view_class = FeedbackIndexView
    menu_label = _("Feedback")
    menu_icon = "mail"
    menu_order = 250
    add_to_settings_menu = False
    permission_helper_class = FeedbackPermissionHelper
    inspect_view_enabled = True
    # Booleans go through methods: Django admin would render them with its own icons,
    # and django.contrib.admin (with its static files) is not installed.
    list_display = (
        "created_at",
        "kind",
        "item_display",
        "cell",
        "answer_display",
        "comment_display",
        "handled_display",
    )
    list_filter = (
        "kind",
        "activity",
        "cell",
        AnswerFilter,
        "helpful",
        "created_at",
        "tool",
        "handled",
    )
    search_fields = ("comment", "handled_note", "item_label")
    list_export = (
        "created_at",
        "kind",
        "object_id",
        "revision",
        "item_label",
        "tool",
        "activity",
        "cell",
        "page",
        "context",
        "answer_display",
        "comment",
        "channel",
        "handled",
        "handled_note",
    )
    export_filename = "feedback"
    panels = [
        MultiFieldPanel(
            [FieldPanel(name, read_only=True) for name in READ_ONLY_FIELDS],
            heading=_("Feedback van de bezoeker"),
        ),
        MultiFieldPanel([FieldPanel("handled"), FieldPanel("handled_note")], heading=_("Afhandeling")),
    ]

    def item_display(self, obj: Feedback) -> str:
        if obj.kind == "general":
            return "—"
        try:
            url = reverse(f"wagtailsnippets_cms_{obj.kind}:edit", args=[obj.object_id])
        except NoReverseMatch:
            return obj.item_label
        return format_html('<a href="{}">{}</a>', url, Truncator(obj.item_label).chars(60) or obj.object_id)

    item_display.short_description = _("item")  # type: ignore[attr-defined]

    def answer_display(self, obj: Feedback) -> str:
        return obj.answer_label or "—"

    answer_display.short_description = _("nuttig")  # type: ignore[attr-defined]
    answer_display.admin_order_field = "helpful"  # type: ignore[attr-defined]

    def comment_display(self, obj: Feedback) -> str:
        return Truncator(obj.comment).chars(80)

    comment_display.short_description = _("opmerking")  # type: ignore[attr-defined]

    def handled_display(self, obj: Feedback) -> str:
        return "Ja" if obj.handled else "Nee"

    handled_display.short_description = _("afgehandeld")  # type: ignore[attr-defined]
    handled_display.admin_order_field = "handled"  # type: ignore[attr-defined]


modeladmin_register(FeedbackAdmin)

# How visitors rated each tip, example and reference, in cms's content-item admin.
hooks.register(ITEM_ADMIN_COLUMNS, admin_columns)
hooks.register(ITEM_ADMIN_QUERYSET, annotate_helpfulness)
hooks.register(ITEM_ADMIN_EDIT_HANDLER, with_helpfulness_panel)


@hooks.register("register_admin_urls")
def register_old_inbox_address() -> list[Any]:
    """The inbox was at /admin/cms/feedback/ while the model lived in cms; old bookmarks still work."""
    return [
        path(
            "cms/feedback/",
            RedirectView.as_view(
                pattern_name="feedback_feedback_modeladmin_index", permanent=True, query_string=True
            ),
        )
    ]
