"""Routing to a routable page's sub-addresses without walking Wagtail's page tree.

Wagtail finds the page for every request by looking up the Site (one query) and
walking the tree one path segment at a time (a query each, plus one to make the
page specific). For the checklist's sub-addresses (`/checklist/ronde/<token>/`,
the results form post) that routing was a third of the request. The live routable
pages are few and change only when content changes, so their addresses are cached
per content version (cms/cache.py). A request under one of them is resolved by the
page's own `resolve_subpage`, the route is stored where Wagtail keeps it for the
request (`request._wagtail_route_for_request`, documented on
`Page.route_for_request`), and served as `wagtail.views.serve` does: the
`before_serve_page` and `on_serve_page` hooks, then `page.serve`. Wagtail's own
view-restriction hook is left out, as the shortcut is only taken while no page has
a view restriction (two queries per request otherwise).

Only for a single default Site and no view restrictions: with several sites the page
depends on the Host, and a restriction must be checked, so Wagtail then routes as
usual. Anything that does not resolve goes to Wagtail unchanged. Publishing, moving
or renaming a page, and editing sites or view restrictions, bump the content version
(cms/signals.py).

Why not a whole-page cache (wagtail-cache, Django's cache middleware): these pages are
private (no-store) and differ per token and per answer; only their route is shared.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpRequest, HttpResponse
from wagtail import hooks
from wagtail import views as wagtail_views
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, PageViewRestriction, Site, get_page_models
from wagtail.url_routing import RouteResult
from wagtail.wagtail_hooks import check_view_restrictions

from cms.cache import cached


def routable_pages() -> tuple[tuple[str, Page], ...]:
    """(path relative to the site root, live page) of each routable page, shortest path first.

    Empty unless there is exactly one Site, it is the default one, and no page has a
    view restriction.
    """

    def load() -> tuple[tuple[str, Page], ...]:
        sites = list(Site.objects.select_related("root_page")[:2])
        if len(sites) != 1 or not sites[0].is_default_site or PageViewRestriction.objects.exists():
            return ()
        root = sites[0].root_page
        found = []
        for model in get_page_models():
            if issubclass(model, RoutablePageMixin) and not model._meta.abstract:
                kind = ContentType.objects.get_for_model(model)  # not its subclasses' pages
                for page in (
                    model.objects.live().descendant_of(root, inclusive=True).filter(content_type=kind)
                ):
                    found.append((page.url_path[len(root.url_path) :], page))
        return tuple(sorted(found, key=lambda item: len(item[0])))

    return cached("pages:routable", load)


def route(request: HttpRequest, path: str) -> RouteResult | None:
    """The route to a routable page's sub-address `path` ("checklist/ronde/x/"), or None.

    Only for two path segments or more (a page below the root and its sub-address), so
    that the pages themselves ("/", "/checklist/") never pay for loading the routes.
    """
    if path.count("/") < 2:
        return None
    for prefix, page in routable_pages():
        if not path.startswith(prefix):
            continue
        try:
            match = page.resolve_subpage("/" + path[len(prefix) :])  # type: ignore[attr-defined]
        except Http404:
            continue  # as Wagtail: the page's children, or a deeper routable page
        request.routable_resolver_match = match  # type: ignore[attr-defined]
        return RouteResult(page, args=(match.func, match.args, match.kwargs))
    return None


def serve(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's serve view, with the route of routable pages taken from the cache."""
    found = None if hasattr(request, "_wagtail_route_for_request") else route(request, path)
    if found is None:
        return wagtail_views.serve(request, path)
    request._wagtail_route_for_request = found  # type: ignore[attr-defined]
    page, args, kwargs = found
    # As wagtail.views.serve, without the view-restriction check (there are none, see above).
    chain = wagtail_views.serve_chain
    for on_serve in reversed(hooks.get_hooks("on_serve_page")):
        if on_serve is not check_view_restrictions:
            chain = on_serve(chain)
    for before_serve in hooks.get_hooks("before_serve_page"):
        result = before_serve(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    response: HttpResponse = chain(page, request, args, kwargs)
    return response
