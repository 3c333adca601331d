"""Body limits that hold for file parts too: refuse a large POST before anything reads it.

Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not count multipart file parts: a 200 MB
file part to a public form was spooled to the temporary directory before the CSRF
check answered 403. This middleware looks only at the declared Content-Length, so
it refuses before a byte of the body is read:

- a public POST (every form, the API, the admin login) may carry PUBLIC_POST_MAX_BYTES;
  a body without a Content-Length (chunked) is refused too, as its size is unknown;
- only a signed-in editor, in the admin, may send up to ADMIN_UPLOAD_MAX_BYTES
  (documents and images).

It sits after AuthenticationMiddleware (to know the editor) and runs before any
view-phase hook, such as the CSRF check that would parse the body. Files under the
limit stay in memory (FILE_UPLOAD_MAX_MEMORY_SIZE), so nothing is spooled to disk.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.html import escape

Handler = Callable[[HttpRequest], HttpResponse]

MESSAGE = (
    "Uw verzoek is te groot. De formulieren op deze website sturen alleen korte tekst; "
    "bestanden kunt u hier niet meesturen."
)
LENGTH_REQUIRED = "Stuur uw verzoek met een Content-Length: verzoeken van onbekende grootte worden geweigerd."


def _refuse(request: HttpRequest, status: int, message: str) -> HttpResponse:
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"error": {"field": None, "message": message}}, status=status)
    else:
        response = HttpResponse(
            '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
            "<title>Verzoek te groot</title></head><body><main>"
            f"<h1>Verzoek te groot</h1><p>{escape(message)}</p>"
            '<p><a href="/">Naar de startpagina</a></p></main></body></html>',
            status=status,
            content_type="text/html; charset=utf-8",
        )
    # The unread body stays on the connection: don't let the client reuse it.
    response["Connection"] = "close"
    return response


class BodyLimitMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def limit_for(self, request: HttpRequest) -> int:
        """How many bytes this request's body may have."""
        if (
            request.path.startswith("/admin/")
            and request.path != reverse("wagtailadmin_login")
            and getattr(request, "user", None) is not None
            and request.user.is_authenticated
        ):
            return int(settings.ADMIN_UPLOAD_MAX_BYTES)
        return int(settings.PUBLIC_POST_MAX_BYTES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return self.get_response(request)
        declared = request.META.get("CONTENT_LENGTH") or ""
        if not declared:
            if request.META.get("HTTP_TRANSFER_ENCODING"):
                return _refuse(request, 411, LENGTH_REQUIRED)
            return self.get_response(request)
        try:
            length = int(declared)
        except ValueError:
            return _refuse(request, 400, MESSAGE)
        if length > self.limit_for(request):
            return _refuse(request, 413, MESSAGE)
        return self.get_response(request)
