"""Signature endpoints: validation of a file received by other means, and the trust store."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from hotro.accounts.models import Role
from hotro.api.auth import AUTH, current_user
from hotro.api.schemas import Problem, SignatureReportOut
from hotro.api.throttles import Limited
from hotro.core import clock
from hotro.core.errors import Forbidden
from hotro.core.uploads import check_upload, read_bounded
from hotro.signatures import selectors
from hotro.signatures.services import signatures_check

router = Router(tags=["signatures"])
ERRORS = {400: Problem, 401: Problem, 403: Problem, 422: Problem}
_STAFF = {Role.OFFICER, Role.SUPERVISOR, Role.ADMIN}


@router.post(
    "/signatures/validate",
    response={200: SignatureReportOut, 413: Problem, 415: Problem, 429: Problem, **ERRORS},
    auth=AUTH,
    throttle=[Limited("upload")],  # abuse: validating a file costs more than storing it
    summary="Validate the signatures of a PDF or XML file (multipart, field `file`)",
    description="For officers who receive a signed file by other means. Nothing is stored; the "
    "report has one entry per signature, judged now against the trust store.",
)
def validate(request: HttpRequest, file: File[UploadedFile]) -> dict[str, object]:
    if current_user(request).role not in _STAFF:
        raise Forbidden()
    content = read_bounded(file, settings.HOTRO_UPLOAD_MAX_BYTES)
    checked = check_upload(content, allowed={"pdf", "xml"}, limit=settings.HOTRO_UPLOAD_MAX_BYTES)
    now = clock.now()
    return signatures_check(content=checked.content, moment=now, received_at=now).as_json()


class TrustedCertificateOut(Schema):
    subject: str
    issuer: str
    serial: str
    sha256: str
    is_root: bool
    not_before: dt.datetime
    not_after: dt.datetime
    added_at: dt.datetime


class RevocationListOut(Schema):
    issuer: str
    sha256: str
    this_update: dt.datetime
    next_update: dt.datetime | None
    revoked_count: int
    added_at: dt.datetime


class TrustOut(Schema):
    certificates: list[TrustedCertificateOut]
    revocation_lists: list[RevocationListOut]


@router.get(
    "/trust",
    response={200: TrustOut, 401: Problem},
    auth=AUTH,
    summary="The trust store: roots and intermediate CAs, and the CRLs supplied offline",
)
def trust(request: HttpRequest) -> dict[str, object]:
    return {
        "certificates": list(selectors.trusted_certificates()),
        "revocation_lists": list(selectors.revocation_lists()),
    }
