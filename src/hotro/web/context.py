"""What every page needs: the signed-in user's role, and whether national sign-on is on."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from hotro.accounts.models import Role


def site(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    role = getattr(user, "role", None) if user is not None and user.is_authenticated else None
    return {
        "sso_enabled": settings.HOTRO_SSO_ENABLED,
        "login_failure_limit": settings.AXES_FAILURE_LIMIT,
        "login_cooloff_minutes": round(settings.AXES_COOLOFF_TIME * 60),
        "sso_login_url": settings.HOTRO_OIDC_LOGIN_URL,
        "is_staff_role": role in (Role.OFFICER, Role.SUPERVISOR),
        "is_officer": role == Role.OFFICER,
        "is_supervisor": role == Role.SUPERVISOR,
        "is_applicant": role == Role.APPLICANT,
    }
