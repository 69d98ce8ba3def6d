"""Fixtures of the browser tests (tests/web/test_browser*.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from hotro.catalog.models import Policy
from hotro.catalog.services import catalog_load
from hotro.signatures.models import TrustedCertificate
from tests import pki
from tests.web.browsing import launch


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch()


@pytest.fixture
def catalog() -> None:
    # Transactional tests empty the tables after them: bring the catalog back if needed.
    if not Policy.objects.exists():
        catalog_load(provinces={79})
    if not TrustedCertificate.objects.exists():
        pki.trust_load()
