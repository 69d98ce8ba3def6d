"""Fuzzing the upload checks and the worker-list reader (strategies in fuzz.py). Each target
holds for every example: the file is accepted or refused with an AppError (a 4xx), never
another exception; an accepted PDF or XML gets a signature report. HOTRO_FUZZ=N for more
examples; a crash found is kept as a named case in test_fuzz_regressions.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given

from hotro.core import clock
from hotro.core.errors import AppError
from hotro.core.uploads import check_upload
from hotro.signatures.services import signatures_check
from tests.hostile.fuzz import SETTINGS, files, packages

ALL = {"pdf", "xml", "jpeg", "png", "xlsx", "docx"}
LIMIT = 20 * 1024 * 1024


def accept_or_refuse(data: bytes) -> None:
    try:
        checked = check_upload(data, allowed=ALL, limit=LIMIT)
    except AppError as exc:
        assert 400 <= exc.status < 500
        return
    if checked.kind in ("pdf", "xml"):
        now = clock.now()
        report = signatures_check(content=data, moment=now, received_at=now)
        assert report.error or report.signatures == [] or report.indication is not None


@pytest.mark.django_db
@SETTINGS
@given(files())
def test_the_upload_checks_answer_every_mutated_file(data: bytes) -> None:
    accept_or_refuse(data)


@pytest.mark.django_db
@SETTINGS
@given(packages())
def test_the_upload_checks_answer_every_mutated_package(data: bytes) -> None:
    accept_or_refuse(data)


def test_the_worker_list_reader_answers_every_mutated_list(tmp_path: Path) -> None:
    """In a child process limited to 1.5 GB of address space: the reader is native code, and
    a file that got past the checks to make it allocate would abort the child, not the test."""
    last = tmp_path / "last-example.xlsx"
    done = subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "tests.hostile.fuzz", str(last)],
        capture_output=True,
        text=True,
        timeout=1800,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "hotro.settings"},
    )
    culprit = last.read_bytes()[:200] if last.exists() else b""
    assert done.returncode == 0 and done.stdout.strip().endswith("ok"), (
        f"exit {done.returncode}; last example {culprit!r}\n{done.stdout[-2000:]}\n"
        f"{done.stderr[-4000:]}"
    )
