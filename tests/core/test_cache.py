"""The cache that holds the rate limits: the embedded one (diskcache) counts exactly across
processes and keeps a counter's window; Redis (production) gives the same answers."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from diskcache import DjangoCache
from django.test import Client

from hotro.settings import cache_config

COUNTER = textwrap.dedent(
    """
    import json, sys
    from diskcache import DjangoCache
    cache = DjangoCache(sys.argv[1], json.loads(sys.argv[3]))
    cache.add("hits", 0, 3600)
    for _ in range(int(sys.argv[2])):
        cache.incr("hits")
    """
)


def embedded(location: Path) -> tuple[Any, dict[str, Any]]:
    """The embedded cache as the settings configure it, at `location`."""
    config = {**cache_config(), "LOCATION": str(location)}
    assert config["BACKEND"] == "diskcache.DjangoCache", "these tests are about the embedded one"
    params = {k: v for k, v in config.items() if k not in ("BACKEND", "LOCATION")}
    return DjangoCache(str(location), params), params


def test_processes_counting_at_once_lose_no_count(tmp_path: Path) -> None:
    processes, each = 4, 200
    _, params = embedded(tmp_path)
    workers = [
        subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", COUNTER, str(tmp_path), str(each), json.dumps(params)]
        )
        for _ in range(processes)
    ]
    assert [w.wait(timeout=300) for w in workers] == [0] * processes
    cache, _ = embedded(tmp_path)
    assert cache.get("hits") == processes * each


def test_a_count_keeps_its_window(tmp_path: Path) -> None:
    cache, _ = embedded(tmp_path)
    cache.add("hits", 0, 3600)
    _, expiry = cache.get("hits", expire_time=True)
    for _ in range(3):
        cache.incr("hits")
    value, kept = cache.get("hits", expire_time=True)
    assert value == 3
    assert kept == expiry  # not reset to a default timeout by the counting
    with pytest.raises(ValueError):
        cache.incr("missing")


def test_a_window_that_has_passed_counts_from_zero(tmp_path: Path) -> None:
    cache, _ = embedded(tmp_path)
    cache.add("hits", 0, 0.05)
    cache.incr("hits")
    deadline = time.monotonic() + 30
    while cache.get("hits") is not None:  # expiry is wall-clock: wait for it, do not guess
        assert time.monotonic() < deadline
        time.sleep(0.02)
    assert cache.add("hits", 0, 3600) is True
    assert cache.incr("hits") == 1


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
