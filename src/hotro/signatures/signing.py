"""PAdES signing of what agencies issue (slips, decisions, dispatches) with pyHanko.

Keys: one PKCS#12 file per agency, `<HOTRO_SIGNING_DIR>/agency-<code>.p12`, opened with
`HOTRO_SIGNING_PASSPHRASE`. In production a key must be protected: an empty passphrase, the
demo's (it is published) or a file that opens without one is refused (`key_problem`). A key
that is there but cannot be used stops what would issue the document (503, nothing changed)
rather than let it go out unsigned. A PKCS#11 token or HSM plugs in by returning a pyHanko
`PKCS11Signer` from `agency_signer` instead (docs/signing.md).

The visible signature follows Decree 30/2020: the organisation's red seal over the signer's
details in blue with the signing time in ISO 8601, Vietnam time (those are rendered on the
page by documents/pdf.py, with the same time as the signature's).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import math
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.content import RawContent
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_signer import PdfCMSSignedAttributes
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.stamp import StaticStampStyle

from hotro.core import aio, clock
from hotro.core.errors import AppError
from hotro.signatures.testpki import DEMO_PASSPHRASE

log = logging.getLogger(__name__)

RED = (0.85, 0.1, 0.1)
SEAL_SIZE = 64  # points


class SigningKeyMissing(Exception):
    """No key is configured for the agency: its documents go out unsigned, and say so."""


class SigningKeyUnusable(AppError):
    """A key is configured for the agency but cannot be used (wrong passphrase, unreadable, or
    not protected in production). What would issue the document stops: it must not go out
    unsigned when the agency is known to sign, nor signed with a key anyone can open."""

    status = 503
    default_code = "signing_key_unusable"


def passphrase_problem(passphrase: bytes, *, production: bool) -> str | None:
    """Why this passphrase may not protect an agency key, or None. Outside production (the
    demo, the tests) any will do."""
    if not production:
        return None
    if not passphrase:
        return "signing_key_passphrase_empty"
    if passphrase == DEMO_PASSPHRASE:
        return "signing_key_passphrase_demo"
    return None


def _opens_without_passphrase(data: bytes) -> bool:
    for attempt in (None, b""):
        try:
            pkcs12.load_key_and_certificates(data, attempt)
        except (ValueError, TypeError):
            continue
        return True
    return False


def key_problem(data: bytes, passphrase: bytes, *, production: bool) -> str | None:
    """Why a PKCS#12 file may not be used as an agency key in this mode, or None: the
    passphrase's problem, or (in production) a file not encrypted at all."""
    problem = passphrase_problem(passphrase, production=production)
    if problem is None and production and _opens_without_passphrase(data):
        problem = "signing_key_unencrypted"
    return problem


def production() -> bool:
    # settings.PRODUCTION (HOTRO_ENV) is the deployment mode; absent means not production.
    return bool(getattr(settings, "PRODUCTION", False))


@dataclass(frozen=True)
class Placement:
    """Where the visible signature goes: page index (0-based, -1 = last) and a box in PDF
    points from the bottom-left corner."""

    page: int
    box: tuple[int, int, int, int]


def signer_from_pkcs12(data: bytes, passphrase: bytes | None) -> signers.SimpleSigner:
    loaded = signers.SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=passphrase)
    if loaded is None:
        raise SigningKeyMissing("unreadable PKCS#12")
    return loaded


def agency_signer(agency_code: str) -> signers.Signer:
    """The configured signer of an agency. Raises SigningKeyMissing when it has no key, and
    SigningKeyUnusable when its key cannot or may not be used."""
    path = Path(settings.HOTRO_SIGNING_DIR) / f"agency-{agency_code}.p12"
    if not path.is_file():
        raise SigningKeyMissing(agency_code)
    data = path.read_bytes()
    passphrase = settings.HOTRO_SIGNING_PASSPHRASE.encode()
    problem = key_problem(data, passphrase, production=production())
    if problem is not None:
        log.error("agency key %s refused: %s", path, problem)
        raise SigningKeyUnusable(problem, params={"agency": agency_code})
    try:
        return signer_from_pkcs12(data, passphrase or None)
    except (ValueError, SigningKeyMissing) as exc:  # wrong passphrase, or not a PKCS#12 key
        log.error("agency key %s cannot be opened: %s", path, exc)
        raise SigningKeyUnusable(params={"agency": agency_code}) from exc


