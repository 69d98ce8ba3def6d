"""The embedded cache: Django's file cache, made fit to hold the rate limits' counters.

gunicorn's workers are separate processes, so an in-memory cache would give each its own
count. Django's file cache is shared by every process of the machine, but for counting it
falls short in three ways, each fixed here:
- `incr` reads and writes in two steps, so two workers counting at once lose one count:
  `add` and `incr` run under one lock file (fcntl), opened per call so that forked workers
  never share one lock (about 1.4 ms more per count than Django's on a loaded 2-core machine);
- `incr` writes the new value with the default timeout, so a counter of a one-hour window
  would vanish five minutes after its last count: the entry's own expiry is kept;
- every write lists the whole directory to decide whether to cull (70 ms at 20,000 entries):
  the count is taken at most once a minute per process, and expired entries (the counters
  of windows that have passed) go first, before Django's random cull.
Production uses Redis (HOTRO_CACHE_URL), whose INCR is atomic and whose keys expire alone.
"""

from __future__ import annotations

import os
import pickle
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files import locks

CULL_INTERVAL = 60.0  # seconds between two counts of the entries, per process


class LockedFileCache(FileBasedCache):
    _next_cull = 0.0

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self._createdir()  # type: ignore[attr-defined]
        with open(os.path.join(self._dir, "lock"), "a+b") as f:  # type: ignore[attr-defined]
            locks.lock(f, locks.LOCK_EX)
            try:
                yield
            finally:
                locks.unlock(f)

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        with self._locked():
            return bool(super().add(key, value, timeout, version))

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        with self._locked():
            fname = self._key_to_file(key, version)  # type: ignore[attr-defined]
            try:
                with open(fname, "rb") as f:
                    expiry = pickle.load(f)  # noqa: S301 (our own files, written by set)
                    value = pickle.loads(zlib.decompress(f.read()))  # noqa: S301
            except (FileNotFoundError, EOFError, zlib.error, pickle.UnpicklingError) as exc:
                raise ValueError(f"Key '{key}' not found") from exc
            now = time.time()
            if expiry is not None and expiry <= now:
                raise ValueError(f"Key '{key}' not found")
            value += delta
            remaining = None if expiry is None else max(expiry - now, 0.001)
            self.set(key, value, timeout=remaining, version=version)
            return value

    def _cull(self) -> None:
        now = time.monotonic()
        if now < self._next_cull:
            return
        self._next_cull = now + CULL_INTERVAL
        files = self._list_cache_files()  # type: ignore[attr-defined]
        if len(files) < self._max_entries:
            return
        for fname in files:
            try:
                with open(fname, "rb") as f:
                    self._is_expired(f)  # type: ignore[attr-defined]  # deletes it if so
            except FileNotFoundError:
                pass
        super()._cull()  # type: ignore[misc]  # at random, if still too many
