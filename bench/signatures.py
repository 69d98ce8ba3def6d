"""Signature validations per second: a 1-page and a 200-page PDF signed with the test PKI,
judged in full (integrity, chain to the trust store, CRL, difference analysis), against two
baselines measured in the same run: hashing the file with SHA-256, and pyHanko's integrity
check alone (no certificate path, no difference analysis)."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
import os
import tempfile
import time
from collections.abc import Callable

from bench.machine import write

PAGES = (1, 200)
SECONDS = 3.0


def pdf_with_pages(n: int) -> bytes:
    """A well-formed PDF of n pages, each with a line of text."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    font = 3
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i in range(n):
        stream = f"BT /F1 12 Tf 72 720 Td (Trang {i + 1}: danh sach nguoi lao dong) Tj ET".encode()
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (content, font)
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        n,
    )
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    trailer = b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
    out.write(trailer % (len(objects) + 1, xref))
    return out.getvalue()


def rate(fn: Callable[[], object]) -> float:
    """Calls per second over about SECONDS of repeated calls (after one warm-up)."""
    fn()
    count, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < SECONDS:
        fn()
        count += 1
    return count / elapsed


def run() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotro.settings")
    os.environ["HOTRO_DATA_DIR"] = tempfile.mkdtemp(prefix="hotro-bench-")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from hotro.core import clock
    from hotro.signatures import testpki
    from hotro.signatures.services import crl_add, signatures_check, trust_add
    from hotro.signatures.signing import sign_pdf, signer_from_pkcs12

    call_command("migrate", verbosity=0)
    pki = testpki.demo_pki()
    for pem in (pki.root.cert_pem(), pki.provider_a.cert_pem(), pki.provider_b.cert_pem()):
        trust_add(data=pem)
    for crl in pki.crls:
        from cryptography.hazmat.primitives import serialization

        crl_add(data=crl.public_bytes(serialization.Encoding.DER))
    signer = signer_from_pkcs12(pki.employer.pkcs12(), testpki.DEMO_PASSPHRASE)

    rows: list[tuple[str, ...]] = [
        (
            "pages",
            "file size",
            "full validation /s",
            "pyHanko integrity only /s",
            "SHA-256 of the file /s",
            "full / integrity only (time)",
        )
    ]
    result: dict[str, object] = {"benchmark": "signature validation", "cases": {}}
    for pages in PAGES:
        data = sign_pdf(pdf_with_pages(pages), signer)
        now = clock.now()
        report = signatures_check(content=data, moment=now, received_at=now)
        assert report.indication is not None and report.indication.value == "TOTAL_PASSED"

        def full(d: bytes = data, at: dt.datetime = now) -> object:
            return signatures_check(content=d, moment=at, received_at=at)

        def integrity(d: bytes = data, at: dt.datetime = now) -> object:
            # pyHanko parsing the file and checking the signature's mathematics, against an
            # empty trust store: no path to build, no CRL, no difference analysis
            sig = PdfFileReader(io.BytesIO(d)).embedded_signatures[0]
            empty = ValidationContext(trust_roots=[], moment=at, allow_fetching=False)
            return asyncio.run(
                async_validate_pdf_signature(sig, signer_validation_context=empty, skip_diff=True)
            )

        def digest(d: bytes = data) -> object:
            return hashlib.sha256(d).digest()

        ours, base, sha = rate(full), rate(integrity), rate(digest)
        result["cases"][pages] = {  # type: ignore[index]
            "bytes": len(data),
            "full_per_s": ours,
            "integrity_only_per_s": base,
            "sha256_per_s": sha,
        }
        rows.append(
            (
                str(pages),
                f"{len(data) / 1024:,.0f} KB",
                f"{ours:,.1f}",
                f"{base:,.1f}",
                f"{sha:,.0f}",
                f"{base / ours:.2f}",
            )
        )
    write("signatures", result, rows)


if __name__ == "__main__":
    run()
