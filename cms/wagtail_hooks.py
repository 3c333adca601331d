"""Admin: the content snippets and the taxonomy, grouped per area."""

from __future__ import annotations

from functools import cached_property
from typing import Any

import django_filters
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import include, path, reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.admin.views.generic.history import ActionColumn
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import HistoryView as SnippetHistoryView
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms import four_eyes
from cms.admin_views import LinkReportView, link_check_progress, start_link_check
from cms.models import (
    Activity,
    Answer,
    ChecklistStatement,
    ChecklistTheme,
    ContentItem,
    Example,
    Link,
    Question,
    Reference,
    ScaleStep,
    Tip,
    TipPlacement,
    cell_query,
)
from cms.panels import LinkUsagePanel, UsagePanel, append_panel
from cms.shared_links import CONTENTSTATE_RULE, SharedLinkHandler
from pianoo.exports import SafeCsvExportMixin

LIVE_CHOICES = ((True, _("Gepubliceerd")), (False, _("Concept")))


class LabelledModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A model choice filter whose options name what they are, not only a code."""

    def __init__(self, *args: Any, label_from_instance: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label_from_instance = label_from_instance

    @property
    def field(self) -> Any:
        field = super().field
        field.label_from_instance = self.label_from_instance
        return field


def cell_choices() -> list[tuple[str, str]]:
    """Every wegwijzer cell and checklist statement, as "S32 · Specificatie, vraag 3: …"."""
    choices: list[tuple[str, str]] = []
    activities = list(Activity.objects.all())
    answers = list(Answer.objects.select_related("question").order_by("question__number", "number"))
    for activity in activities:
        general = TipPlacement(activity=activity)
        choices.append((general.cell_key, general.cell_label))
        for answer in answers:
            placement = TipPlacement(activity=activity, answer=answer)
            choices.append((placement.cell_key, placement.cell_label))
    for statement in ChecklistStatement.objects.select_related("theme"):
        placement = TipPlacement(statement=statement)
        choices.append((placement.cell_key, placement.cell_label))
    return choices


class ContentItemFilterSet(WagtailFilterSet):
    """Filters shared by tips, examples and references: where they appear, and status."""

    activity = django_filters.ModelChoiceFilter(
        label=_("Inkoopactiviteit"),
        field_name="placements__activity",
        queryset=Activity.objects.all(),
        distinct=True,
    )
    question = django_filters.ModelChoiceFilter(
        label=_("Vraag"),
        field_name="placements__answer__question",
        queryset=Question.objects.all(),
        distinct=True,
    )
    answer = LabelledModelChoiceFilter(
        label=_("Antwoord"),
        field_name="placements__answer",
        queryset=Answer.objects.select_related("question"),
        distinct=True,
        label_from_instance=lambda a: f"Vraag {a.question.number}, antwoord {a.number}: {a.label}",
    )
    cell = django_filters.ChoiceFilter(
        label=_("Cel"),
        choices=cell_choices,
        method="filter_cell",
        help_text=_("De cel van de wegwijzer (bijv. S32, Fa) of de checklistvraag (bijv. 2.1)."),
    )
    general = django_filters.BooleanFilter(
        label=_("Algemene tip (geen antwoord)"),
        method="filter_general",
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Checklistthema"),
        field_name="placements__statement__theme",
        queryset=ChecklistTheme.objects.all(),
        distinct=True,
    )
    statement = LabelledModelChoiceFilter(
        label=_("Checklistvraag"),
        field_name="placements__statement",
        queryset=ChecklistStatement.objects.select_related("theme"),
        distinct=True,
        label_from_instance=lambda s: f"{s.key} · {s.theme.short_title}: {Truncator(s.text).chars(70)}",
    )
    live = django_filters.ChoiceFilter(label=_("Status"), choices=LIVE_CHOICES)

    def filter_cell(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        query = cell_query(value) if value else None
        return queryset.filter(query).distinct() if query is not None else queryset

    def filter_general(self, queryset: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        general = queryset.filter(placements__activity__isnull=False, placements__answer__isnull=True)
        return general.distinct() if value else queryset.exclude(pk__in=general.values("pk"))


def filterset_for(model_class: type[ContentItem]) -> type[ContentItemFilterSet]:
    meta = type("Meta", (), {"model": model_class, "fields": []})
    return type(f"{model_class.__name__}FilterSet", (ContentItemFilterSet,), {"Meta": meta})


TipFilterSet = filterset_for(Tip)
ExampleFilterSet = filterset_for(Example)
ReferenceFilterSet = filterset_for(Reference)

cell_column = Column("cells", label=_("Cel"), accessor=lambda item: "; ".join(item.cell_labels()))
live_column = Column(
    "live", label=_("Status"), accessor=lambda item: _("Gepubliceerd") if item.live else _("Concept")
)

# Other apps add to the content-item admin through these Wagtail hooks, so that cms
# imports none of them (feedback adds its "Was dit nuttig?" counts this way):
# columns before the status, the annotations behind them, and panels on the edit view.
ITEM_ADMIN_COLUMNS = "content_item_admin_columns"  # fn(model) -> list[Column]
ITEM_ADMIN_QUERYSET = "content_item_admin_queryset"  # fn(queryset, model) -> queryset
ITEM_ADMIN_EDIT_HANDLER = "content_item_admin_edit_handler"  # fn(edit_handler, model) -> edit_handler


def _extension_columns(model: type[ContentItem]) -> list[Column]:
    return [column for fn in hooks.get_hooks(ITEM_ADMIN_COLUMNS) for column in fn(model)]


class ContentItemIndexView(SafeCsvExportMixin, SnippetIndexView):
    """The listing, where searching still works while sorted by an added column.

    The search backend can only sort on indexed fields, not on the annotations
    behind the columns other apps add, so a search sorted that way searches first
    and then keeps the annotated, ordered queryset to the matches.
    """

    def search_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        # A cell code ("S32", "fa", "2.1") finds the items of that cell; words, the full text.
        cell = cell_query(self.search_query) if self.is_searching and self.search_query else None
        if cell is not None:
            return queryset.filter(pk__in=self.model.objects.filter(cell).values("pk"))
        ordering = self.ordering or []
        fields = [ordering] if isinstance(ordering, str) else list(ordering)
        annotated = {column.sort_key for column in _extension_columns(self.model)}
        if self.is_searching and any(f.lstrip("-") in annotated for f in fields):
            matches = super().search_queryset(self.model.objects.all())
            return queryset.filter(pk__in=[item.pk for item in matches])
        return super().search_queryset(queryset)


SOURCE_VERSION_LABEL = _("Terug naar de versie uit het brondocument")


def source_revision_id(item: Any) -> int | None:
    """The revision the last import wrote: the newest one without an editor, for imported items."""
    if not getattr(item, "source_key", None):
        return None
    revision = item.revisions.filter(user__isnull=True).order_by("-created_at", "-pk").only("pk").first()
    return revision.pk if revision else None


class SourceVersionActionColumn(ActionColumn):
    """History actions, plus going back to the imported version on that version's row."""

    def __init__(self, *args: Any, source_revision_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source_revision_id = source_revision_id

    def get_actions(self, instance: Any, parent_context: Any) -> list[dict[str, str]]:
        actions = super().get_actions(instance, parent_context)
        url_name = self.url_names.get("revisions_revert")
        if (
            url_name
            and self.source_revision_id
            and instance.revision_id == self.source_revision_id
            and self.source_revision_id != self.object.latest_revision_id
        ):
            url = reverse(url_name, args=(quote(self.object.pk), self.source_revision_id))
            actions.insert(0, {"url": url, "label": str(SOURCE_VERSION_LABEL)})
        return actions


class ContentItemHistoryView(SnippetHistoryView):
    """An item's history, which always offers the way back to the source document's version."""

    @cached_property
    def source_revision_id(self) -> int | None:
        return source_revision_id(self.object)

    @cached_property
    def columns(self) -> list[Any]:
        columns = list(super().columns)
        first = columns[0]
        columns[0] = SourceVersionActionColumn(
            first.name,
            label=first.label,
            object=first.object,
            url_names=first.url_names,
            user_can_unschedule=first.user_can_unschedule,
            source_revision_id=self.source_revision_id,
        )
        return columns

    @cached_property
    def header_buttons(self) -> list[Any]:
        buttons = list(super().header_buttons)
        revision = self.source_revision_id
        if revision and revision != self.object.latest_revision_id and self.revisions_revert_url_name:
            url = reverse(self.revisions_revert_url_name, args=(quote(self.object.pk), revision))
            buttons.append(HeaderButton(label=SOURCE_VERSION_LABEL, url=url, icon_name="rotate"))
        return buttons


class ContentItemViewSet(SnippetViewSet):
    """Shared listing of content items: text, where it appears, what other apps add, status."""

    index_view_class = ContentItemIndexView
    history_view_class = ContentItemHistoryView

    item_columns: list[Any] = ["__str__", cell_column]
    list_export = ["source_key", "cells", "plain_text", "live"]
    ordering = ["pk"]

    @property
    def list_display(self) -> list[Any]:  # type: ignore[override]
        return [*self.item_columns, *_extension_columns(self.model), live_column, UpdatedAtColumn()]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = self.model.objects.prefetch_related(
            "placements__activity",
            "placements__answer__question",
            "placements__statement__theme",
            "item_links__link",
        )
        for fn in hooks.get_hooks(ITEM_ADMIN_QUERYSET):
            queryset = fn(queryset, self.model)
        return queryset

    def get_edit_handler(self) -> Any:
        handler = append_panel(super().get_edit_handler(), UsagePanel(), self.model)
        for fn in hooks.get_hooks(ITEM_ADMIN_EDIT_HANDLER):
            handler = fn(handler, self.model)
        return handler


class TipViewSet(ContentItemViewSet):
    model = Tip
    icon = "pick"
    filterset_class = TipFilterSet


class ExampleViewSet(ContentItemViewSet):
    model = Example
    icon = "doc-full"
    filterset_class = ExampleFilterSet
    item_columns = ["__str__", "organisation", cell_column]


class ReferenceViewSet(ContentItemViewSet):
    model = Reference
    icon = "openquote"
    filterset_class = ReferenceFilterSet
    item_columns = ["author", "__str__", cell_column]
    list_export = ["source_key", "cells", "author", "plain_text", "live"]


class LinkFilterSet(WagtailFilterSet):
    last_status = django_filters.NumberFilter(label=_("Laatste status"))

    class Meta:
        model = Link
        fields = ["last_status"]


class LinkViewSet(SnippetViewSet):
    model = Link
    icon = "link"
    list_display = ["url", "title", "last_status", "last_checked_at"]
    list_export = ["url", "title", "last_status", "last_checked_at", "redirect_url"]
    filterset_class = LinkFilterSet
    ordering = ["url"]

    def get_edit_handler(self) -> Any:
        return append_panel(super().get_edit_handler(), LinkUsagePanel(), self.model)


class ContentViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Inhoud")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (TipViewSet, ExampleViewSet, ReferenceViewSet, LinkViewSet)


class ActivityViewSet(SnippetViewSet):
    model = Activity
    icon = "list-ol"
    list_display = ["code", "name"]


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    list_display = ["number", "kind", "text"]


class ChecklistThemeViewSet(SnippetViewSet):
    model = ChecklistTheme
    icon = "tasks"
    list_display = ["number", "short_title", "title"]


class ScaleStepViewSet(SnippetViewSet):
    model = ScaleStep
    icon = "order"
    list_display = ["value", "label"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Indeling")
    menu_icon = "table"
    menu_order = 210
    items = (ActivityViewSet, QuestionViewSet, ChecklistThemeViewSet, ScaleStepViewSet)


register_snippet(ContentViewSetGroup)
register_snippet(TaxonomyViewSetGroup)


# The report of broken, redirected and suspect links, and starting a check (cms/link_check_runs.py).
link_report_patterns = [
    path("", LinkReportView.as_view(), name="index"),
    path("resultaten/", LinkReportView.as_view(results_only=True), name="results"),
    path("controleren/", start_link_check, name="start"),
    path("voortgang/", link_check_progress, name="progress"),
]


@hooks.register("register_admin_urls")
def register_link_report_urls() -> list[Any]:
    return [path("rapporten/links/", include((link_report_patterns, "cms_link_report")))]


class LinkReportMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return LinkReportView.permission_policy.user_has_permission(request.user, "change")


@hooks.register("register_reports_menu_item")
def register_link_report_menu_item() -> MenuItem:
    return LinkReportMenuItem(
        _("Kapotte links"), reverse("cms_link_report:index"), name="broken-links", icon_name="link", order=650
    )


@hooks.register("register_rich_text_features", order=100)
def register_shared_links(features: Any) -> None:
    """Rich text may link to a shared `Link` snippet (cms/shared_links.py); after Wagtail's own rules."""
    features.register_link_type(SharedLinkHandler)
    features.register_converter_rule("contentstate", "link", CONTENTSTATE_RULE)


# Four-eyes publishing (cms/four_eyes.py): while a workflow is assigned, approval publishes.
@hooks.register("construct_snippet_action_menu")
def hide_publish_under_four_eyes(
    menu_items: list[Any], request: HttpRequest, context: dict[str, Any]
) -> None:
    if four_eyes.is_on(context["model"]):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


def _refuse_direct_publish(request: HttpRequest, model: type[Any]) -> HttpResponse | None:
    if request.method != "POST" or "action-publish" not in request.POST or not four_eyes.is_on(model):
        return None
    messages.error(
        request,
        _(
            "Vier ogen staat aan: publiceren kan alleen na goedkeuring. Kies ‘Dien in ter controle’; "
            "een tweede redacteur keurt goed en publiceert."
        ),
    )
    return HttpResponseRedirect(request.get_full_path())


@hooks.register("before_edit_snippet")
def refuse_publish_on_edit(request: HttpRequest, instance: Any) -> HttpResponse | None:
    return _refuse_direct_publish(request, type(instance))


@hooks.register("before_create_snippet")
def refuse_publish_on_create(request: HttpRequest, model: type[Any]) -> HttpResponse | None:
    return _refuse_direct_publish(request, model)
