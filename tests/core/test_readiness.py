"""`hotro serve` prints its address after the first answer: the probe counts an answer below
500 and keeps asking through server errors and refused connections."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator

import pytest

from hotro.core import readiness


def _serve(status: int) -> Iterator[str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(status)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("status", [200, 302, 404])
def test_an_answer_below_500_is_ready(status: int) -> None:
    for url in _serve(status):
        assert readiness.first_answer(url, timeout=10) == status


def test_a_server_error_is_not_ready() -> None:
    for url in _serve(500):
        assert readiness.first_answer(url, timeout=0.6) is None


def test_nothing_listening_is_not_ready(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # free once closed: nothing listens there
    assert readiness.main([f"http://127.0.0.1:{port}", "0.6"]) == 1
    assert "did not answer" in capsys.readouterr().err


def test_the_address_is_printed_once_it_answers(capsys: pytest.CaptureFixture[str]) -> None:
    for url in _serve(200):
        assert readiness.main([url.rstrip("/"), "10"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Hỗ trợ is ready: http://127.0.0.1:") and "/api/docs" in out
