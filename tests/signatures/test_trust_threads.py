"""The trust store's cached certificates and revocation lists are shared by every thread of a
process, and asn1crypto parses lazily: a first read racing another broke the parse (a binding
answer raced on six threads got two 500s, KeyError 'No field numbered 2'). They must come out
of the cache parsed whole, so that threads only ever read them."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.hazmat.primitives import serialization

from hotro.signatures import testpki
from hotro.signatures.services import crl_add
from hotro.signatures.trust import trust_forget, trust_material
from tests import pki

pytestmark = pytest.mark.django_db


def revoked_one() -> None:
    """A list that names one revoked certificate, so that entries are cached too."""
    ca = pki.demo().provider_a
    revoked = testpki.signer(ca, testpki.name("CÔNG TY THU HỒI", organisation="Thu hồi"))
    crl = testpki.crl(
        ca,
        [(revoked.cert, dt.datetime(2021, 10, 5, tzinfo=dt.UTC))],
        this_update=dt.datetime(2021, 10, 6, tzinfo=dt.UTC),
        next_update=dt.datetime(2021, 11, 6, tzinfo=dt.UTC),
    )
    crl_add(data=crl.public_bytes(serialization.Encoding.DER), source="test")


def test_the_cached_material_is_parsed_whole() -> None:
    revoked_one()
    trust_forget()
    material = trust_material()
    certificates = [*material.roots, *material.intermediates]
    assert certificates and material.crls
    # asn1crypto's own marks of work done: children parsed, named extensions set
    for cert in certificates:
        assert cert.children is not None and cert._processed_extensions
    entries = [e for crl in material.crls for e in crl["tbs_cert_list"]["revoked_certificates"]]
    assert entries
    for item in [*material.crls, *entries]:
        assert item._processed_extensions
