"""After the sale: the buyer's withdrawals (per line or whole order), the refunds each right makes due with
their deadline, and what the merchant did about them (return checked in, refund paid).

A `RefundDue` is the one record of money owed back on an order, whatever the reason (a withdrawal, a delivery
late enough for the buyer to cancel, an item that turned out unavailable): its due day drives the overdue flag
and the legal interest, and it is settled by the refund that paid it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tijara.merchants.models import Merchant
from tijara.orders.models import Order, OrderLine
from tijara.payments.models import Refund


class Withdrawal(models.Model):
    """A buyer's withdrawal from all or some lines of an order; no reason is asked [CP-WITHDRAWAL-FORM]."""

    merchant = models.ForeignKey(Merchant, on_delete=models.PROTECT, related_name="+")
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="withdrawals")
    whole_order = models.BooleanField(default=False)
    requested_at = models.DateTimeField(default=timezone.now)
    language = models.CharField(max_length=5, default="fr")
    # The returned goods arrived back at the store and went back into stock.
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["merchant", "checked_in_at", "requested_at"]),
                   models.Index(fields=["merchant", "order"])]

    def __str__(self) -> str:
        return f"withdrawal {self.pk} of order {self.order_id}"


class WithdrawalLine(models.Model):
    """One order line given back. A line can be withdrawn once: the database refuses a second request."""

    merchant = models.ForeignKey(Merchant, on_delete=models.PROTECT, related_name="+")
    withdrawal = models.ForeignKey(Withdrawal, on_delete=models.CASCADE, related_name="lines")
    order_line = models.OneToOneField(OrderLine, on_delete=models.PROTECT, related_name="withdrawal_line")
    quantity = models.PositiveIntegerField()
    amount = models.DecimalField(max_digits=12, decimal_places=2, help_text="MAD TTC paid for the line")

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["merchant", "withdrawal"])]

    def __str__(self) -> str:
        return f"{self.quantity} of line {self.order_line_id}"


class RefundReason(models.TextChoices):
    WITHDRAWAL = "withdrawal", _("Withdrawal")
    LATE_DELIVERY = "late_delivery", _("Cancelled for late delivery")
    UNAVAILABLE = "unavailable", _("Item unavailable")


class RefundDueStatus(models.TextChoices):
    OPEN = "open", _("To refund")
    REFUNDING = "refunding", _("Refund sent to the bank")
    SETTLED = "settled", _("Refunded")


class RefundDue(models.Model):
    """Money owed back on an order, due 15 days after its start day [CP-REFUND-15-DAYS]."""

    merchant = models.ForeignKey(Merchant, on_delete=models.PROTECT, related_name="+")
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="refunds_due")
    reason = models.CharField(max_length=20, choices=RefundReason.choices)
    withdrawal = models.OneToOneField(Withdrawal, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="refund_due")
    order_line = models.OneToOneField(OrderLine, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="refund_due", help_text="the unavailable line")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    started_on = models.DateField(help_text="the withdrawal, cancellation or payment day")
    due_on = models.DateField(help_text="last day to refund without interest")
    status = models.CharField(max_length=10, choices=RefundDueStatus.choices, default=RefundDueStatus.OPEN)
    refund = models.ForeignKey(Refund, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    refunded_amount = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    settled_at = models.DateTimeField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True, help_text="last day the merchant was reminded")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["merchant", "status", "due_on"]), models.Index(fields=["status", "due_on"])]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gte=0), name="refund_due_not_negative")]

    def __str__(self) -> str:
        return f"{self.reason} {self.amount} due {self.due_on}"
