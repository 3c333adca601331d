"""The Content-Security-Policy: django-csp's middleware, with one exception for previews.

The policy itself is the setting CONTENT_SECURITY_POLICY (django-csp's format): strict
on the public site (no inline script or style, `frame-ancestors 'none'`), none under
/admin/ (Wagtail's admin relies on inline scripts and styles).

The exception: Wagtail renders a page or snippet preview by sending a dummy request
for the public URL through the whole middleware stack, so the preview would carry
the public `frame-ancestors 'none'` and the browser would refuse to show it in the
admin's live-preview iframe. A preview request (`request.is_preview`, set by Wagtail)
gets `frame-ancestors 'self'` instead: the admin, on the same origin, may frame it,
nobody else may. Wagtail's preview view sets `X-Frame-Options: SAMEORIGIN` to match.
This is django-csp's documented extension point (get_policy_parts), not a policy of
our own.
"""

from __future__ import annotations

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpRequest, HttpResponseBase

PREVIEW_REPLACE = {"frame-ancestors": [SELF]}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's CSPMiddleware; previews may be framed by the admin (same origin)."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if getattr(request, "is_preview", False):
            parts.replace = {**(parts.replace or {}), **PREVIEW_REPLACE}
        return parts
