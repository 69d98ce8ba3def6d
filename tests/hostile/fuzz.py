"""Fuzzing strategies (Hypothesis) for the upload checks and the worker-list reader: valid
files of each kind, mutated byte by byte or, for the Office packages, part by part.

Deterministic in CI (derandomize; HOTRO_FUZZ=N examples per target, 40 by default, for longer
runs locally). Run as a module, it fuzzes the worker-list reader in this process, writing each
example to the path given before reading it: test_fuzz.py runs it in a child process, so that a
crash of the native reader is the child's, and the last example written names the culprit."""

from __future__ import annotations

import contextlib
import io
import os
import sys
import zipfile
from functools import cache
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import pdf_bytes, png_bytes
from tests.hostile import builders as b

EXAMPLES = int(os.environ.get("HOTRO_FUZZ", "40"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
# Bytes that mean something to one of the parsers: nesting, lengths, declarations, far cells.
TOKENS = [
    b"[" * 64,
    b"<<" * 32,
    b"/Length 999999999 ",
    b"/Filter /FlateDecode ",
    b" 0 R ",
    b"endobj",
    b"startxref\n0\n",
    b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
    b"<?xml-stylesheet href='x'?>",
    b"&a;",
    b"\x00",
    b"\xff" * 8,
    b"PK\x03\x04",
    b"XFD1048576",
    b"<script>",
    b"]]>",
    b"4294967295",
]


@cache
def seeds() -> dict[str, bytes]:
    from tests.web.helpers import worker_list_xlsx

    return {
        "pdf": pdf_bytes("fuzz"),
        "xml": '<?xml version="1.0" encoding="UTF-8"?><ToKhai a="1"><Muc>Nội dung</Muc></ToKhai>'.encode(),
        "png": png_bytes(),
        "jpeg": b.jpeg(),
        "xlsx": worker_list_xlsx(),
    }


@st.composite
def mutated_bytes(draw: Any, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(len(out) - 1, 0)))
        op = draw(st.sampled_from(["flip", "insert", "token", "delete", "truncate", "repeat"]))
        if op == "flip" and out:
            out[at] ^= draw(st.integers(1, 255))
        elif op == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif op == "token":
            out[at:at] = draw(st.sampled_from(TOKENS))
        elif op == "delete":
            del out[at : at + draw(st.integers(1, 64))]
        elif op == "truncate":
            del out[at:]
        else:
            piece = bytes(out[at : at + draw(st.integers(1, 32))])
            out[at:at] = piece * draw(st.integers(2, 40))
    return bytes(out)


def files() -> st.SearchStrategy[bytes]:
    """A valid file of some kind, mutated."""
    return st.sampled_from(sorted(seeds())).flatmap(lambda kind: mutated_bytes(seeds()[kind]))


def _parts(xlsx: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


SHEET_SNIPPETS = st.one_of(
    st.builds(lambda r: f"<row r='{r}'>".encode(), st.integers(0, 2_000_000)),
    st.builds(
        lambda c, r: f'<c r = "{c}{r}" t="inlineStr"><is><t>x</t></is></c>'.encode(),
        st.sampled_from(["A", "BL", "BM", "ZZ", "XFD", "xfd", "AAAA"]),
        st.integers(0, 2_000_000),
    ),
    st.builds(lambda r: f"<dimension ref='A1:BL{r}'/>".encode(), st.integers(1, 2_000_000)),
    st.just(b"<c/>" * 70),
    st.just(b"</row><row>"),
    st.just(b"<x:c xmlns:x='urn:x' r='XFD1'/>"),
)


@st.composite
def packages(draw: Any) -> bytes:
    """The worker list's package with its parts changed: contents mutated, sheet fragments
    inserted, members renamed, duplicated or dropped, stored instead of deflated."""
    parts = _parts(seeds()["xlsx"])
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(parts) - 1))
        name, data = parts[i]
        op = draw(st.sampled_from(["bytes", "sheet", "rename", "duplicate", "drop"]))
        if op == "bytes":
            parts[i] = (name, draw(mutated_bytes(data)))
        elif op == "sheet":
            for j, (n, d) in enumerate(parts):
                at = d.find(b"<sheetData>")
                if at >= 0:  # the sheet, whatever it is called by now
                    at += len(b"<sheetData>")
                    parts[j] = (n, d[:at] + draw(SHEET_SNIPPETS) + d[at:])
                    break
        elif op == "rename":
            renamed = draw(st.sampled_from([name.upper(), name.replace("/", "\\"), f"x/{name}"]))
            parts[i] = (renamed, data)
        elif op == "duplicate":
            parts.append((name, draw(mutated_bytes(data))))
        elif len(parts) > 1:
            del parts[i]
    stored = draw(st.booleans())
    if stored:
        return b.raw_zip([b.RawEntry(n, d, 0, _crc(d), len(d)) for n, d in parts])
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # duplicate names are the point
        return b.zip_of(parts)


def _crc(data: bytes) -> int:
    import zlib

    return zlib.crc32(data)


def worker_lists() -> st.SearchStrategy[bytes]:
    return st.one_of(packages(), mutated_bytes(seeds()["xlsx"]))


def fuzz_reader(last_example: str) -> None:
    """Every worker list the strategies make is read or refused with an AppError."""
    from hotro.core.errors import AppError
    from hotro.dossiers import worker_list

    @SETTINGS
    @given(worker_lists())
    def reads_or_refuses(data: bytes) -> None:
        with open(last_example, "wb") as out:
            out.write(data)
        with contextlib.suppress(AppError):
            worker_list.read_sheet(data, max_rows=10_000, limit=20 << 20)

    reads_or_refuses()


if __name__ == "__main__":
    import resource

    import django

    resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, resource.RLIM_INFINITY))
    django.setup()
    fuzz_reader(sys.argv[1])
    print("ok")
