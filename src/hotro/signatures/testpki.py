"""A demonstration PKI shaped like Vietnam's: a national root, two licensed CA providers, and the
certificates of an employer, a Social Insurance office and an agency, with their CRLs.

The demo signs its sample documents with it and the tests build it afresh. Nothing here is
trusted until its root is added to the trust store (`hotro trust add`). The subjects carry
the identifiers the way Vietnamese certificates do: the tax code as `MST:…` in the UID.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

# The passphrase of the demo's PKCS#12 files. Demo only: real keys come from the agency's
# own token or HSM (see docs/signing.md).
DEMO_PASSPHRASE = b"hotro-demo-2021"

_UTC = dt.UTC
Key = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
DEFAULT_START = dt.datetime(2020, 1, 1, tzinfo=_UTC)
DEFAULT_END = dt.datetime(2031, 12, 31, tzinfo=_UTC)


def _bounded(value: str, limit: int = 64) -> str:
    """X.520 bounds CN and O at 64 (cryptography counts UTF-8 bytes): long Vietnamese agency
    names are cut at a character boundary."""
    while len(value.encode()) > limit:
        value = value[:-1]
    return value.rstrip()


def name(
    common_name: str,
    *,
    organisation: str | None = None,
    uid: str | None = None,
    locality: str | None = None,
) -> x509.Name:
    common_name = _bounded(common_name)
    organisation = _bounded(organisation) if organisation else None
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if locality:
        attrs.append(x509.NameAttribute(NameOID.LOCALITY_NAME, locality))
    if organisation:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    if uid:
        attrs.append(x509.NameAttribute(NameOID.USER_ID, uid))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(attrs)


@dataclass
class Issued:
    """A certificate with its key, and the chain above it (issuer first, root last)."""

    cert: x509.Certificate
    key: Key
    chain: list[x509.Certificate] = field(default_factory=list)

    def pkcs12(self, passphrase: bytes = DEMO_PASSPHRASE) -> bytes:
        encryption: serialization.KeySerializationEncryption = (
            serialization.BestAvailableEncryption(passphrase)
            if passphrase
            else serialization.NoEncryption()
        )
        return pkcs12.serialize_key_and_certificates(
            name=self.cert.subject.rfc4514_string().encode(),
            key=self.key,
            cert=self.cert,
            cas=self.chain or None,
            encryption_algorithm=encryption,
        )

    def key_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def cert_pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)


def _builder(
    subject: x509.Name,
    issuer: x509.Name,
    key: Key,
    not_before: dt.datetime,
    not_after: dt.datetime,
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )


def root_ca(
    common_name: str, *, not_before: dt.datetime = DEFAULT_START, years: int = 20
) -> Issued:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = name(common_name, organisation="Bộ Thông tin và Truyền thông (thử nghiệm)")
    cert = (
        _builder(
            subject, subject, key, not_before, not_before.replace(year=not_before.year + years)
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=1), critical=True)
        .add_extension(_CA_USAGE, critical=True)
        .sign(key, hashes.SHA256())
    )
    return Issued(cert, key)


_CA_USAGE = x509.KeyUsage(
    digital_signature=False,
    content_commitment=False,
    key_encipherment=False,
    data_encipherment=False,
    key_agreement=False,
    key_cert_sign=True,
    crl_sign=True,
    encipher_only=False,
    decipher_only=False,
)
_SIGNER_USAGE = x509.KeyUsage(
    digital_signature=True,
    content_commitment=True,  # non-repudiation: what a signature on a document asserts
    key_encipherment=False,
    data_encipherment=False,
    key_agreement=False,
    key_cert_sign=False,
    crl_sign=False,
    encipher_only=False,
    decipher_only=False,
)


def _aki(issuer: Issued) -> x509.AuthorityKeyIdentifier:
    return x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key())


def sub_ca(parent: Issued, common_name: str, *, organisation: str) -> Issued:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        _builder(
            name(common_name, organisation=organisation),
            parent.cert.subject,
            key,
            parent.cert.not_valid_before_utc,
            parent.cert.not_valid_after_utc,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_CA_USAGE, critical=True)
        .add_extension(_aki(parent), critical=False)
        .sign(parent.key, hashes.SHA256())
    )
    return Issued(cert, key, [parent.cert, *parent.chain])


def signer(
    ca: Issued,
    subject: x509.Name,
    *,
    not_before: dt.datetime = DEFAULT_START,
    not_after: dt.datetime = DEFAULT_END,
) -> Issued:
    """A document-signing certificate (digital signature and non-repudiation)."""
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        _builder(subject, ca.cert.subject, key, not_before, not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_SIGNER_USAGE, critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(_aki(ca), critical=False)
        # Declared, as real CAs do, so that validators check revocation; with fetching off
        # (the default) the CRL comes from the trust store, never from this address.
        .add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        full_name=[x509.UniformResourceIdentifier(_crl_url(ca))],
                        relative_name=None,
                        reasons=None,
                        crl_issuer=None,
                    )
                ]
            ),
            critical=False,
        )
        .sign(ca.key, hashes.SHA256())
    )
    return Issued(cert, key, [ca.cert, *ca.chain])


def _crl_url(ca: Issued) -> str:
    return f"http://crl.hotro.invalid/{format(ca.cert.serial_number, 'x')}.crl"


def time_stamping_authority(ca: Issued, common_name: str) -> Issued:
    """An RFC 3161 time-stamping authority's certificate (extended key usage timeStamping),
    on an RSA key as most TSAs (and pyHanko's test TSA) use."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        _builder(
            name(common_name, organisation="TSA (thử nghiệm)"),
            ca.cert.subject,
            key,
            DEFAULT_START,
            DEFAULT_END,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_SIGNER_USAGE, critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .add_extension(_aki(ca), critical=False)
        .sign(ca.key, hashes.SHA256())
    )
    return Issued(cert, key, [ca.cert, *ca.chain])


