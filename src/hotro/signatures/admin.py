"""The trust store in the admin: certificates and CRLs are added by uploading their file, which
goes through the same checks as `hotro trust add` / `hotro trust crl`."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest

from hotro.core.errors import AppError
from hotro.signatures.models import RevocationList, TrustedCertificate
from hotro.signatures.services import crl_add, trust_add


class UploadForm(forms.ModelForm):
    file = forms.FileField(label="Tệp (PEM hoặc DER)")

    class Meta:
        fields: list[str] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None and upload.size > 1024 * 1024:
            raise forms.ValidationError("Tệp quá lớn (tối đa 1 MB).")
        return data


class CertificateUploadForm(UploadForm):
    class Meta(UploadForm.Meta):
        model = TrustedCertificate


class CrlUploadForm(UploadForm):
    class Meta(UploadForm.Meta):
        model = RevocationList


class _UploadAdmin(admin.ModelAdmin):
    upload_form: type[forms.ModelForm] = UploadForm
    service: Any = None

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kw: Any
    ) -> Any:
        if obj is None:
            kw["form"] = self.upload_form
            kw["fields"] = ["file"]
        return super().get_form(request, obj, change, **kw)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["file"] if obj is None else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            return
        upload = form.cleaned_data["file"]
        try:
            saved = type(self).service(data=upload.read(), source=f"admin: {upload.name}")
        except AppError as exc:
            codes = ", ".join(e.code for e in exc.errors) or exc.code
            self.message_user(request, f"Không nạp được tệp: {codes}", messages.ERROR)
            return
        first = saved[0] if isinstance(saved, list) else saved
        obj.pk = first.pk

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a trusted certificate is replaced, never edited


@admin.register(TrustedCertificate)
class TrustedCertificateAdmin(_UploadAdmin):
    list_display = ["subject", "is_root", "not_before", "not_after", "added_at"]
    list_filter = ["is_root"]
    search_fields = ["subject", "issuer", "sha256"]
    readonly_fields = [
        "subject",
        "issuer",
        "serial",
        "sha256",
        "is_root",
        "not_before",
        "not_after",
    ]
    upload_form = CertificateUploadForm
    service = staticmethod(trust_add)


@admin.register(RevocationList)
class RevocationListAdmin(_UploadAdmin):
    list_display = ["issuer", "this_update", "next_update", "revoked_count", "added_at"]
    search_fields = ["issuer", "sha256"]
    readonly_fields = ["issuer", "this_update", "next_update", "revoked_count", "sha256"]
    upload_form = CrlUploadForm
    service = staticmethod(crl_add)