def _seal(size: float) -> RawContent:
    """A red seal drawn as vectors: two rings and a five-pointed star."""
    c = size / 2
    k = 0.5523  # Bézier circle constant

    def circle(radius: float) -> str:
        d = radius * k
        # four Bézier quarters, counter-clockwise from the rightmost point
        quarters = [
            ((c + radius, c + d), (c + d, c + radius), (c, c + radius)),
            ((c - d, c + radius), (c - radius, c + d), (c - radius, c)),
            ((c - radius, c - d), (c - d, c - radius), (c, c - radius)),
            ((c + d, c - radius), (c + radius, c - d), (c + radius, c)),
        ]
        path = [f"{c + radius:.2f} {c:.2f} m"]
        for quarter in quarters:
            path.append(" ".join(f"{x:.2f} {y:.2f}" for x, y in quarter) + " c")
        return " ".join(path) + " S"

    points = []
    for i in range(10):
        radius = c * (0.38 if i % 2 == 0 else 0.16)
        angle = math.pi / 2 + i * math.pi / 5
        points.append((c + radius * math.cos(angle), c + radius * math.sin(angle)))
    star = " ".join(f"{x:.2f} {y:.2f} {'m' if i == 0 else 'l'}" for i, (x, y) in enumerate(points))
    rgb = " ".join(f"{v:.2f}" for v in RED)
    ops = (f"q {rgb} RG {rgb} rg 2 w {circle(c - 2)} 1 w {circle(c * 0.72)} {star} h f Q").encode()
    return RawContent(ops, box=layout.BoxConstraints(width=size, height=size))


def seal_style() -> StaticStampStyle:
    """The visible signature: the red seal alone. The signer's details are on the page."""
    return StaticStampStyle(
        background=_seal(SEAL_SIZE),
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(0),
        ),
        background_opacity=0.85,
        border_width=0,
    )


async def _sign(
    data: bytes,
    signer: signers.Signer,
    *,
    at: dt.datetime,
    field_name: str,
    placement: Placement | None,
    reason: str | None,
    timestamper: TimeStamper | None = None,
) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    field_spec = None
    if placement is not None:
        page = placement.page
        if page < 0:
            page = int(writer.root["/Pages"]["/Count"]) + page
        field_spec = fields.SigFieldSpec(field_name, on_page=page, box=placement.box)
    pdf_signer = signers.PdfSigner(
        signers.PdfSignatureMetadata(
            field_name=field_name,
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=reason,
            location="Việt Nam",
        ),
        signer=signer,
        stamp_style=seal_style() if placement is not None else None,
        new_field_spec=field_spec,
        timestamper=timestamper,
    )
    # The same steps as pyHanko's sign_pdf, with the signing time taken from our clock so
    # that the claimed time, the stamp and the dossier's history agree.
    session = pdf_signer.init_signing_session(writer)
    session.system_time = at
    validation_info = await session.perform_presign_validation(writer)
    reserved = await session.estimate_signature_container_size(validation_info, tight=False)
    tbs = session.prepare_tbs_document(
        validation_info=validation_info,
        bytes_reserved=reserved,
    )
    digest, output = tbs.digest_tbs_document(output=io.BytesIO())
    done = await tbs.perform_signature(
        document_digest=digest.document_digest,
        pdf_cms_signed_attrs=PdfCMSSignedAttributes(signing_time=at),
    )
    await done.post_signature_processing(output)
    assert isinstance(output, io.BytesIO)
    return output.getvalue()


def sign_pdf(
    data: bytes,
    signer: signers.Signer,
    *,
    at: dt.datetime | None = None,
    field_name: str = "Signature1",
    placement: Placement | None = None,
    reason: str | None = None,
    timestamper: TimeStamper | None = None,
) -> bytes:
    """Sign a PDF (PAdES B-B, or B-T with a `timestamper`) as an incremental update; with
    `placement`, a visible seal."""
    return aio.run(
        _sign(
            data,
            signer,
            at=at or clock.now(),
            field_name=field_name,
            placement=placement,
            reason=reason,
            timestamper=timestamper,
        )
    )
