"""The HTTP load: one connection per client thread, the threads released at once, and the
uploads and submissions each client posts, with their timings and failures."""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bench.submit.config import COMPONENTS
from bench.submit.jobs import Job


class Http:
    """One client's connection. gunicorn's sync workers close every connection after their
    answer: http.client then opens a new one, counted in `connects`."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        self.connects = 0

    def request(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int, bytes]:
        if self.conn.sock is None:
            self.connects += 1
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        return response.status, response.read()

    def close(self) -> None:
        self.conn.close()


def parallel(tasks: Sequence[Callable[[], Any]]) -> tuple[list[Any], float]:
    """Run each task in its own thread, all released at once: their results and the seconds
    from the release to the last one's end."""
    results: list[Any] = [None] * len(tasks)
    errors: list[BaseException] = []
    gate = threading.Barrier(len(tasks) + 1)

    def run(i: int) -> None:
        gate.wait()
        try:
            results[i] = tasks[i]()
        except BaseException as exc:  # reported by the caller's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(tasks))]
    for t in threads:
        t.start()
    gate.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start
    if errors:
        raise errors[0]
    return results, seconds


@dataclass
class Outcome:
    ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    connects: int = 0
    replayed: int = 0


def _multipart(filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = "hotro-bench-boundary-7d3f"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    return head + content + f"\r\n--{boundary}--\r\n".encode(), boundary


def uploads_task(
    port: int, token: str, jobs: Sequence[Job], files: dict[str, bytes]
) -> Callable[[], Outcome]:
    def once() -> Outcome:
        out, client = Outcome(), Http(port)
        for job in jobs:
            for component, filename in COMPONENTS:
                body, boundary = _multipart(filename, files[filename])
                headers = {
                    "Authorization": f"Bearer {token}",
                    "Content-Type": f"multipart/form-data; boundary={boundary}",
                }
                start = time.perf_counter()
                status, data = client.request("POST", "/api/v1/documents", body, headers)
                out.ms.append((time.perf_counter() - start) * 1000)
                if status != 201:
                    out.failures.append(f"upload {job.index}: HTTP {status} {data[:300]!r}")
                    continue
                job.body["documents"].append(
                    {"component": component, "upload_id": json.loads(data)["id"]}
                )
        out.connects = client.connects
        client.close()
        return out

    return once


def submissions_task(port: int, token: str, jobs: Sequence[Job]) -> Callable[[], Outcome]:
    def once() -> Outcome:
        out, client = Outcome(), Http(port)
        for job in jobs:
            body = json.dumps(job.body, ensure_ascii=False).encode()
            headers = {
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/json",
                "Idempotency-Key": job.key,
            }
            start = time.perf_counter()
            try:
                status, data = client.request("POST", "/api/v1/dossiers", body, headers)
            except (OSError, http.client.HTTPException) as exc:
                out.failures.append(f"dossier {job.index}: {exc!r}")
                client.close()
                continue
            out.ms.append((time.perf_counter() - start) * 1000)
            code = json.loads(data).get("code") if status in (200, 201) else None
            if not code:
                out.failures.append(f"dossier {job.index}: HTTP {status} {data[:500]!r}")
                continue
            job.code = code
            out.replayed += status == 200
        out.connects = client.connects
        client.close()
        return out

    return once


def merge(outcomes: Sequence[Outcome]) -> Outcome:
    total = Outcome()
    for o in outcomes:
        total.ms += o.ms
        total.failures += o.failures
        total.connects += o.connects
        total.replayed += o.replayed
    return total
