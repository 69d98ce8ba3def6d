from django.contrib import admin

from hotro.catalog.models import Agency, CalendarDay, Policy, PolicyDocument, PolicyStep, Reason


class DocumentInline(admin.TabularInline):
    model = PolicyDocument
    extra = 0


class StepInline(admin.TabularInline):
    model = PolicyStep
    extra = 0


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "decision", "confidence", "active"]
    list_filter = ["decision", "active", "confidence"]
    search_fields = ["code", "name"]
    inlines = [DocumentInline, StepInline]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "level", "valid_from", "valid_to"]
    list_filter = ["level", "kind", "structure"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


@admin.register(Reason)
class ReasonAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "text", "active"]
    list_filter = ["kind", "active"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "source"]
    list_filter = ["kind"]
