"""A strict Content-Security-Policy on the public site.

The Wagtail admin (and its previews) relies on inline scripts and styles, so paths
under `CSP_EXEMPT_PATHS` get none; they are for logged-in editors only.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Handler = Callable[[HttpRequest], HttpResponse]


class ContentSecurityPolicyMiddleware:
    """Sets `Content-Security-Policy` from settings.CONTENT_SECURITY_POLICY, outside the admin."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.policy: str = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        self.exempt: tuple[str, ...] = tuple(getattr(settings, "CSP_EXEMPT_PATHS", ("/admin/",)))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            self.policy
            and "Content-Security-Policy" not in response
            and not request.path.startswith(self.exempt)
            # Django's technical error pages (DEBUG only) are styled inline.
            and not (settings.DEBUG and response.status_code >= 400)
        ):
            response["Content-Security-Policy"] = self.policy
        return response
