"""The trust store in the admin: certificates and CRLs are added by uploading their file, which
goes through the same checks as `hotro trust add` / `hotro trust crl`."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from hotro.core.errors import AppError
from hotro.core.messages import render
from hotro.signatures.models import RevocationList, TrustedCertificate
from hotro.signatures.trust import parse_crl


# The services are imported when the admin uses them: they bring pyHanko's signers, which every
# `hotro` command would otherwise load at start (the admin modules are read by django.setup()).
def _ca_certificates(data: bytes) -> Any:
    from hotro.signatures.services import ca_certificates

    return ca_certificates(data)


def _trust_add(*, data: bytes, source: str = "") -> Any:
    from hotro.signatures.services import trust_add

    return trust_add(data=data, source=source)


def _crl_add(*, data: bytes, source: str = "") -> Any:
    from hotro.signatures.services import crl_add

    return crl_add(data=data, source=source)


class UploadForm(forms.ModelForm):
    file = forms.FileField(label="Tệp (PEM hoặc DER)")
    check: Any = None  # parses the file as the service will, so errors show on the form

    class Meta:
        fields: list[str] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is None:
            return data
        if upload.size > 1024 * 1024:
            raise forms.ValidationError("Tệp quá lớn (tối đa 1 MB).")
        content = upload.read()
        upload.seek(0)
        try:
            type(self).check(content)
        except AppError as exc:
            found = [(e.code, e.params) for e in exc.errors] or [(exc.code, exc.params)]
            raise forms.ValidationError(
                "; ".join(f"{render(code, 'vi', params)} ({code})" for code, params in found)
            ) from exc
        return data


class CertificateUploadForm(UploadForm):
    check = staticmethod(_ca_certificates)

    class Meta(UploadForm.Meta):
        model = TrustedCertificate


class CrlUploadForm(UploadForm):
    check = staticmethod(parse_crl)

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
        saved = type(self).service(data=upload.read(), source=f"admin: {upload.name}")
        first = saved[0] if isinstance(saved, list) else saved
        for field in first._meta.concrete_fields:  # the admin logs and shows the stored row
            setattr(obj, field.attname, getattr(first, field.attname))

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
    service = staticmethod(_trust_add)


@admin.register(RevocationList)
class RevocationListAdmin(_UploadAdmin):
    list_display = ["issuer", "this_update", "next_update", "revoked_count", "added_at"]
    search_fields = ["issuer", "sha256"]
    readonly_fields = ["issuer", "this_update", "next_update", "revoked_count", "sha256"]
    upload_form = CrlUploadForm
    service = staticmethod(_crl_add)
