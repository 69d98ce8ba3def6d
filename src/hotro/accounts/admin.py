from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from hotro.accounts.models import ApiToken, EmployerProfile, IdentityBinding, User
from hotro.core.errors import AppError, PayloadTooLarge
from hotro.core.messages import render


class OfficersImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp cán bộ (.xlsx hoặc .csv)"))
    dry_run = forms.BooleanField(label=_("Chỉ kiểm tra, chưa ghi"), required=False)


@admin.register(User)
class HotroUserAdmin(UserAdmin):
    list_display = ["username", "full_name", "role", "agency", "agency_head", "is_active"]
    list_filter = ["role", "agency_head", "is_active"]
    raw_id_fields = ["agency"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (
            "Hỗ trợ",
            {
                "fields": (
                    "role",
                    "full_name",
                    "agency",
                    "agency_head",
                    "national_id",
                    "tax_code",
                    "phone",
                )
            },
        ),
    )
    change_list_template = "admin/accounts/user/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(self.officers_import_view)
        return [path("nhap-can-bo/", view, name="accounts_user_import"), *super().get_urls()]

    def officers_import_view(self, request: HttpRequest) -> HttpResponse:
        """The same import as `hotro officers import`: all rows or none, errors by row."""
        # Imported here: the upload checks bring pyHanko, which django.setup() need not load.
        from hotro.accounts.officer_file import MAX_BYTES
        from hotro.accounts.officers import officers_import

        if not self.has_add_permission(request):
            raise PermissionDenied
        lang = getattr(request, "LANGUAGE_CODE", "vi")
        form = OfficersImportForm(request.POST or None, request.FILES or None)
        errors: list[str] = []
        outcome = ""
        succeeded = False
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > MAX_BYTES:
                    raise PayloadTooLarge(params={"limit": MAX_BYTES})
                report = officers_import(
                    content=upload.read(), dry_run=form.cleaned_data["dry_run"]
                )
            except AppError as exc:
                outcome = render(exc.code, lang, exc.params)
                errors = [render(e.code, lang, e.params) for e in exc.errors]
            else:
                succeeded = True
                outcome = render(
                    "officers_checked" if form.cleaned_data["dry_run"] else "officers_imported",
                    lang,
                    {
                        "rows": report.rows,
                        "created": report.created,
                        "updated": report.updated,
                        "unchanged": report.unchanged,
                    },
                )
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Nhập cán bộ từ tệp"),
            "form": form,
            "outcome": outcome,
            "errors": errors,
            "succeeded": succeeded,
        }
        return TemplateResponse(request, "admin/accounts/user/import.html", context)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are seen and revoked here; they are made by `hotro token` or from a session."""

    list_display = ["prefix", "user", "name", "scope", "origin", "expires_at", "revoked"]
    list_filter = ["scope", "origin", "revoked"]
    readonly_fields = [
        "user",
        "prefix",
        "digest",
        "scope",
        "origin",
        "created_at",
        "expires_at",
        "last_used_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(IdentityBinding)
class IdentityBindingAdmin(admin.ModelAdmin):
    """Bindings are evidence: read only here. A binding that no longer holds is revoked (the
    action below), never edited or deleted."""

    list_display = ["user", "kind", "identifier", "method", "signer", "bound_at", "revoked_at"]
    list_filter = ["kind", "method"]
    search_fields = ["identifier", "user__username", "signer"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description="Thu hồi liên kết đã chọn")
    def revoke(self, request: HttpRequest, queryset: QuerySet[IdentityBinding]) -> None:
        # Imported here: accounts.binding brings pyHanko, which `hotro` commands need not load.
        from hotro.accounts.binding import binding_revoke

        for binding in queryset.filter(revoked_at__isnull=True):
            binding_revoke(binding=binding, reason=f"thu hồi bởi {request.user}")


@admin.register(EmployerProfile)
class EmployerProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "tax_code", "user", "updated_at"]
    search_fields = ["name", "tax_code", "user__username"]
    raw_id_fields = ["user"]
