"""Binding an applicant account to the identity it files for (writes).

A tax code typed into a form proves nothing: anyone may type An Phát's, and anyone who holds
An Phát's signed files may upload them. An account is bound to a tax code only by

- a one-time challenge signed with the enterprise's certificate (`challenge_issue`, then
  `challenge_answer`), judged by our own validator: TOTAL_PASSED, the certificate's MST equal
  to the tax code, and the signed content carrying the challenge's nonce; or
- the national sign-on (docs/sso.md): the backend that completed it calls `applicant_bind`
  with the tax code or national ID number the issuer verified.

Intake reads the bindings (selectors) to refuse or flag a dossier (dossiers.intake).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from hotro.accounts.binding_models import (
    BindingChallenge,
    BindingMethod,
    IdentityBinding,
    IdentityKind,
)
from hotro.accounts.models import Role, User
from hotro.accounts.selectors import challenge_find
from hotro.core import clock
from hotro.core.errors import (
    AppError,
    Conflict,
    FieldError,
    Forbidden,
    PayloadTooLarge,
    ValidationFailed,
)
from hotro.core.uploads import check_upload
from hotro.dossiers.domain import fields
from hotro.signatures import report as r
from hotro.signatures.pdf import UnreadableFile
from hotro.signatures.proofs import SignedProof, proof_check, token

MAX_OPEN_CHALLENGES = 5
# A challenge document is one page; a signed one with its chain stays far below this.
MAX_PROOF_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Evidence:
    """What vouches for a binding. For the sign-on: `issuer` is the OIDC issuer and `signer`
    the subject (`sub`) it verified; `document_sha256` may hold a digest of the ID token."""

    signer: str
    issuer: str
    serial: str = ""
    document_sha256: str = ""


def _applicant(user: User) -> None:
    if user.role != Role.APPLICANT:
        raise Forbidden("binding_applicants_only")


def _clean_tax_code(raw: str, field: str = "tax_code") -> str:
    try:
        return fields.tax_code(str(raw))
    except fields.Invalid as exc:
        raise ValidationFailed(errors=[FieldError(field, exc.code, exc.params)]) from exc


def _challenge_text(user: User, tax_code: str, nonce: str, expires_at: dt.datetime) -> str:
    expires = expires_at.astimezone(clock.VIETNAM).strftime("%d/%m/%Y %H:%M")
    return (
        "HỆ THỐNG HỖ TRỢ - XÁC MINH TÀI KHOẢN CỦA DOANH NGHIỆP\n"
        f"Doanh nghiệp có mã số thuế {tax_code} xác nhận tài khoản {user.username} "
        "được nộp hồ sơ đề nghị hỗ trợ thay mặt doanh nghiệp.\n"
        f"Mã xác minh: {token(nonce)}\n"
        f"Hết hạn lúc: {expires} (giờ Việt Nam)\n"
    )


@transaction.atomic
def challenge_issue(*, user: User, tax_code: str) -> BindingChallenge:
    """A new challenge for `user` to prove `tax_code`: a random nonce with an expiry, and the
    text (or PDF, documents.binding) the enterprise signs."""
    _applicant(user)
    tax_code = _clean_tax_code(tax_code)
    now = clock.now()
    # Lock the account's row: two concurrent requests cannot both pass the cap.
    User.objects.select_for_update().filter(pk=user.pk).first()
    open_ = BindingChallenge.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now)
    if open_.count() >= MAX_OPEN_CHALLENGES:
        raise Conflict("binding_challenges_open", params={"max": MAX_OPEN_CHALLENGES})
    nonce = secrets.token_hex(16)
    expires_at = now + dt.timedelta(hours=settings.HOTRO_BINDING_CHALLENGE_HOURS)
    return BindingChallenge.objects.create(
        user=user,
        tax_code=tax_code,
        nonce=nonce,
        text=_challenge_text(user, tax_code, nonce, expires_at),
        created_at=now,
        expires_at=expires_at,
    )


def _challenge_error(code: str, **params: object) -> ValidationFailed:
    return ValidationFailed(code, errors=[FieldError("challenge", code, dict(params))])


def _file_error(code: str, **params: object) -> ValidationFailed:
    return ValidationFailed(
        code, params=dict(params), errors=[FieldError("file", code, dict(params))]
    )


def _usable(challenge: BindingChallenge | None, now: dt.datetime) -> BindingChallenge:
    if challenge is None:
        raise _challenge_error("binding_challenge_unknown")
    if challenge.used_at is not None:
        raise _challenge_error("binding_challenge_used")
    if challenge.expires_at <= now:
        raise _challenge_error(
            "binding_challenge_expired",
            expired=challenge.expires_at.astimezone(clock.VIETNAM).strftime("%d/%m/%Y %H:%M"),
        )
    return challenge


_VERDICT_CODES = {
    r.HASH_FAILURE: "binding_signature_tampered",
    r.SIG_CRYPTO_FAILURE: "binding_signature_tampered",
    r.ILLEGAL_MODIFICATION: "binding_signature_tampered",
    r.FORMAT_FAILURE: "binding_signature_tampered",
    r.NO_CERTIFICATE_CHAIN_FOUND: "binding_signature_untrusted",
    r.CHAIN_CONSTRAINTS_FAILURE: "binding_signature_untrusted",
    r.OUT_OF_BOUNDS_NO_POE: "binding_signature_expired",
}


def _verdict_error(result: r.SignatureResult) -> ValidationFailed:
    sub = result.sub_indication
    code = _VERDICT_CODES.get(sub, "binding_signature_invalid")
    if sub.startswith("REVOKED"):
        code = "binding_signature_revoked"
    return _file_error(code, indication=result.indication.value, sub=sub or "—")


def _judge(proof: SignedProof, challenge: BindingChallenge) -> r.SignatureResult:
    """The signature that proves `challenge`, or the reason there is none."""
    if not proof.signatures:
        raise _file_error("binding_unsigned")
    for result in proof.signatures:  # every signature on the file must hold
        if result.indication != r.Indication.TOTAL_PASSED:
            raise _verdict_error(result)
    mine = [
        (result, nonces)
        for result, nonces in zip(proof.signatures, proof.nonces, strict=True)
        if result.signer.tax_code == challenge.tax_code
    ]
    if not mine:
        found = ", ".join(sorted({s.signer.tax_code or "—" for s in proof.signatures}))
        raise _file_error("binding_signer_mismatch", tax_code=challenge.tax_code, found=found)
    for result, nonces in mine:
        if challenge.nonce in nonces:
            return result
    raise _file_error("binding_nonce_missing", token=token(challenge.nonce))


def challenge_answer(
    *, user: User, challenge_id: str, content: bytes
) -> tuple[IdentityBinding, bool]:
    """Bind `user` to the challenge's tax code with a file signed over it (a PDF, or a CMS
    signature, attached or detached over the challenge's text). Answers the binding and
    whether it is new (an account already bound keeps its binding; the challenge is used
    either way). Nothing is written unless the proof holds."""
    _applicant(user)
    now = clock.now()
    challenge = _usable(challenge_find(user=user, challenge_id=challenge_id), now)
    if len(content) > MAX_PROOF_BYTES:
        raise PayloadTooLarge(params={"limit": MAX_PROOF_BYTES})
    if not content:
        raise _file_error("upload_empty")
    if content.startswith(b"%PDF-"):  # as every uploaded PDF: its whole structure first
        try:
            check_upload(content, allowed={"pdf"}, limit=MAX_PROOF_BYTES)
        except AppError as exc:
            raise _file_error(exc.code, **exc.params) from exc
    text = challenge.text.encode()
    try:
        proof = proof_check(
            content, moment=now, detached_content=[text, text.replace(b"\n", b"\r\n")]
        )
    except UnreadableFile as exc:
        raise _file_error("binding_file_unreadable") from exc
    result = _judge(proof, challenge)
    return _record_certificate(user, challenge, result, content, now)


@transaction.atomic
def _record_certificate(
    user: User,
    challenge: BindingChallenge,
    result: r.SignatureResult,
    content: bytes,
    now: dt.datetime,
) -> tuple[IdentityBinding, bool]:
    # Single use: of two answers racing for one challenge, one update finds it unused.
    taken = BindingChallenge.objects.filter(
        pk=challenge.pk, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if taken != 1:
        raise _challenge_error("binding_challenge_used")
    digest = hashlib.sha256(content).hexdigest()
    return _bind(
        user=user,
        kind=IdentityKind.TAX_CODE,
        identifier=challenge.tax_code,
        method=BindingMethod.CERTIFICATE,
        evidence=Evidence(
            signer=result.signer.common_name or result.signer.organisation,
            issuer=result.signer.issuer,
            serial=result.signer.serial,
            document_sha256=digest,
        ),
        proof=content,
        challenge=challenge,
        now=now,
    )


def _bind(
    *,
    user: User,
    kind: IdentityKind,
    identifier: str,
    method: BindingMethod,
    evidence: Evidence,
    now: dt.datetime,
    proof: bytes = b"",
    challenge: BindingChallenge | None = None,
) -> tuple[IdentityBinding, bool]:
    active = IdentityBinding.objects.filter(
        user=user, kind=kind, identifier=identifier, revoked_at__isnull=True
    ).first()
    if active is not None:
        return active, False
    binding = IdentityBinding(
        user=user,
        kind=kind,
        identifier=identifier,
        method=method,
        signer=evidence.signer[:300],
        issuer=evidence.issuer[:500],
        serial=evidence.serial[:80],
        document_sha256=evidence.document_sha256[:64],
        challenge=challenge,
        bound_at=now,
    )
    if proof:
        binding.proof.save(binding.document_sha256, ContentFile(proof), save=False)
    try:
        with transaction.atomic():
            binding.save(force_insert=True)
    except IntegrityError:  # a concurrent sign-on bound it first
        return IdentityBinding.objects.get(
            user=user, kind=kind, identifier=identifier, revoked_at__isnull=True
        ), False
    return binding, True


@transaction.atomic
def applicant_bind(
    *,
    user: User,
    method: str,
    evidence: Evidence,
    tax_code: str = "",
    national_id: str = "",
) -> IdentityBinding:
    """Bind `user` to a tax code or a national ID number that the national sign-on verified.
    Called by the authentication backend that completes the sign-on (docs/sso.md), once per
    verified identifier, at every sign-on (a binding already there is answered as it is).
    The evidence's issuer must be the configured one (`HOTRO_OIDC_ISSUER`)."""
    _applicant(user)
    if method != BindingMethod.SSO:
        # a certificate binding needs its signed challenge: `challenge_answer`
        raise ValidationFailed(errors=[FieldError("method", "binding_method_unknown")])
    issuer = settings.HOTRO_OIDC_ISSUER
    if not issuer or evidence.issuer != issuer:
        raise Forbidden("binding_sso_issuer")
    if bool(tax_code) == bool(national_id):
        raise ValidationFailed(errors=[FieldError("tax_code", "binding_one_identifier")])
    if tax_code:
        kind, identifier = IdentityKind.TAX_CODE, _clean_tax_code(tax_code)
    else:
        try:
            kind, identifier = IdentityKind.NATIONAL_ID, fields.national_id(national_id)
        except fields.Invalid as exc:
            raise ValidationFailed(
                errors=[FieldError("national_id", exc.code, exc.params)]
            ) from exc
    binding, _ = _bind(
        user=user,
        kind=kind,
        identifier=identifier,
        method=BindingMethod.SSO,
        evidence=evidence,
        now=clock.now(),
    )
    return binding


@transaction.atomic
def binding_revoke(*, binding: IdentityBinding, reason: str) -> IdentityBinding:
    """End a binding (an accountant who left, a certificate found compromised). The row and
    its evidence stay; dossiers filed while it held keep the flag they were given."""
    if binding.revoked_at is None:
        binding.revoked_at = clock.now()
        binding.revoked_reason = reason[:300]
        binding.save(update_fields=["revoked_at", "revoked_reason"])
    return binding
