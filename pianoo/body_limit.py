"""Body limits that hold for file parts too: refuse a large POST before anything reads it.

Django's DATA_UPLOAD_MAX_MEMORY_SIZE refuses a large urlencoded or JSON body by its
Content-Length before reading it (a Dutch 400, pianoo/views.py), but does not count
multipart file parts: a 200 MB file part to a public form was spooled to the
temporary directory before the CSRF check answered 403. This middleware looks only
at the declared Content-Length of a multipart body, so it refuses before a byte of
it is read:

- a public multipart POST (every form, the API, the admin login) may carry
  PUBLIC_POST_MAX_BYTES, as much as any other body;
- only a signed-in editor, in the admin, may send up to ADMIN_UPLOAD_MAX_BYTES
  (documents and images).

Without a Content-Length (chunked), Django reads no body at all, so nothing spools.

It sits after AuthenticationMiddleware (to know the editor) and runs before any
view-phase hook, such as the CSRF check that would parse the body. Files under the
limit stay in memory (FILE_UPLOAD_MAX_MEMORY_SIZE), so nothing is spooled to disk.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from pianoo.views import bad_request

Handler = Callable[[HttpRequest], HttpResponse]


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
        if request.method in ("GET", "HEAD", "OPTIONS") or not request.META.get(
            "CONTENT_TYPE", ""
        ).lower().startswith("multipart/"):
            return self.get_response(request)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return self.refuse(request)
        if length > self.limit_for(request):
            return self.refuse(request)
        return self.get_response(request)

    def refuse(self, request: HttpRequest) -> HttpResponse:
        """The Dutch 400 that Django's own limit gives (handler400); the body stays unread."""
        return bad_request(request)
