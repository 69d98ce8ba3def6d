"""Employers' profiles (accounts.profile_models): saved from the first application or edited
on the account page, read to prefill an application's first step. The tax code an account is
bound to (accounts.binding) is the one a profile holds and the one an application starts
from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from hotro.accounts.models import EmployerProfile, Role, User
from hotro.accounts.selectors import bound_tax_codes
from hotro.catalog.models import Policy
from hotro.catalog.schema import FieldKind, FormField
from hotro.core import clock
from hotro.core.errors import FieldError, ValidationFailed
from hotro.dossiers.domain import fields


def _field(key: str, label: str, label_en: str, kind: FieldKind, required: bool) -> FormField:
    return FormField(key=key, label=label, label_en=label_en, kind=kind, required=required)


# What a profile holds, with the kinds that check each value: the same keys as the policies'
# applicant forms, which is how a profile prefills them.
PROFILE_FIELDS = (
    _field("tax_code", "Mã số thuế", "Tax code", FieldKind.TAX_CODE, False),
    _field("name", "Tên đơn vị", "Name", FieldKind.TEXT, True),
    _field("address", "Địa chỉ trụ sở", "Head office address", FieldKind.TEXT, False),
    _field("representative", "Người đại diện", "Representative", FieldKind.TEXT, False),
    _field("phone", "Số điện thoại", "Phone", FieldKind.PHONE, False),
    _field("email", "Thư điện tử", "E-mail", FieldKind.EMAIL, False),
    _field("bank_account", "Số tài khoản ngân hàng", "Bank account", FieldKind.TEXT, False),
    _field("bank_name", "Tên ngân hàng", "Bank", FieldKind.TEXT, False),
)
KEYS = tuple(f.key for f in PROFILE_FIELDS)


def _bound_one(user: User, tax_code: str) -> str:
    """The tax code to use: `tax_code` when the account is bound to it or to none; the one
    it is bound to when it is bound to just one; else "" (the applicant picks)."""
    bound = bound_tax_codes(user=user)
    if not bound or tax_code in bound:
        return tax_code
    return next(iter(bound)) if len(bound) == 1 else ""


def _clean(user: User, data: Mapping[str, Any]) -> dict[str, Any]:
    errors: list[FieldError] = []
    clean: dict[str, Any] = {}
    for f in PROFILE_FIELDS:
        try:
            clean[f.key] = fields.clean(f, data.get(f.key)) or ""
        except fields.Invalid as exc:
            errors.append(FieldError(f.key, exc.code, exc.params))
    bound = sorted(bound_tax_codes(user=user))
    if bound and not clean.get("tax_code") and len(bound) == 1:
        clean["tax_code"] = bound[0]
    elif bound and clean.get("tax_code") not in bound:
        errors.append(
            FieldError(
                "tax_code",
                "tax_code_not_bound",
                {"tax_code": clean.get("tax_code", ""), "bound": ", ".join(bound)},
            )
        )
    if errors:
        raise ValidationFailed(errors=errors)
    return clean


@transaction.atomic
def employer_profile_save(*, user: User, data: Mapping[str, Any]) -> EmployerProfile:
    """Create or replace the account's profile (the account page)."""
    clean = _clean(user, data)
    profile, _ = EmployerProfile.objects.update_or_create(
        user=user, defaults={**clean, "updated_at": clock.now()}
    )
    return profile


def employer_profile_remember(
    *, user: User, policy: Policy, applicant: Mapping[str, Any]
) -> EmployerProfile | None:
    """After the account's first application as an organisation (a form with a tax code):
    keep its details as the profile. An existing profile is left as it is (the account page
    edits it); None when nothing was saved."""
    if user.role != Role.APPLICANT or not any(
        f.key == "tax_code" for f in policy.form_applicant_fields()
    ):
        return None
    if EmployerProfile.objects.filter(user=user).exists():
        return None
    data = {k: str(applicant.get(k) or "") for k in KEYS}
    try:
        return employer_profile_save(user=user, data=data)
    except ValidationFailed:
        return None  # the application's own checks passed; a profile is only a convenience


def employer_profile_get(*, user: User) -> EmployerProfile | None:
    return EmployerProfile.objects.filter(user=user).first()


def employer_profile_initial(*, user: User, policy: Policy) -> dict[str, str]:
    """The first step's starting values from the profile: the fields the policy's applicant
    form has, for forms of an organisation (with a tax code); the tax code the account is
    bound to."""
    keys = {f.key for f in policy.form_applicant_fields()}
    if "tax_code" not in keys:
        return {}
    profile = employer_profile_get(user=user)
    values = {k: getattr(profile, k) for k in KEYS} if profile else {}
    values["tax_code"] = _bound_one(user, str(values.get("tax_code") or ""))
    return {k: v for k, v in values.items() if k in keys and v}
