"""The feedback inbox for editors (wagtail-modeladmin): filter, search, export, mark handled.

Visitors' feedback is read-only here; editors only tick "afgehandeld" and add a note.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import cached_property
from typing import Any

from django.contrib.admin import DateFieldListFilter, SimpleListFilter
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import IndexView, InspectView

from cms.models import Answer
from cms.wagtail_hooks import ITEM_ADMIN_COLUMNS, ITEM_ADMIN_EDIT_HANDLER, ITEM_ADMIN_QUERYSET
from pianoo.exports import SafeCsvExportMixin

from .admin_views import DashboardView, may_read_feedback
from .constants import ACTIVITY_CHOICES
from .helpfulness import admin_columns, annotate_helpfulness, with_helpfulness_panel
from .labels import Vocabulary, local_time, local_time_text, yes_no
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


class CellFilter(SimpleListFilter):
    """Every wegwijzer cell and checklist statement, named: "S32 · Specificatie, vraag 3: …"."""

    title = _("cel")
    parameter_name = "cell"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        named = vocabulary().cells
        # Cells with feedback that the taxonomy no longer names stay selectable, by their code.
        stored = Feedback.objects.exclude(cell="").order_by("cell").values_list("cell", flat=True).distinct()
        return [*named.items(), *((code, code) for code in stored if code not in named)]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Feedback]) -> QuerySet[Feedback]:
        value = self.value()
        return queryset.filter(cell=value) if value else queryset


class ActivityFilter(SimpleListFilter):
    """The purchasing activities by name ("F · Fundering"), not the bare letters."""

    title = _("inkoopactiviteit")
    parameter_name = "activity__exact"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(code, vocabulary().activity(code)) for code, _label in ACTIVITY_CHOICES]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Feedback]) -> QuerySet[Feedback]:
        value = self.value()
        return queryset.filter(activity=value) if value else queryset


class YesNoFilter(SimpleListFilter):
    """A yes/no field as "Ja" / "Nee" (and, for `nuttig`, general feedback that has neither)."""

    field = ""
    none_label = ""

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        choices = [("1", "Ja"), ("0", "Nee")]
        return [*choices, ("geen", self.none_label)] if self.none_label else choices

    def queryset(self, request: HttpRequest, queryset: QuerySet[Feedback]) -> QuerySet[Feedback]:
        value = self.value()
        if value in ("1", "0"):
            return queryset.filter(**{self.field: value == "1"})
        if value == "geen" and self.none_label:
            return queryset.filter(**{f"{self.field}__isnull": True})
        return queryset


class HelpfulFilter(YesNoFilter):
    title = _("nuttig")
    parameter_name = "helpful__exact"
    field = "helpful"
    none_label = "Geen (algemene feedback)"


class HandledFilter(YesNoFilter):
    title = _("afgehandeld")
    parameter_name = "handled__exact"
    field = "handled"


class ReceivedFilter(DateFieldListFilter):
    """Django's date filter, with its first choice in Dutch (django.contrib.admin's catalogue is not loaded)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.links = (("Elke datum", {}), *self.links[1:])


# The taxonomy's names for one request's listing (set by FeedbackIndexView, read by the columns).
_VOCABULARY: ContextVar[Vocabulary | None] = ContextVar("feedback_vocabulary", default=None)


def vocabulary() -> Vocabulary:
    found = _VOCABULARY.get()
    if found is None:
        found = Vocabulary.load()
        _VOCABULARY.set(found)
    return found


class YesNoPanel(FieldPanel):
    """A read-only yes/no field shown as "Ja" / "Nee", not "True" / "False"."""

    def format_value_for_display(self, value: Any) -> str:
        return yes_no(value, "—")


class FeedbackPermissionHelper(PermissionHelper):
    """Feedback comes from visitors only: editors cannot add it by hand."""

    def user_can_create(self, user: Any) -> bool:
        return False


