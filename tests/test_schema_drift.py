"""The database migrations and the committed OpenAPI document follow the code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

OPENAPI = Path(__file__).parent.parent / "docs" / "openapi.json"


@pytest.mark.django_db
def test_migrations_match_the_models() -> None:
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def current_openapi() -> str:
    from hotro.api import api

    return json.dumps(api.get_openapi_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def test_the_committed_openapi_document_is_current() -> None:
    # After a deliberate API change: python -m tests.test_schema_drift (rewrites docs/openapi.json)
    assert OPENAPI.read_text(encoding="utf-8") == current_openapi(), (
        "docs/openapi.json differs from the API: review the change, then run "
        "`.venv/bin/python -m tests.test_schema_drift` to update it"
    )


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotro.settings")
    django.setup()
    OPENAPI.write_text(current_openapi(), encoding="utf-8")
