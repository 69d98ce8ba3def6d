"""Stored files served as downloads: never rendered inline, never sniffed into another type."""

from __future__ import annotations

from typing import Any

from django.core.files import File
from django.http import FileResponse

from hotro.core.uploads import MEDIA_TYPES

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV = "text/csv"
BINARY = {"type": "string", "format": "binary"}
# What an upload may be, and so what a stored document is served as.
UPLOADED = tuple(MEDIA_TYPES.values())


def download(*media_types: str, status: int = 200) -> dict[str, Any]:
    """OpenAPI for an answer that is a file (`openapi_extra` of the route): its media types
    and the Content-Disposition header it always carries."""
    return {
        "responses": {
            status: {
                "description": "The file, as an attachment",
                "content": {t: {"schema": BINARY} for t in media_types},
                "headers": {
                    "Content-Disposition": {
                        "description": "attachment, with the file's name",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                },
            }
        }
    }


def attachment(file: File, *, filename: str, media_type: str) -> FileResponse:
    response = FileResponse(file.open("rb"), as_attachment=True, filename=filename)
    response["Content-Type"] = media_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
