"""Each `hotro serve` worker is bounded in memory: replaced after a number of requests, and
limited in address space (HOTRO_WORKER_MEMORY_MB) from its fork on. Whatever asks for more
than that fails in that request, and the worker lives on."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hotro.core.management.commands.serve import Command

LINUX = sys.platform.startswith("linux")


def test_serve_replaces_workers_and_installs_the_memory_hook() -> None:
    argv = Command().argv(
        host="127.0.0.1", port=8000, workers=2, max_requests=1000, max_requests_jitter=100
    )

    def value(flag: str) -> str:
        return argv[argv.index(flag) + 1]

    assert value("--max-requests") == "1000" and value("--max-requests-jitter") == "100"
    assert value("--config") == "python:hotro.core.gunicorn_conf"


CHILD = r"""
import os, sys
from hotro.core.gunicorn_conf import limit_memory
applied = limit_memory()
try:
    hog = bytearray(int(sys.argv[1]) << 20)
    print("allocated", applied >> 20)
except MemoryError:
    print("refused", applied >> 20)
print("alive")
"""


@pytest.mark.skipif(not LINUX, reason="RLIMIT_AS as Linux applies it")
def test_the_limit_turns_a_huge_allocation_into_a_memory_error() -> None:
    env = {**os.environ, "HOTRO_WORKER_MEMORY_MB": "512"}
    done = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", CHILD, "1024"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["refused", "512", "alive"]
    off = {**os.environ, "HOTRO_WORKER_MEMORY_MB": "0"}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from hotro.core.gunicorn_conf import limit_memory as l; print(l())",
        ],
        capture_output=True,
        text=True,
        env=off,
        timeout=60,
    )
    assert done.stdout.strip() == "None"


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _address_limit(pid: int) -> str:
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max address space"):
            return line.split()[3]
    raise AssertionError("no address space line")


@pytest.mark.skipif(not LINUX, reason="reads /proc")
def test_gunicorn_workers_start_with_the_limit(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    argv = Command().argv(
        host="127.0.0.1", port=port, workers=1, max_requests=50, max_requests_jitter=5
    )
    env = {**os.environ, "HOTRO_WORKER_MEMORY_MB": "900", "HOTRO_DATA_DIR": str(tmp_path)}
    master = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while time.monotonic() < deadline and not workers:
            time.sleep(0.5)
            workers = _children(master.pid)
        assert workers, "no worker started"
        limit = ""
        while time.monotonic() < deadline and limit != str(900 << 20):
            limit = _address_limit(workers[0])
            time.sleep(0.2)
        assert limit == str(900 << 20)
        assert _address_limit(master.pid) != str(900 << 20)  # the master is not limited
    finally:
        master.terminate()
        master.wait(timeout=30)
