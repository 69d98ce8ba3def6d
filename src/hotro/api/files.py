"""Stored files served as downloads: never rendered inline, never sniffed into another type."""

from __future__ import annotations

from django.core.files import File
from django.http import FileResponse


def attachment(file: File, *, filename: str, media_type: str) -> FileResponse:
    response = FileResponse(file.open("rb"), as_attachment=True, filename=filename)
    response["Content-Type"] = media_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
