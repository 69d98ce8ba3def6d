"""Request bodies bounded while they stream in, before anything reads them.

Django refuses a large body only once something reads it, and an upload is read in full (to
a temporary file) before any view can say it is too large. This middleware, first of all,
knows each path's limit and
- refuses a Content-Length over it at once (413), without reading a byte of the body;
- reads a body of unknown length (chunked) only up to the limit, into a temporary file that
  spills to disk past FILE_UPLOAD_MAX_MEMORY_SIZE, and refuses it as soon as it passes: the
  rest is never read. What was read is then handed to Django with its length, as if sent so.
API paths answer problem+json; pages a plain Vietnamese text (no page chrome this early).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpRequest, HttpResponse

from hotro.api.problems import problem
from hotro.core.messages import render

MULTIPART_OVERHEAD = 64 * 1024  # boundaries, part headers and the form's small fields
# The documents page sends every component of a policy in one form: the most any policy
# asks for (tests/core/test_body_limit.py checks the catalog against it).
FILES_PER_FORM = 4
_CHUNK = 64 * 1024

_ONE_FILE = re.compile(
    r"^/api/v1/(documents|catalog/policies/[^/]+/worker-list|signatures/validate)/?$"
)
_FORM_FILES = re.compile(
    r"^/(nop-ho-so/[^/]+/(nguoi-huong|tai-lieu)|ho-so-cua-toi/[^/]+/bo-sung)/$"
)


def body_limit(path: str) -> int:
    """The most bytes a request body to `path` may have."""
    if _ONE_FILE.match(path):
        return int(settings.HOTRO_UPLOAD_MAX_BYTES) + MULTIPART_OVERHEAD
    if _FORM_FILES.match(path):
        return int(settings.HOTRO_UPLOAD_MAX_BYTES) * FILES_PER_FORM + MULTIPART_OVERHEAD
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


class BodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = body_limit(request.path_info)
        declared = request.META.get("CONTENT_LENGTH") or ""
        if declared:
            try:
                too_large = int(declared) > limit
            except ValueError:  # Django reads such a body as empty
                too_large = False
            if too_large:
                return _refuse(request, limit)
            return self.get_response(request)
        if "chunked" not in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            return self.get_response(request)
        with tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE) as body:
            size = _spool(request.META["wsgi.input"], body, limit)
            if size > limit:
                return _refuse(request, limit)
            body.seek(0)
            request.META["CONTENT_LENGTH"] = str(size)
            # Django reads the body through this stream (WSGIRequest made it from
            # CONTENT_LENGTH, absent until now, so it would have read nothing).
            request._stream = LimitedStream(body, size)  # type: ignore[arg-type,assignment]
            return self.get_response(request)


def _spool(source: object, target: tempfile.SpooledTemporaryFile[bytes], limit: int) -> int:
    """Copy at most limit + 1 bytes; more than `limit` means too large (the rest stays unread)."""
    read = getattr(source, "read", None)
    if read is None:
        return 0
    size = 0
    while size <= limit:
        chunk = read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            break
        target.write(chunk)
        size += len(chunk)
    return size


def _refuse(request: HttpRequest, limit: int) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        response = problem(request, status=413, code="body_too_large", params={"limit": limit})
    else:
        response = HttpResponse(
            render("body_too_large", "vi", {"limit": f"{limit:,}".replace(",", ".")}),
            status=413,
            content_type="text/plain; charset=utf-8",
        )
    response["Content-Length"] = str(len(response.content))  # no middleware after us sets it
    return response
