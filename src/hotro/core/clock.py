"""The one source of "now". Tests and imports of historical dossiers set it; nothing else
calls `datetime.now()` or `date.today()`."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

_lock = threading.Lock()
_frozen: dt.datetime | None = None
_offset = dt.timedelta(0)


def now() -> dt.datetime:
    """The current instant, timezone-aware (UTC)."""
    with _lock:
        if _frozen is not None:
            return _frozen
    return dt.datetime.now(dt.UTC) + _offset


def start_at(at: dt.datetime) -> None:
    """Let the clock run from `at` onwards (a demo living on a historical day)."""
    global _offset
    if at.tzinfo is None:
        at = at.replace(tzinfo=VIETNAM)
    _offset = at - dt.datetime.now(dt.UTC)


def local_now() -> dt.datetime:
    return now().astimezone(VIETNAM)


def today() -> dt.date:
    """Today's date in Vietnam, whatever the server's zone."""
    return local_now().date()


def set_now(at: dt.datetime | None) -> None:
    """Freeze the clock at `at` (aware), or let it run again with None."""
    if at is not None and at.tzinfo is None:
        raise ValueError("the clock takes aware datetimes only")
    global _frozen
    with _lock:
        _frozen = at.astimezone(dt.UTC) if at is not None else None


@contextmanager
def frozen(at: dt.datetime) -> Iterator[None]:
    previous = _frozen
    set_now(at)
    try:
        yield
    finally:
        set_now(previous)


def vietnam_datetime(
    year: int, month: int, day: int, hour: int = 9, minute: int = 0
) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=VIETNAM)