def crl(
    ca: Issued,
    revoked: Sequence[tuple[x509.Certificate, dt.datetime]] = (),
    *,
    this_update: dt.datetime = DEFAULT_START,
    next_update: dt.datetime = DEFAULT_END,
) -> x509.CertificateRevocationList:
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.cert.subject)
        .last_update(this_update)
        .next_update(next_update)
        .add_extension(_aki(ca), critical=False)
        .add_extension(x509.CRLNumber(1), critical=False)
    )
    for cert, when in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(cert.serial_number)
            .revocation_date(when)
            .build()
        )
    return builder.sign(ca.key, hashes.SHA256())


@dataclass
class DemoPki:
    root: Issued
    provider_a: Issued  # issues to businesses
    provider_b: Issued  # issues to public bodies
    employer: Issued
    social_insurance: Issued
    agencies: dict[str, Issued]  # agency code -> certificate of the agency
    crls: list[x509.CertificateRevocationList]


EMPLOYER_TAX_CODE = "0100233488"  # the demo's employer (dn.anphat); a valid check digit
SOCIAL_INSURANCE_ORG = "Bảo hiểm xã hội Việt Nam"


def demo_pki(
    *, employer_tax_code: str = EMPLOYER_TAX_CODE, agencies: dict[str, str] | None = None
) -> DemoPki:
    """Build the whole demo PKI in memory. `agencies` maps agency codes to their names."""
    root = root_ca("Root CA Quốc gia (thử nghiệm)")
    provider_a = sub_ca(root, "VNPT-CA thử nghiệm", organisation="VNPT (thử nghiệm)")
    provider_b = sub_ca(root, "Viettel-CA thử nghiệm", organisation="Viettel (thử nghiệm)")
    employer = signer(
        provider_a,
        name(
            "CÔNG TY TNHH AN PHÁT",
            organisation="Công ty TNHH An Phát",
            uid=f"MST:{employer_tax_code}",
            locality="Hồ Chí Minh",
        ),
    )
    social_insurance = signer(
        provider_b,
        name(
            "BẢO HIỂM XÃ HỘI QUẬN 1",
            organisation=SOCIAL_INSURANCE_ORG,
            uid="MST:0300000001",
            locality="Hồ Chí Minh",
        ),
    )
    issued_agencies = {
        code: signer(
            provider_b,
            name(title.upper(), organisation=title, uid=f"MNS:{code}", locality="Việt Nam"),
        )
        for code, title in (agencies or {}).items()
    }
    return DemoPki(
        root=root,
        provider_a=provider_a,
        provider_b=provider_b,
        employer=employer,
        social_insurance=social_insurance,
        agencies=issued_agencies,
        crls=[crl(provider_a), crl(provider_b)],
    )


def write(pki: DemoPki, directory: Path, passphrase: bytes = DEMO_PASSPHRASE) -> list[Path]:
    """Write the PKI as files: the root and CA certificates (PEM), CRLs (DER), and one PKCS#12
    per signer (agencies as `agency-<code>.p12`, which is where signing looks for them)."""
    directory.mkdir(parents=True, exist_ok=True)
    out: dict[str, bytes] = {
        "root.pem": pki.root.cert_pem(),
        "ca-provider-a.pem": pki.provider_a.cert_pem(),
        "ca-provider-b.pem": pki.provider_b.cert_pem(),
        "crl-provider-a.crl": pki.crls[0].public_bytes(serialization.Encoding.DER),
        "crl-provider-b.crl": pki.crls[1].public_bytes(serialization.Encoding.DER),
        "employer.p12": pki.employer.pkcs12(passphrase),
        "social-insurance.p12": pki.social_insurance.pkcs12(passphrase),
    }
    for code, issued in pki.agencies.items():
        out[f"agency-{code}.p12"] = issued.pkcs12(passphrase)
    paths = []
    for filename, content in out.items():
        path = directory / filename
        path.write_bytes(content)
        paths.append(path)
    return paths
