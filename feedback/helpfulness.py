"""How visitors rated an item: counts for the content admin's listings and edit views.

cms does not know about feedback; it offers hooks on its content-item admin
(see cms/wagtail_hooks.py) and feedback/wagtail_hooks.py plugs these in.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel
from wagtail.admin.ui.tables import Column

from cms.panels import append_panel

from .models import Feedback


def helpfulness_annotations(model: type[models.Model]) -> dict[str, Any]:
    """Annotations `helpful_yes` / `helpful_no` (counts of feedback) for a snippet queryset."""
    content_type = ContentType.objects.get_for_model(model)

    def counted(helpful: bool) -> Coalesce:
        votes = (
            Feedback.objects.filter(content_type=content_type, object_id=OuterRef("pk"), helpful=helpful)
            .order_by()
            .values("object_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(votes, output_field=IntegerField()), Value(0))

    return {"helpful_yes": counted(True), "helpful_no": counted(False)}


def helpfulness_counts(instance: models.Model) -> tuple[int, int]:
    """(yes, no) votes on one item."""
    if instance.pk is None:
        return (0, 0)
    votes: QuerySet[Feedback] = Feedback.objects.filter(
        content_type=ContentType.objects.get_for_model(type(instance)), object_id=instance.pk
    )
    counts = votes.aggregate(yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False)))
    return (counts["yes"], counts["no"])


class HelpfulnessPanel(Panel):
    """A read-only panel on a snippet's edit view: how visitors rated this item."""

    class BoundPanel(Panel.BoundPanel):
        def render_html(self, parent_context: Any = None) -> str:
            yes, no = helpfulness_counts(self.instance)
            return format_html(
                '<section class="help-block help-info" data-helpfulness>'
                "<h2>Feedback van bezoekers</h2>"
                "<p>Was dit nuttig? <strong>Ja: {}</strong>, <strong>Nee: {}</strong>.</p>"
                "<p>De opmerkingen staan in de feedback-inbox.</p></section>",
                yes,
                no,
            )


def with_helpfulness_panel(handler: Any, model: type[models.Model]) -> Any:
    """`handler` (a snippet's bound edit handler) plus the helpfulness panel, as a last tab if tabbed."""
    return append_panel(
        handler, HelpfulnessPanel(heading=_("Feedback van bezoekers")), model, str(_("Feedback"))
    )


# Visitors' "Was dit nuttig?" votes as sortable columns of the content-item listings.
helpful_yes_column = Column("helpful_yes", label=_("Nuttig: ja"), sort_key="helpful_yes")
helpful_no_column = Column("helpful_no", label=_("Nuttig: nee"), sort_key="helpful_no")


def admin_columns(model: type[models.Model]) -> list[Column]:
    return [helpful_yes_column, helpful_no_column]


def annotate_helpfulness(queryset: QuerySet[Any], model: type[models.Model]) -> QuerySet[Any]:
    return queryset.annotate(**helpfulness_annotations(model))
