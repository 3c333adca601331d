"""Wiring: which changes invalidate the cached advice and results."""

from django.apps import apps
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

from cms.cache import bump_content_version

# Apps whose models are content: a change to any of them changes what visitors see.
CONTENT_APPS = ("cms", "wegwijzer", "checklist")
# Models in those apps that are not content (visitor input, bookkeeping).
NOT_CONTENT = {"contentversion"}


def _is_content(model: type[Model]) -> bool:
    meta = model._meta
    return (
        meta.app_label in CONTENT_APPS
        and meta.model_name not in NOT_CONTENT
        and not getattr(model, "not_content", False)
    )


def connect() -> None:
    for model in apps.get_models():
        if _is_content(model):
            uid = f"bump-content-version-{model._meta.label_lower}"
            post_save.connect(bump_content_version, sender=model, dispatch_uid=uid + "-save")
            post_delete.connect(bump_content_version, sender=model, dispatch_uid=uid + "-delete")
    for signal in (
        published,
        unpublished,
        page_published,
        page_unpublished,
        post_page_move,
        page_slug_changed,
    ):
        signal.connect(bump_content_version, dispatch_uid=f"bump-content-version-{id(signal)}")
    # Page addresses, and whether any page is restricted, are cached per content version too
    # (pianoo/page_routes.py).
    for model in (Site, PageViewRestriction):
        uid = f"bump-content-version-{model._meta.label_lower}"
        post_save.connect(bump_content_version, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(bump_content_version, sender=model, dispatch_uid=uid + "-delete")
