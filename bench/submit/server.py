"""`hotro serve` (gunicorn) in a subprocess, on a free port, answering once it is up."""

# ruff: noqa: S603  (runs our own `hotro` with arguments built here)
from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path
from typing import IO

from bench.submit.clients import Http
from bench.submit.config import HOTRO


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`hotro serve` in a subprocess; the run stops it when done with it, and on error."""

    def __init__(self, env: dict[str, str], workers: int, log: Path) -> None:
        self.env, self.workers, self.log_path = env, workers, log
        self.port = _free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log: IO[bytes] | None = None

    def start(self) -> Server:
        self.log = self.log_path.open("ab")
        command = [HOTRO, "serve", "--port", str(self.port), "--workers", str(self.workers)]
        self.proc = subprocess.Popen(
            command, env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"the server stopped:\n{self.tail()}")
            try:
                client = Http(self.port)
                client.request("GET", "/api/v1/public/dossiers/NONE", None, {})
                client.close()
                return self
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"the server did not answer in 180 s:\n{self.tail()}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()  # gunicorn's master stops its workers gracefully
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.log is not None:
            self.log.close()
            self.log = None

    def tail(self) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-30:])
