"""Finding 4: a 200 MB body was read in full before the 413. The limit is now enforced while
the body streams in (hotro.core.bodylimit), checked here in-process and against a real
gunicorn server with a raw socket: the 413 comes back before the body is sent, a chunked body
stops being read past the limit, and the worker's memory does not grow."""

from __future__ import annotations

import contextlib
import io
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from hotro.accounts.models import Role, User
from hotro.accounts.services import token_issue
from hotro.catalog.models import Policy
from hotro.core.bodylimit import FILES_PER_FORM, BodyLimitMiddleware, body_limit
from tests.factories import pdf_bytes

MB = 1024 * 1024
HUGE = 200 * MB


# -- in-process ---------------------------------------------------------------------------


def test_each_path_has_its_limit(settings: Any) -> None:
    upload = settings.HOTRO_UPLOAD_MAX_BYTES
    assert upload < body_limit("/api/v1/documents") < upload + MB
    assert body_limit("/nop-ho-so/QD23-TAM-HOAN-HDLD/tai-lieu/") > FILES_PER_FORM * upload
    assert body_limit("/api/v1/dossiers") == settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert body_limit("/dang-nhap/") == settings.DATA_UPLOAD_MAX_MEMORY_SIZE


@pytest.mark.django_db
def test_no_policy_asks_more_files_than_one_form_may_carry() -> None:
    most = max(p.documents.count() for p in Policy.objects.all())
    assert most <= FILES_PER_FORM


@pytest.mark.django_db
def test_a_declared_length_over_the_limit_is_refused_unread(applicant: User) -> None:
    # The test client's payload raises if anything reads past the 10 bytes it holds.
    r = Client().post(
        "/api/v1/documents",
        data=b"0123456789",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(HUGE),
        headers={"Authorization": f"Bearer {token_issue(user=applicant)}"},
    )
    assert r.status_code == 413
    assert r["Content-Type"].startswith("application/problem+json")
    assert r.json()["code"] == "body_too_large"
    page = Client().post("/dang-ky/", data=b"a=1", content_type="x", CONTENT_LENGTH=str(6 * MB))
    assert page.status_code == 413 and "quá lớn" in page.content.decode()


