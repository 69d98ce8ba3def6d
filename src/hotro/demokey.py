"""The demo's published second-factor key, and its current code computed with the standard
library alone (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), so that `hotro democode`
answers at once: `hotro.cli` calls it before Django starts. django-otp checks the same code
(a test compares the two)."""

from __future__ import annotations

import hashlib
import hmac
import struct
import time

# The demo's officers, supervisors and administrator share one published second-factor key, so
# that a newcomer can log in with any authenticator app (README), or read the code from
# `hotro democode`. Never used outside the demo.
DEMO_TOTP_KEY = "686f74726f2d64656d6f2d323032312d6f747021"  # hex, as django-otp stores it
DEMO_TOTP_BASE32 = "NBXXI4TPFVSGK3LPFUZDAMRRFVXXI4BB"  # the same key, as the apps take it
STEP_SECONDS = 30
DIGITS = 6


def totp(key: bytes, at: float | None = None) -> str:
    """The code of `key` at the Unix time `at` (now by default), zero-padded."""
    counter = int((time.time() if at is None else at) // STEP_SECONDS)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**DIGITS:0{DIGITS}d}"


def demo_code(at: float | None = None) -> str:
    """The code the published demo key gives now (or at `at`)."""
    return totp(bytes.fromhex(DEMO_TOTP_KEY), at)
