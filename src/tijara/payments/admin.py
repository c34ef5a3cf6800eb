"""Platform staff's view of payments: what needs their attention first, every gateway callback and refund."""

from django.contrib import admin

from tijara.payments.models import CardAttempt, GatewayCallback, Payment, Refund


class NeedsAttention(admin.SimpleListFilter):
    title = "needs staff attention"
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [("yes", "yes"), ("no", "no")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(staff_attention="")
        if self.value() == "no":
            return queryset.filter(staff_attention="")
        return queryset


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ["pk", "order", "merchant", "provider", "status", "amount", "captured_amount", "refunded_amount",
                    "card_origin", "staff_attention", "updated_at"]
    list_filter = [NeedsAttention, "provider", "status"]
    search_fields = ["order__number", "reference"]
    raw_id_fields = ["order", "merchant", "attempt"]
    readonly_fields = ["amount", "captured_amount", "refunded_amount", "status", "provider", "attempt", "reference"]


@admin.register(CardAttempt)
class CardAttemptAdmin(admin.ModelAdmin):
    list_display = ["oid", "checkout_group", "amount", "status", "proc_return_code", "card_origin",
                    "refunded_amount", "created_at"]
    list_filter = ["status"]
    search_fields = ["oid", "checkout_group"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(GatewayCallback)
class GatewayCallbackAdmin(admin.ModelAdmin):
    list_display = ["received_at", "oid", "verdict", "reason", "proc_return_code", "masked_card", "reply"]
    list_filter = ["verdict", "reply"]
    search_fields = ["oid"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Refund)
class RefundAdmin(admin.ModelAdmin):
    list_display = ["created_at", "payment", "merchant", "amount", "status", "reference", "provider_reference"]
    list_filter = ["status"]
    raw_id_fields = ["payment", "merchant", "actor"]

    def has_change_permission(self, request, obj=None):
        return False
