"""The cache that holds the rate limits: the embedded file cache counts exactly across
processes and keeps a counter's window; Redis (production) gives the same answers."""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from hotro.core.filecache import LockedFileCache

COUNTER = textwrap.dedent(
    """
    import sys
    from hotro.core.filecache import LockedFileCache
    cache = LockedFileCache(sys.argv[1], {})
    cache.add("hits", 0, 3600)
    for _ in range(int(sys.argv[2])):
        cache.incr("hits")
    """
)


def test_processes_counting_at_once_lose_no_count(tmp_path: Path) -> None:
    processes, each = 4, 200
    workers = [
        subprocess.Popen([sys.executable, "-c", COUNTER, str(tmp_path), str(each)])  # noqa: S603
        for _ in range(processes)
    ]
    assert [w.wait(timeout=120) for w in workers] == [0] * processes
    assert LockedFileCache(str(tmp_path), {}).get("hits") == processes * each


def test_a_count_keeps_its_window(tmp_path: Path) -> None:
    cache = LockedFileCache(str(tmp_path), {})
    cache.add("hits", 0, 3600)
    with open(cache._key_to_file("hits"), "rb") as f:  # type: ignore[attr-defined]
        expiry = pickle.load(f)  # noqa: S301
    for _ in range(3):
        cache.incr("hits")
    with open(cache._key_to_file("hits"), "rb") as f:  # type: ignore[attr-defined]
        assert abs(pickle.load(f) - expiry) < 5  # noqa: S301  # not reset to the default 300 s
    assert cache.get("hits") == 3
    with pytest.raises(ValueError):
        cache.incr("missing")


@pytest.fixture
def redis_cache(tmp_path: Path, settings: Any) -> Iterator[None]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    sock = tmp_path / "redis.sock"
    server = subprocess.Popen(  # noqa: S603
        [binary, "--port", "0", "--unixsocket", str(sock), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not sock.exists():
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": f"unix://{sock}",
            }
        }
        yield
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.django_db
def test_the_limits_hold_on_redis(redis_cache: None, settings: Any) -> None:
    settings.HOTRO_RATES = {**settings.HOTRO_RATES, "lookup": {"ip": "3/10m"}}
    client = Client()
    codes = [
        client.get("/api/v1/public/dossiers/NCOVI.000.00.46.H29-211013-9999").status_code
        for _ in range(4)
    ]
    assert codes == [404, 404, 404, 429]
