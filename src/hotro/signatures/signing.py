"""PAdES signing of what agencies issue (slips, decisions, dispatches) with pyHanko.

Keys: one PKCS#12 file per agency, `<HOTRO_SIGNING_DIR>/agency-<code>.p12`, opened with
`HOTRO_SIGNING_PASSPHRASE`. A PKCS#11 token or HSM plugs in by returning a pyHanko
`PKCS11Signer` from `agency_signer` instead (docs/signing.md).

The visible signature follows Decree 30/2020: the organisation's red seal over the signer's
details in blue with the signing time in ISO 8601, Vietnam time (those are rendered on the
page by documents/pdf.py, with the same time as the signature's).
"""

from __future__ import annotations

import datetime as dt
import io
import math
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.content import RawContent
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_signer import PdfCMSSignedAttributes
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.stamp import StaticStampStyle

from hotro.core import aio, clock

RED = (0.85, 0.1, 0.1)
SEAL_SIZE = 64  # points


class SigningKeyMissing(Exception):
    """No key is configured for the agency: its documents go out unsigned, and say so."""


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
    """The configured signer of an agency."""
    path = Path(settings.HOTRO_SIGNING_DIR) / f"agency-{agency_code}.p12"
    if not path.is_file():
        raise SigningKeyMissing(agency_code)
    passphrase = settings.HOTRO_SIGNING_PASSPHRASE.encode() or None
    return signer_from_pkcs12(path.read_bytes(), passphrase)


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
