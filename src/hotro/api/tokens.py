"""A person's own API tokens: made from a logged-in session (staff: after the second
factor), listed, revoked. Operators make them with `hotro token`."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja import Status as Reply
from pydantic import Field

from hotro.accounts.models import ApiToken
from hotro.accounts.services import token_issue_from_session, token_revoke
from hotro.api.auth import AUTH, current_user, used_token
from hotro.api.schemas import Problem

router = Router(tags=["tokens"], auth=AUTH)


class TokenIn(Schema):
    scope: Literal["read", "write"]
    name: str = Field(default="", max_length=100)
    days: int | None = Field(default=None, description="Default and longest: the role's.")


class TokenOut(Schema):
    id: int
    prefix: str
    name: str
    scope: str
    origin: str
    created_at: dt.datetime
    expires_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked: bool


class NewTokenOut(TokenOut):
    key: str = Field(description="Shown once: only its hash is kept.")


@router.post(
    "/tokens",
    response={201: NewTokenOut, 401: Problem, 403: Problem, 422: Problem},
    summary="Make a token for yourself, from a logged-in session",
)
def token_create(request: HttpRequest, body: TokenIn) -> Reply[dict[str, object]]:
    user = current_user(request)
    key, token = token_issue_from_session(
        user=user,
        second_factor_verified=bool(getattr(user, "is_verified", lambda: False)()),
        by_token=used_token(request) is not None,
        scope=body.scope,
        name=body.name,
        days=body.days,
    )
    return Reply(201, {**TokenOut.model_validate(token).model_dump(), "key": key})


@router.get("/tokens", response={200: list[TokenOut], 401: Problem}, summary="Your tokens")
def token_list(request: HttpRequest) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=current_user(request)).order_by("-id"))


@router.delete(
    "/tokens/{token_id}",
    response={204: None, 401: Problem, 403: Problem, 404: Problem},
    summary="Revoke one of your tokens",
)
def token_delete(request: HttpRequest, token_id: int) -> Reply[None]:
    token_revoke(user=current_user(request), token_id=token_id)
    return Reply(204, None)
