"""Commission rates are set per store here; ledger lines and payouts are only shown (they are never edited)."""

from django.contrib import admin

from tijara.ledger.models import CommissionRate, LedgerEntry, Payout


@admin.register(CommissionRate)
class CommissionRateAdmin(admin.ModelAdmin):
    list_display = ["merchant", "rate", "valid_from", "valid_to"]
    list_filter = ["valid_from"]
    search_fields = ["merchant__store_name", "merchant__legal_name"]
    raw_id_fields = ["merchant"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "merchant", "kind", "amount", "collected_by", "method", "order_number"]
    list_filter = ["kind", "collected_by"]
    search_fields = ["order_number"]
    list_select_related = ["merchant"]


@admin.register(Payout)
class PayoutAdmin(ReadOnlyAdmin):
    list_display = ["reference", "merchant", "period_start", "period_end", "amount", "status", "paid_at"]
    list_filter = ["status"]
    list_select_related = ["merchant"]