EXPORT_HEADINGS = {
    "created_at": "Ontvangen op",
    "kind": "Soort",
    "object_id": "Item-id",
    "revision": "Revisie",
    "item_text": "Item",
    "tool": "Onderdeel",
    "activity": "Inkoopactiviteit",
    "cell": "Cel",
    "cell_label": "Cel (naam)",
    "page": "Pagina",
    "answers": "Antwoorden of scores",
    "context": "Antwoorden of scores (code)",
    "helpful": "Nuttig",
    "comment": "Opmerking",
    "channel": "Kanaal",
    "handled": "Afgehandeld",
    "handled_note": "Notitie",
}


def item_text(feedback: Feedback) -> str:
    """The item's whole text now (prefetched), or the label stored with the feedback if it is gone."""
    item = feedback.item if feedback.content_type_id else None
    if item is None:
        return feedback.item_label
    author = getattr(item, "author", "")
    return f"{author}: {item.plain_text}" if author else item.plain_text


class FeedbackIndexView(SafeCsvExportMixin, IndexView):
    """The inbox and its exports: the same values as the inbox shows, in local time, text in full.

    The CSV export neutralises cells a spreadsheet would run as formulas.
    """

    export_headings = EXPORT_HEADINGS
    custom_field_preprocess = {
        "created_at": {"csv": lambda value: value.strftime("%Y-%m-%d %H:%M")},
    }

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _VOCABULARY.set(Vocabulary.load())
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def vocabulary(self) -> Vocabulary:
        # Kept on the view: the export streams its rows after dispatch has returned.
        return vocabulary()

    def get_queryset(self, request: HttpRequest | None = None) -> QuerySet[Feedback]:
        queryset = super().get_queryset(request)
        # The export gives each item's whole text: one query per kind of item, not per row.
        return queryset.prefetch_related("item") if self.is_export else queryset

    def to_row_dict(self, item: Feedback) -> dict[str, Any]:
        words = self.vocabulary
        return {
            "created_at": local_time(item.created_at),
            "kind": item.get_kind_display(),
            "object_id": item.object_id if item.object_id is not None else "",
            "revision": item.revision if item.revision is not None else "",
            "item_text": item_text(item),
            "tool": item.get_tool_display(),
            "activity": words.activity(item.activity) if item.activity else "",
            "cell": item.cell,
            "cell_label": words.cell(item.cell) if item.cell else "",
            "page": item.page,
            "answers": words.context(item.context),
            "context": item.context,
            "helpful": yes_no(item.helpful),
            "comment": item.comment,
            "channel": item.get_channel_display(),
            "handled": yes_no(item.handled),
            "handled_note": item.handled_note,
        }


class FeedbackInspectView(InspectView):
    """The detail page: the item's whole text, names for codes, "Ja" / "Nee" for yes and no."""

    EXTRA_LABELS = {"item_text": "Tekst van het item (nu)", "answers": "Antwoorden of scores (in woorden)"}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # On the dark footer bar the secondary (outline) style fails WCAG contrast (axe): plain buttons.
        context["buttons"] = self.button_helper.get_buttons_for_obj(
            self.instance, exclude=["inspect"], classnames_exclude=["button-secondary"]
        )
        return context

    def get_field_label(self, field_name: str, field: Any = None) -> str:
        return self.EXTRA_LABELS.get(field_name) or super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name: str, field: Any = None) -> Any:
        feedback: Feedback = self.instance
        words = vocabulary()
        special = {
            "helpful": lambda: yes_no(feedback.helpful, "—"),
            "handled": lambda: yes_no(feedback.handled),
            "cell": lambda: words.cell(feedback.cell) if feedback.cell else "—",
            "activity": lambda: words.activity(feedback.activity) if feedback.activity else "—",
            "answers": lambda: words.context(feedback.context) or "—",
            "item_text": lambda: item_text(feedback) or "—",
        }
        if field_name in special:
            return special[field_name]()
        return super().get_field_display_value(field_name, field)


