"""Numbers the Vietnamese way, for pages and documents alike."""

from __future__ import annotations


def vn_number(n: int) -> str:
    """Dots between thousands: 53460 -> `53.460`."""
    return f"{n:,}".replace(",", ".")
