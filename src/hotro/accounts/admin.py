from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

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
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked"]
    readonly_fields = ["prefix", "digest", "created_at", "last_used_at"]
