"""Forms of the pages. They parse and label input; every rule stays in the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from hotro.catalog.schema import FieldKind, FormField
from hotro.core import characters
from hotro.dossiers.domain.deadlines import FIRST_YEAR, LAST_YEAR
from hotro.web.errors import render_code


class PageForm(forms.Form):
    """Every form of the pages. Each field's raw input is checked for characters no text may
    hold (core/characters.py) and the field says so by its label, with what was typed kept:
    this is where the pages refuse control characters (the input guard leaves form fields
    to the forms). tests/web/test_bad_input_pages.py checks every page form derives from it."""

    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound:
            return
        for name, field in self.fields.items():
            raw = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            values = raw if isinstance(raw, list | tuple) else [raw]
            texts = [getattr(v, "name", v) for v in values]  # of a file, its name
            char = next(
                (c for t in texts if isinstance(t, str) and (c := characters.refused(t))), None
            )
            if char:
                self.errors.pop(name, None)  # this, not what the field makes of it
                self.cleaned_data.pop(name, None)
                label = str(field.label or name)
                self.add_error(
                    name, render_code("control_character_field", {"label": label, "char": char})
                )


class LoginForm(PageForm):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        widget=forms.TextInput({"autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"), widget=forms.PasswordInput({"autocomplete": "current-password"})
    )


class TokenForm(PageForm):
    token = forms.CharField(
        label=_("Mã xác thực 6 chữ số"),
        max_length=8,
        help_text=_("Mã đang hiện trên ứng dụng xác thực của bạn, đổi mới sau mỗi 30 giây."),
        widget=forms.TextInput(
            {"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}
        ),
    )


class RegisterForm(PageForm):
    username = forms.RegexField(
        label=_("Tên đăng nhập"),
        regex=r"^[a-zA-Z0-9._-]{3,150}$",
        help_text=_("Từ 3 ký tự: chữ không dấu, số, dấu chấm, gạch ngang."),
        widget=forms.TextInput({"autocomplete": "username"}),
    )
    full_name = forms.CharField(
        label=_("Họ và tên, hoặc tên doanh nghiệp, hộ kinh doanh"), max_length=200
    )
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    national_id = forms.RegexField(
        label=_("Số CCCD/CMND (người dân)"), regex=r"^(\d{9}|\d{12})$", required=False
    )
    tax_code = forms.RegexField(
        label=_("Mã số thuế (doanh nghiệp, hộ kinh doanh)"),
        regex=r"^\d{10}(\d{3})?$",
        required=False,
    )
    password1 = forms.CharField(
        label=_("Mật khẩu"),
        help_text=_("Ít nhất 8 ký tự, không quá phổ biến."),
        widget=forms.PasswordInput({"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"), widget=forms.PasswordInput({"autocomplete": "new-password"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Hai mật khẩu không giống nhau."))
        elif p1:
            try:
                password_validation.validate_password(p1)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class SearchForm(PageForm):
    q = forms.CharField(
        label=_("Tìm theo mã hồ sơ, tên, số CCCD hoặc mã số thuế"),
        required=False,
        max_length=100,
        widget=forms.TextInput({"type": "search"}),
    )
    cs = forms.ChoiceField(label=_("Chính sách"), required=False)

    def __init__(self, *args: Any, policies: list[tuple[str, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["cs"].choices = [("", _("Tất cả")), *policies]  # type: ignore[attr-defined]


class DashboardFilterForm(PageForm):
    """The dashboard's policy and period: flows from `tu` to `den`, stocks as of `den`."""

    cs = forms.ChoiceField(label=_("Chính sách"), required=False)
    tu = forms.DateField(
        label=_("Từ ngày"), required=False, widget=forms.DateInput({"type": "date"})
    )
    den = forms.DateField(
        label=_("Đến ngày"),
        required=False,
        widget=forms.DateInput({"type": "date"}),
        help_text=_("Để trống: đến hôm nay."),
    )

    def __init__(self, *args: Any, policies: list[tuple[str, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["cs"].choices = [("", _("Tất cả")), *policies]  # type: ignore[attr-defined]
        # the working calendar's years: a date outside them has no figures to show
        first, last = dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31)
        message = _("Ngày phải trong khoảng từ %(first)s đến %(last)s.") % {
            "first": f"{first:%d/%m/%Y}",
            "last": f"{last:%d/%m/%Y}",
        }
        for name in ("tu", "den"):
            field = self.fields[name]
            field.validators.append(MinValueValidator(first, message))
            field.validators.append(MaxValueValidator(last, message))


def catalog_field(f: FormField, english: bool) -> forms.Field:
    """A form field for a field of the policy's form (the service validates it again)."""
    label = f.label_en if english and f.label_en else f.label
    common: dict[str, Any] = {"label": label, "required": f.required, "help_text": f.help}
    if f.kind == FieldKind.BOOLEAN:
        common["required"] = False
        return forms.BooleanField(**common)
    if f.kind == FieldKind.CHOICE:
        return forms.ChoiceField(choices=[("", "—"), *[(c, c) for c in f.choices]], **common)
    if f.kind == FieldKind.DATE:
        return forms.DateField(widget=forms.DateInput({"type": "date"}), **common)
    if f.kind in (FieldKind.INTEGER, FieldKind.MONEY):
        return forms.IntegerField(min_value=f.min, max_value=f.max, **common)
    if f.kind == FieldKind.EMAIL:
        return forms.EmailField(**common)
    widget = forms.TextInput(
        {"inputmode": "numeric"}
        if f.kind in (FieldKind.NATIONAL_ID, FieldKind.TAX_CODE, FieldKind.SOCIAL_INSURANCE_NO)
        else {}
    )
    if f.kind == FieldKind.PHONE:
        widget = forms.TextInput({"type": "tel", "autocomplete": "tel"})
    return forms.CharField(widget=widget, max_length=f.max or 500, **common)


class CatalogForm(PageForm):
    """The applicant part of a policy's form, built from the catalog."""

    def __init__(self, *args: Any, defs: list[FormField], english: bool, **kw: Any) -> None:
        super().__init__(*args, **kw)
        for f in defs:
            self.fields[f.key] = catalog_field(f, english)


class AgencyForm(PageForm):
    agency_code = forms.ChoiceField(label=_("Cơ quan tiếp nhận hồ sơ"))

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["agency_code"].choices = [("", "—"), *choices]  # type: ignore[attr-defined]


class UploadForm(PageForm):
    file = forms.FileField(label=_("Tệp"))


class NoteForm(PageForm):
    note = forms.CharField(
        label=_("Nội dung trả lời, những gì đã bổ sung"),
        widget=forms.Textarea({"rows": 4}),
        max_length=4000,
    )


class SupplementForm(NoteForm):
    """The answer to a supplement request: a note, and a file for each component asked for
    electronically (field `tep_<component>`)."""

    def __init__(self, *args: Any, components: list[tuple[str, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        for key, name in components:
            self.fields[f"tep_{key}"] = forms.FileField(
                label=_("Tệp bổ sung: %(name)s") % {"name": name},
                required=False,
                help_text=_("Tài liệu đã ký số hợp lệ không phải nộp thêm bản giấy."),
            )

    def files_given(self) -> list[tuple[str, Any]]:
        return [
            (name.removeprefix("tep_"), self.cleaned_data[name])
            for name in self.fields
            if name.startswith("tep_") and self.cleaned_data.get(name)
        ]


class ReminderForm(PageForm):
    """A reminder dispatch for a scope: who signs it and the symbol after its number."""

    province = forms.IntegerField(required=False, widget=forms.HiddenInput)
    agency = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    symbol = forms.RegexField(
        label=_("Ký hiệu công văn"),
        regex=r"^[A-ZĐ0-9]+(-[A-ZĐ0-9]+)*$",
        max_length=40,
        help_text=_("Phần sau số, viết hoa, ví dụ UBND-KSTT."),
    )
    authority = forms.CharField(
        label=_("Thẩm quyền ký"),
        required=False,
        max_length=60,
        help_text=_("Ví dụ KT. CHỦ TỊCH; để trống nếu người đứng đầu ký."),
    )
    title = forms.CharField(label=_("Chức vụ người ký"), max_length=100)
    signer = forms.CharField(label=_("Họ và tên người ký"), max_length=200)


class ProfileForm(PageForm):
    """An employer's profile (accounts.profiles checks every value). An account bound to tax
    codes picks one of them."""

    tax_code = forms.CharField(
        label=_("Mã số thuế"),
        required=False,
        max_length=20,
        help_text=_("10 chữ số, hoặc 13 chữ số với chi nhánh."),
        widget=forms.TextInput({"inputmode": "numeric"}),
    )
    name = forms.CharField(label=_("Tên đơn vị"), max_length=200)
    address = forms.CharField(label=_("Địa chỉ trụ sở"), max_length=200, required=False)
    representative = forms.CharField(
        label=_("Người đại diện theo pháp luật"), max_length=200, required=False
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        required=False,
        widget=forms.TextInput({"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.CharField(
        label=_("Thư điện tử"),
        max_length=254,
        required=False,
        widget=forms.TextInput({"type": "email", "autocomplete": "email"}),
    )
    bank_account = forms.CharField(label=_("Số tài khoản ngân hàng"), max_length=40, required=False)
    bank_name = forms.CharField(label=_("Tên ngân hàng"), max_length=200, required=False)

    def __init__(self, *args: Any, bound: list[str], **kw: Any) -> None:
        super().__init__(*args, **kw)
        if bound:
            self.fields["tax_code"] = forms.ChoiceField(
                label=_("Mã số thuế (đã xác minh)"), choices=[(c, c) for c in bound]
            )


class ChallengeForm(PageForm):
    """Ask for a challenge to bind the account to an enterprise's tax code."""

    tax_code = forms.CharField(
        label=_("Mã số thuế của doanh nghiệp"),
        max_length=20,
        help_text=_("10 chữ số, hoặc 13 chữ số với chi nhánh."),
        widget=forms.TextInput({"inputmode": "numeric", "autocomplete": "off"}),
    )


class ProofForm(PageForm):
    """The challenge's document, signed with the enterprise's certificate."""

    file = forms.FileField(
        label=_("Tệp đã ký số"),
        help_text=_(
            "Tệp PDF đã tải về và ký số, hoặc chữ ký CMS/PKCS#7 (.p7s) trên văn bản .txt đã tải về."
        ),
    )
