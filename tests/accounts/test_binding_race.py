"""A challenge is single use under concurrency too: answers raced on real connections bind
once, and every other answer is refused as used."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections

from hotro.accounts.binding import challenge_issue
from hotro.accounts.models import BindingChallenge, IdentityBinding, Role
from hotro.accounts.services import token_issue, user_create
from hotro.signatures.models import TrustedCertificate
from tests import pki
from tests.binding import signed_answer
from tests.conftest import Api
from tests.factories import APPLICANT

PARALLEL = 6


def test_one_challenge_raced_binds_once(transactional_db: None) -> None:
    # Transactional tests empty the tables after them: bring the trust store back if needed.
    if not TrustedCertificate.objects.exists():
        pki.trust_load()
    user = user_create(username="dn-dua-nhau", role=Role.APPLICANT, password="secret-pass-1")
    token = token_issue(user=user)
    challenge = challenge_issue(user=user, tax_code=APPLICANT["tax_code"])
    signed = signed_answer(challenge)
    barrier = threading.Barrier(PARALLEL)

    def one(_: int) -> Any:
        try:
            api = Api(token)
            barrier.wait(timeout=30)
            return api.client.post(
                "/api/v1/account/bindings",
                {"challenge": str(challenge.id), "file": SimpleUploadedFile("a.p7s", signed)},
                headers=api.headers,
            )
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        responses = list(pool.map(one, range(PARALLEL)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [422] * (PARALLEL - 1), [r.content for r in responses]
    assert {r.json()["code"] for r in responses if r.status_code == 422} == {
        "binding_challenge_used"
    }
    assert IdentityBinding.objects.filter(user=user).count() == 1
    assert BindingChallenge.objects.get(id=challenge.id).used_at is not None