class FeedbackAdmin(ModelAdmin):
    model = Feedback
    index_view_class = FeedbackIndexView
    inspect_view_class = FeedbackInspectView
    inspect_view_fields = (
        "created_at",
        "kind",
        "item_label",
        "item_text",
        "object_id",
        "revision",
        "tool",
        "activity",
        "cell",
        "page",
        "context",
        "answers",
        "helpful",
        "comment",
        "channel",
        "handled",
        "handled_note",
    )
    menu_label = _("Feedback")
    menu_icon = "mail"
    menu_order = 250
    add_to_settings_menu = False
    permission_helper_class = FeedbackPermissionHelper
    inspect_view_enabled = True
    # Booleans go through methods: Django admin would render them with its own icons,
    # and django.contrib.admin (with its static files) is not installed.
    list_display = (
        "received_display",
        "item_display",
        "cell_display",
        "answer_display",
        "comment_display",
        "handled_display",
    )
    list_filter = (
        "kind",
        ActivityFilter,
        CellFilter,
        AnswerFilter,
        HelpfulFilter,
        ("created_at", ReceivedFilter),
        "tool",
        HandledFilter,
    )
    search_fields = ("comment", "handled_note", "item_label")
    list_export = tuple(EXPORT_HEADINGS)
    export_filename = "feedback"
    panels = [
        MultiFieldPanel(
            [
                (YesNoPanel if name == "helpful" else FieldPanel)(name, read_only=True)
                for name in READ_ONLY_FIELDS
            ],
            heading=_("Feedback van de bezoeker"),
        ),
        MultiFieldPanel([FieldPanel("handled"), FieldPanel("handled_note")], heading=_("Afhandeling")),
    ]

    def received_display(self, obj: Feedback) -> str:
        """Local time, as in the exports: "2026-07-01 12:30"."""
        return local_time_text(obj.created_at)

    received_display.short_description = _("ontvangen op")  # type: ignore[attr-defined]
    received_display.admin_order_field = "created_at"  # type: ignore[attr-defined]

    def item_display(self, obj: Feedback) -> str:
        """The kind, then the item's first 80 characters linking to it (the kind has no column of its own)."""
        kind = obj.get_kind_display()
        if obj.kind == "general":
            return format_html("<strong>{}</strong>", kind)
        excerpt = Truncator(obj.item_label).chars(80) or obj.object_id
        try:
            url = reverse(f"wagtailsnippets_cms_{obj.kind}:edit", args=[obj.object_id])
        except NoReverseMatch:
            return format_html("<strong>{}</strong>: {}", kind, excerpt)
        return format_html(
            '<strong>{}</strong>: <a href="{}" title="{}">{}</a>', kind, url, obj.item_label, excerpt
        )

    item_display.short_description = _("item")  # type: ignore[attr-defined]
    item_display.admin_order_field = "kind"  # type: ignore[attr-defined]

    def cell_display(self, obj: Feedback) -> str:
        """The cell's code in bold and its name, shortened; the full name as the title."""
        if not obj.cell:
            return "—"
        label = vocabulary().cell(obj.cell)
        name = label.partition(" · ")[2]
        if not name:
            return obj.cell
        return format_html(
            '<span title="{}"><strong>{}</strong> {}</span>', label, obj.cell, Truncator(name).chars(40)
        )

    cell_display.short_description = _("cel")  # type: ignore[attr-defined]
    cell_display.admin_order_field = "cell"  # type: ignore[attr-defined]

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


class DashboardMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return may_read_feedback(request.user)


@hooks.register("insert_global_admin_css")
def inbox_css() -> str:
    """Compact inbox rows at 1280 px: room for the excerpt and the cell, short dates on one line."""
    return format_html('<link rel="stylesheet" href="{}">', static("feedback/admin.css"))


@hooks.register("register_reports_menu_item")
def register_dashboard_menu_item() -> MenuItem:
    return DashboardMenuItem(
        "Wat vinden bezoekers nuttig?", reverse("feedback_dashboard"), icon_name="view", order=300
    )


@hooks.register("register_admin_urls")
def register_dashboard_url() -> list[Any]:
    return [path("feedback/nuttig/", DashboardView.as_view(), name="feedback_dashboard")]


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