class CountingStream(io.RawIOBase):
    """An endless body that counts what is read of it."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        size = 64 * 1024 if size is None or size < 0 else size
        self.read_bytes += size
        return b"x" * size


def _chunked(body: Any, path: str = "/api/v1/dossiers") -> HttpRequest:
    request = RequestFactory().generic(
        "POST", path, content_type="application/json", HTTP_TRANSFER_ENCODING="chunked"
    )
    request.META.pop("CONTENT_LENGTH", None)
    request.META["wsgi.input"] = body
    return request


def test_a_chunked_body_within_the_limit_reaches_django_whole() -> None:
    seen: list[bytes] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(request.body)
        return HttpResponse("ok")

    body = b'{"policy_code": "QD23-TAM-HOAN-HDLD"}' * 1000
    response = BodyLimitMiddleware(view)(_chunked(io.BytesIO(body)))
    assert response.status_code == 200 and seen == [body]


def test_a_chunked_body_stops_being_read_past_the_limit(settings: Any) -> None:
    stream = CountingStream()

    def view(request: HttpRequest) -> HttpResponse:
        raise AssertionError("the view is never reached")

    response = BodyLimitMiddleware(view)(_chunked(stream))
    assert response.status_code == 413
    assert stream.read_bytes == settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1


# -- a real gunicorn, a raw socket ---------------------------------------------------------


@dataclass
class Server:
    port: int
    worker: int

    def peak_kib(self) -> int:
        """The worker's peak resident memory (VmHWM), in KiB."""
        with open(f"/proc/{self.worker}/status") as f:
            return int(re.search(r"VmHWM:\s+(\d+)", f.read()).group(1))  # type: ignore[union-attr]

    def connect(self) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=30)


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def server(transactional_db: None, tmp_path: Any) -> Iterator[Server]:
    """gunicorn with one sync worker on a free port, on the test database (the users and
    tokens of a transactional test are committed, so it sees them)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hotro.settings",
        "DATABASE_URL": _database_url(),
        "HOTRO_DATA_DIR": str(tmp_path / "data"),
        "HOTRO_ALLOWED_HOSTS": "127.0.0.1",
        # The server lives on the tests' day, so that the tokens made for it are in force.
        "HOTRO_CLOCK_START": "2021-10-13T09:30",
    }
    argv = [sys.executable, "-m", "gunicorn", "hotro.wsgi:application", "--bind", "127.0.0.1:0"]
    argv += ["--workers", "1", "--timeout", "120", "--graceful-timeout", "3"]
    proc = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stderr or ()], daemon=True).start()
    port = worker = 0
    deadline = time.monotonic() + 120
    try:
        while not (port and worker):
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            if m := re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", line):
                port = int(m.group(1))
            if m := re.search(r"Booting worker with pid: (\d+)", line):
                worker = int(m.group(1))
        _ready(port, deadline)
        yield Server(port, worker)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _ready(port: int, deadline: float) -> None:
    """The worker has loaded the application (it boots before it imports it)."""
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
                sock.sendall(b"GET /api/openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                if sock.recv(64).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError("gunicorn did not answer")
        time.sleep(0.2)


def _head(path: str, headers: dict[str, str]) -> bytes:
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _response(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (h.partition(":") for h in header_lines)}
    want = int(headers.get("content-length", "-1"))  # -1: until the server closes
    try:
        while (want < 0 or len(body) < want) and (chunk := sock.recv(65536)):
            body += chunk
    except ConnectionResetError:  # closed with our unread bytes in its buffer
        pass
    return int(status_line.split()[1]), headers, body


BOUNDARY = "hotro-boundary"


def _multipart(content: bytes) -> bytes:
    return (
        (
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=file; filename=a.pdf\r\n"
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


def _upload_headers(token: str, **more: str) -> dict[str, str]:
    return {
        "Authorization": f"Bearer {token}",
        "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
        **more,
    }


@pytest.fixture
def token(make_user: Callable[..., User]) -> str:
    return token_issue(user=make_user(Role.APPLICANT))


def _warm(server: Server, token: str) -> None:
    """One real upload first, so that the worker has loaded everything an upload needs."""
    body = _multipart(pdf_bytes("warm"))
    with server.connect() as sock:
        sock.sendall(
            _head("/api/v1/documents", _upload_headers(token, **{"Content-Length": str(len(body))}))
            + body
        )
        status, _, content = _response(sock)
    assert status == 201, content[:300]


def _stream(sock: socket.socket, chunks: Iterator[bytes], sent: list[int]) -> None:
    try:
        for chunk in chunks:
            sock.sendall(chunk)
            sent[0] += len(chunk)
    except OSError:  # the server has answered and closed: what we wanted
        pass


@pytest.mark.slow
def test_a_huge_declared_upload_is_refused_before_its_body_is_sent(
    server: Server, token: str
) -> None:
    _warm(server, token)
    before = server.peak_kib()
    with server.connect() as sock:
        sock.settimeout(10)  # the old code waited here for 200 MB that never came
        started = time.monotonic()
        sock.sendall(
            _head("/api/v1/documents", _upload_headers(token, **{"Content-Length": str(HUGE)}))
        )
        status, headers, body = _response(sock)
        elapsed = time.monotonic() - started
    assert status == 413 and headers["content-type"].startswith("application/problem+json")
    assert b"body_too_large" in body
    assert elapsed < 10
    assert server.peak_kib() - before < 8 * 1024
    print(f"\n413 after {elapsed * 1000:.0f} ms, peak RSS {before} -> {server.peak_kib()} KiB")


@pytest.mark.slow
def test_a_client_that_sends_anyway_is_cut_off(server: Server, token: str) -> None:
    _warm(server, token)
    before = server.peak_kib()
    sent = [0]
    with server.connect() as sock:
        sock.sendall(
            _head("/api/v1/documents", _upload_headers(token, **{"Content-Length": str(HUGE)}))
        )
        sender = threading.Thread(
            target=_stream, args=(sock, (b"x" * MB for _ in range(HUGE // MB)), sent)
        )
        sender.start()
        status, _, _ = _response(sock)
        with contextlib.suppress(OSError):  # already reset by the server
            sock.shutdown(socket.SHUT_RDWR)
        sender.join(timeout=60)
    assert status == 413
    assert sent[0] < HUGE // 4, sent[0]
    assert server.peak_kib() - before < 8 * 1024
    print(f"\nsent {sent[0] / MB:.0f} MB of 200, peak RSS {before} -> {server.peak_kib()} KiB")


@pytest.mark.slow
def test_a_chunked_upload_stops_being_read_past_the_limit(
    server: Server, token: str, settings: Any
) -> None:
    _warm(server, token)
    before = server.peak_kib()
    limit = body_limit("/api/v1/documents")
    chunk = b"x" * MB
    framed = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    sent = [0]
    with server.connect() as sock:
        sock.sendall(
            _head("/api/v1/documents", _upload_headers(token, **{"Transfer-Encoding": "chunked"}))
        )
        sender = threading.Thread(
            target=_stream, args=(sock, (framed for _ in range(HUGE // MB)), sent)
        )
        sender.start()
        status, _, body = _response(sock)
        with contextlib.suppress(OSError):  # already reset by the server
            sock.shutdown(socket.SHUT_RDWR)
        sender.join(timeout=60)
    assert status == 413 and b"body_too_large" in body
    assert limit <= sent[0] < limit + 64 * MB, sent[0]  # what the sockets' buffers held beyond
    assert server.peak_kib() - before < 8 * 1024
    print(f"\nchunked: sent {sent[0] / MB:.0f} MB, peak RSS {before} -> {server.peak_kib()} KiB")


@pytest.mark.slow
def test_an_anonymous_page_post_is_refused_before_its_body(server: Server) -> None:
    # Django's CSRF check reads a multipart body (to disk) before any view says no.
    headers = {
        "Cookie": "csrftoken=" + "a" * 32,
        "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
        "Content-Length": str(HUGE),
    }
    with server.connect() as sock:
        sock.settimeout(10)
        sock.sendall(_head("/nop-ho-so/QD23-TAM-HOAN-HDLD/tai-lieu/", headers))
        status, headers_back, body = _response(sock)
    assert status == 413 and headers_back["content-type"].startswith("text/plain")
    assert "quá lớn" in body.decode()
