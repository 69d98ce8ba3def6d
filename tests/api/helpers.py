"""Helpers of the API tests: take an action, and read a refusal as problem+json."""

from __future__ import annotations

from typing import Any

from tests.conftest import Api


def act(api: Api, code: str, action: str, **body: Any) -> Any:
    return api.post(f"/dossiers/{code}/actions/{action}", body)


def problem(r: Any, status: int, rule: str | None = None) -> dict[str, Any]:
    assert r.status_code == status, r.content
    assert r["Content-Type"].startswith("application/problem+json")
    data: dict[str, Any] = r.json()
    if rule:
        assert data["rule"] == rule, data
    return data
