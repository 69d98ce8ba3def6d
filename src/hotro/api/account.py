"""The applicant's own account: binding it to an enterprise's tax code by a challenge signed
with the enterprise's certificate (accounts.binding), and the bindings it holds."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Router, Schema
from ninja import Status as Reply
from ninja.files import UploadedFile
from pydantic import Field

from hotro.accounts import binding, selectors
from hotro.accounts.binding_models import BindingChallenge, IdentityBinding
from hotro.accounts.challenge_pdf import challenge_pdf
from hotro.api.auth import AUTH, current_user
from hotro.api.schemas import Problem
from hotro.api.throttles import Limited
from hotro.core import clock
from hotro.core.uploads import read_bounded
from hotro.signatures.proofs import token

router = Router(tags=["account"])
ERRORS = {400: Problem, 401: Problem, 403: Problem, 422: Problem}


class ChallengeIn(Schema):
    tax_code: str = Field(max_length=20, description="The enterprise's tax code (MST)")


class ChallengeOut(Schema):
    id: str
    tax_code: str
    token: str = Field(description="HOTRO-XM-<nonce>: what the signed content must carry")
    text: str = Field(description="The exact text to sign as CMS (detached or attached)")
    created_at: dt.datetime
    expires_at: dt.datetime
    pdf_url: str = Field(description="The same, as a PDF to sign (PAdES)")
    text_url: str


class BindingOut(Schema):
    id: int
    kind: str = Field(description="tax_code or national_id")
    identifier: str
    method: str = Field(description="certificate (a signed challenge) or sso")
    signer: str
    issuer: str
    serial: str
    document_sha256: str
    bound_at: dt.datetime
    active: bool
    revoked_at: dt.datetime | None


def challenge_out(c: BindingChallenge) -> dict[str, object]:
    base = f"/api/v1/account/challenges/{c.id}"
    return {
        "id": str(c.id),
        "tax_code": c.tax_code,
        "token": token(c.nonce),
        "text": c.text,
        "created_at": c.created_at.astimezone(clock.VIETNAM),
        "expires_at": c.expires_at.astimezone(clock.VIETNAM),
        "pdf_url": f"{base}/pdf",
        "text_url": f"{base}/text",
    }


def binding_out(b: IdentityBinding) -> dict[str, object]:
    return {
        "id": b.id,
        "kind": b.kind,
        "identifier": b.identifier,
        "method": b.method,
        "signer": b.signer,
        "issuer": b.issuer,
        "serial": b.serial,
        "document_sha256": b.document_sha256,
        "bound_at": b.bound_at.astimezone(clock.VIETNAM),
        "active": b.active,
        "revoked_at": b.revoked_at.astimezone(clock.VIETNAM) if b.revoked_at else None,
    }


@router.post(
    "/account/challenges",
    response={201: ChallengeOut, 409: Problem, **ERRORS},
    auth=AUTH,
    summary="Ask for a challenge to bind this account to an enterprise's tax code",
    description="A random nonce for this account and tax code, single use, with an expiry "
    "(HOTRO_BINDING_CHALLENGE_HOURS). Sign its PDF (PAdES) or its text (CMS/PKCS#7, detached "
    "or attached) with the enterprise's certificate, then post the file to "
    "/account/bindings. At most 5 unused challenges at a time (409).",
)
def challenge_create(request: HttpRequest, payload: ChallengeIn) -> Reply[dict[str, object]]:
    challenge = binding.challenge_issue(user=current_user(request), tax_code=payload.tax_code)
    return Reply(201, challenge_out(challenge))


def _download(content: bytes, media_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _binary(media_type: str, what: str) -> dict[str, object]:
    content = {media_type: {"schema": {"type": "string", "format": "binary"}}}
    return {"responses": {200: {"description": what, "content": content}}}


@router.get(
    "/account/challenges/{challenge_id}/pdf",
    response={200: None, 401: Problem, 404: Problem, 429: Problem},
    auth=AUTH,
    throttle=[Limited("render")],  # abuse: each call renders a PDF
    summary="The challenge as a one-page PDF to sign with the enterprise's certificate",
    openapi_extra=_binary("application/pdf", "The PDF to sign"),
)
def challenge_download_pdf(request: HttpRequest, challenge_id: str) -> HttpResponse:
    c = selectors.challenge_get(user=current_user(request), challenge_id=challenge_id)
    return _download(challenge_pdf(c), "application/pdf", f"xac-minh-{c.tax_code}.pdf")


@router.get(
    "/account/challenges/{challenge_id}/text",
    response={200: None, 401: Problem, 404: Problem},
    auth=AUTH,
    summary="The challenge's exact text (UTF-8), to sign as CMS/PKCS#7",
    openapi_extra=_binary("text/plain", "The text to sign"),
)
def challenge_download_text(request: HttpRequest, challenge_id: str) -> HttpResponse:
    c = selectors.challenge_get(user=current_user(request), challenge_id=challenge_id)
    return _download(c.text.encode(), "text/plain; charset=utf-8", f"xac-minh-{c.tax_code}.txt")


@router.post(
    "/account/bindings",
    response={200: BindingOut, 201: BindingOut, 413: Problem, 429: Problem, **ERRORS},
    auth=AUTH,
    throttle=[Limited("upload")],  # abuse: each answer is a full signature validation
    summary="Answer a challenge with the signed file (multipart: `challenge`, `file`)",
    description="The file is the challenge's PDF signed (PAdES), or a CMS/PKCS#7 signature "
    "(.p7s, DER or PEM) over its text, detached or attached. It must pass validation "
    "(TOTAL_PASSED against the trust store), be signed with a certificate whose MST is the "
    "challenge's tax code, and what it signed must carry the challenge's token. 201: bound; "
    "200: the account was bound to this tax code already (the challenge is used).",
)
def binding_create(
    request: HttpRequest, challenge: Form[str], file: File[UploadedFile]
) -> Reply[dict[str, object]]:
    content = read_bounded(file, binding.MAX_PROOF_BYTES)
    made, created = binding.challenge_answer(
        user=current_user(request), challenge_id=challenge, content=content
    )
    return Reply(201 if created else 200, binding_out(made))


@router.get(
    "/account/bindings",
    response={200: list[BindingOut], 401: Problem},
    auth=AUTH,
    summary="The tax codes and ID numbers this account is bound to (revoked ones too)",
)
def binding_list(request: HttpRequest) -> list[dict[str, object]]:
    return [binding_out(b) for b in selectors.bindings_of(user=current_user(request))]
