from django.contrib import admin

from hotro.correspondence.models import IncomingDispatch, OutgoingDispatch


@admin.register(OutgoingDispatch)
class OutgoingDispatchAdmin(admin.ModelAdmin):
    list_display = ["number", "symbol", "year", "agency", "abstract", "issued_at"]
    list_filter = ["year", "kind"]
    search_fields = ["abstract", "symbol"]
    raw_id_fields = ["agency", "issued_by"]


@admin.register(IncomingDispatch)
class IncomingDispatchAdmin(admin.ModelAdmin):
    list_display = ["number", "year", "agency", "dispatch", "received_at", "forwarded_to"]
    list_filter = ["year"]
    raw_id_fields = ["agency", "dispatch", "forwarded_by"]
