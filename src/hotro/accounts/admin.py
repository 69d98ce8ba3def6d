from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from hotro.accounts.models import ApiToken, User


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
