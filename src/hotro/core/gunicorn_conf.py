"""gunicorn configuration of `hotro serve` (gunicorn -c python:hotro.core.gunicorn_conf).

Each worker gets an address-space limit (RLIMIT_AS, HOTRO_WORKER_MEMORY_MB) as soon as it is
forked, before it loads the application: whatever escapes the upload checks and asks for more
memory than that fails in that worker (a MemoryError, a 500 for that request, or the worker
restarted by gunicorn) instead of taking the machine's memory from every other process.
Workers are also replaced after a number of requests (`max_requests`, set by `hotro serve`),
so that memory a worker has grown into is given back."""

from __future__ import annotations

import resource
from typing import Any

from hotro import env


def memory_limit_bytes() -> int | None:
    megabytes = int(env.WORKER_MEMORY_MB.get() or 0)
    return megabytes * 1024 * 1024 if megabytes > 0 else None


def limit_memory() -> int | None:
    """Lower this process's address-space limit to HOTRO_WORKER_MEMORY_MB (never raise it
    above a hard limit set outside); the limit applied, or None."""
    wanted = memory_limit_bytes()
    if wanted is None:
        return None
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    return wanted


def post_fork(server: Any, worker: Any) -> None:
    applied = limit_memory()
    if applied is not None:
        server.log.info("worker %s: address space limited to %d MB", worker.pid, applied >> 20)
