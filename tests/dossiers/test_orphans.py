"""Finding 4: 169 orphan uploads were never cleaned up, and nothing bounded how many a user
could hold. Now a user holds at most HOTRO_PENDING_UPLOADS_MAX unattached uploads (and
..._BYTES_MAX), and the worker deletes those older than HOTRO_ORPHAN_UPLOAD_HOURS, files
included, through `hotro uploads purge` and the beat schedule."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from hotro.accounts.models import Role, User
from hotro.core import clock
from hotro.dossiers.models import Document
from hotro.dossiers.services import document_upload
from hotro.dossiers.tasks import orphan_uploads_purge_task
from tests.conftest import SEED_DAY, Api
from tests.factories import pdf_bytes, submit_sample

pytestmark = pytest.mark.django_db


def _upload_at(user: User, when: dt.datetime, name: str) -> Document:
    with clock.frozen(when):
        return document_upload(user=user, filename=f"{name}.pdf", content=pdf_bytes(name))


def _path(doc: Document) -> Path:
    return Path(doc.file.path)


def test_the_pending_quota_refuses_one_upload_too_many(
    settings: Any, applicant: User, applicant_api: Api, submit_body: Callable[..., Any]
) -> None:
    settings.HOTRO_PENDING_UPLOADS_MAX = 3
    body = submit_body()  # two uploads, not yet attached
    assert applicant_api.upload("/documents", "c.pdf", pdf_bytes("c")).status_code == 201
    r = applicant_api.upload("/documents", "d.pdf", pdf_bytes("d"))
    assert r.status_code == 422
    assert r["Content-Type"].startswith("application/problem+json")
    problem = r.json()
    assert problem["code"] == "pending_uploads_full"
    assert problem["errors"][0]["field"] == "file"
    assert Document.objects.filter(owner=applicant).count() == 3
    # Attaching two to a dossier frees their places.
    assert applicant_api.post("/dossiers", body).status_code == 201
    assert applicant_api.upload("/documents", "d.pdf", pdf_bytes("d")).status_code == 201


def test_the_pending_quota_counts_bytes_too(settings: Any, applicant_api: Api) -> None:
    size = len(pdf_bytes("a"))
    settings.HOTRO_PENDING_UPLOAD_BYTES_MAX = 2 * size + size // 2
    assert applicant_api.upload("/documents", "a.pdf", pdf_bytes("a")).status_code == 201
    assert applicant_api.upload("/documents", "b.pdf", pdf_bytes("b")).status_code == 201
    assert applicant_api.upload("/documents", "c.pdf", pdf_bytes("c")).json()["code"] == (
        "pending_uploads_full"
    )


def test_the_pending_quota_is_each_users_own(
    settings: Any, make_user: Callable[..., User], api_for: Callable[..., Api]
) -> None:
    settings.HOTRO_PENDING_UPLOADS_MAX = 1
    first, second = api_for(make_user(Role.APPLICANT)), api_for(make_user(Role.APPLICANT))
    assert first.upload("/documents", "a.pdf", pdf_bytes("a")).status_code == 201
    assert first.upload("/documents", "b.pdf", pdf_bytes("b")).status_code == 422
    assert second.upload("/documents", "c.pdf", pdf_bytes("c")).status_code == 201


def test_the_purge_deletes_old_orphans_and_their_files_only(
    applicant: User, django_capture_on_commit_callbacks: Any
) -> None:
    old = SEED_DAY - dt.timedelta(hours=django_settings.HOTRO_ORPHAN_UPLOAD_HOURS + 1)
    with clock.frozen(old):
        attached = list(submit_sample(applicant).documents.all())  # old, but in a dossier
    orphans = [_upload_at(applicant, old, f"old{i}") for i in range(3)]
    recent = _upload_at(applicant, SEED_DAY - dt.timedelta(hours=1), "recent")
    assert all(_path(d).exists() for d in [*orphans, *attached, recent])

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("uploads", "purge", stdout=out)
    assert "3 unattached uploads deleted" in out.getvalue()
    assert not Document.objects.filter(id__in=[d.id for d in orphans]).exists()
    assert not any(_path(d).exists() for d in orphans)
    kept = Document.objects.filter(id__in=[d.id for d in [*attached, recent]])
    assert kept.count() == len(attached) + 1
    assert all(_path(d).exists() for d in [*attached, recent])

    # Idempotent: the second run, by the worker's task, finds nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert orphan_uploads_purge_task.delay().get() == {"documents": 0, "bytes": 0}
    assert kept.count() == len(attached) + 1


def test_a_shorter_age_can_be_asked_for(
    applicant: User, django_capture_on_commit_callbacks: Any
) -> None:
    recent = _upload_at(applicant, SEED_DAY - dt.timedelta(hours=2), "recent")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("uploads", "purge", "--older-than-hours", "1", stdout=io.StringIO())
    assert not Document.objects.filter(id=recent.id).exists()
    assert not _path(recent).exists()


def test_the_worker_purges_on_its_schedule() -> None:
    from hotro.celery import app

    scheduled = {e["task"] for e in app.conf.beat_schedule.values()}
    assert "hotro.orphan_uploads_purge" in scheduled
    assert "hotro.orphan_uploads_purge" in app.tasks


def test_the_documents_page_says_the_quota_is_full(settings: Any, applicant: User) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    settings.HOTRO_PENDING_UPLOADS_MAX = 0
    client = Client()
    client.force_login(applicant)
    sent = {"tep_worker_list": SimpleUploadedFile("a.pdf", pdf_bytes("a"))}
    page = client.post("/nop-ho-so/QD23-TAM-HOAN-HDLD/tai-lieu/", sent).content.decode()
    assert "chưa gắn vào hồ sơ nào" in page
    assert not Document.objects.filter(owner=applicant).exists()
