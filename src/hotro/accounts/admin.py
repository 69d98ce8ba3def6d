from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from hotro.accounts.models import ApiToken, IdentityBinding, User


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
