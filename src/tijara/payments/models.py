"""A payment per order, with its own state machine; the provider code says who moves it.

A card checkout is paid once for the whole basket: each try on the gateway's page is a `CardAttempt` of the
checkout group (its own `oid`), and an approved attempt captures every order's `Payment` with that order's
share. Every callback the gateway sends is kept in `GatewayCallback`; every refund in `Refund`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tijara.core.models import TimeStampedModel
from tijara.merchants.models import Merchant
from tijara.orders.models import Order


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    AUTHORIZED = "authorized", _("Authorized")
    CAPTURED = "captured", _("Captured")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
    REFUNDED = "refunded", _("Refunded")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")


# Allowed moves. A card gateway uses pending→authorized→captured; COD goes pending→captured at delivery.
TRANSITIONS: dict[str, frozenset[str]] = {
    PaymentStatus.PENDING: frozenset({PaymentStatus.AUTHORIZED, PaymentStatus.CAPTURED, PaymentStatus.FAILED,
                                      PaymentStatus.CANCELLED, PaymentStatus.EXPIRED}),
    PaymentStatus.AUTHORIZED: frozenset({PaymentStatus.CAPTURED, PaymentStatus.CANCELLED, PaymentStatus.FAILED,
                                         PaymentStatus.EXPIRED}),
    PaymentStatus.CAPTURED: frozenset({PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED}),
    PaymentStatus.PARTIALLY_REFUNDED: frozenset({PaymentStatus.REFUNDED}),
    PaymentStatus.REFUNDED: frozenset(),
    PaymentStatus.FAILED: frozenset(),
    PaymentStatus.CANCELLED: frozenset(),
    PaymentStatus.EXPIRED: frozenset(),
}
# Money was taken: these can be refunded.
SETTLED_STATUSES = frozenset({PaymentStatus.CAPTURED, PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED})
# Still waiting for the money.
OPEN_STATUSES = frozenset({PaymentStatus.PENDING, PaymentStatus.AUTHORIZED})


class CardOrigin(models.TextChoices):
    DOMESTIC = "domestic", _("Moroccan card")
    FOREIGN = "foreign", _("Foreign card")


class CardAttemptStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the bank")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")
    # The bank approved it after the checkout was paid otherwise, cancelled or expired: not captured,
    # flagged for staff on the payments of its checkout.
    UNCLAIMED = "unclaimed", _("Approved too late, not captured")


class CardAttempt(models.Model):
    """One try of a card checkout on the gateway's page: its own `oid`, the basket's total.

    Platform row (a basket spans merchants); the payments it pays carry the merchants.
    """

    checkout_group = models.UUIDField(db_index=True)
    oid = models.CharField(max_length=64, unique=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, help_text="ISO 4217 numeric code (504 = MAD)")
    language = models.CharField(max_length=2)
    status = models.CharField(max_length=10, choices=CardAttemptStatus.choices, default=CardAttemptStatus.PENDING)
    proc_return_code = models.CharField(max_length=4, blank=True)
    trans_id = models.CharField(max_length=64, blank=True)
    card_origin = models.CharField(max_length=8, choices=CardOrigin.choices, blank=True)
    masked_card = models.CharField(max_length=32, blank=True)
    # An unclaimed approval given back through the gateway.
    refunded_amount = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["checkout_group", "created_at"])]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="card_attempt_amount_positive")]

    def __str__(self) -> str:
        return f"{self.oid}:{self.status}"


class Payment(TimeStampedModel):
    merchant = models.ForeignKey(Merchant, on_delete=models.PROTECT, related_name="+")
    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="payment")
    provider = models.CharField(max_length=20, help_text="payment method: cod, card or transfer")
    status = models.CharField(max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.PENDING)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    captured_amount = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    refunded_amount = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    currency = models.CharField(max_length=3, default="MAD")
    reference = models.CharField(max_length=100, blank=True,
                                 help_text="provider reference (card gateway oid, bank transfer reference)")
    attempt = models.ForeignKey(CardAttempt, null=True, blank=True, on_delete=models.PROTECT, related_name="payments",
                                help_text="the card attempt that paid it")
    card_origin = models.CharField(max_length=8, choices=CardOrigin.choices, blank=True)
    captured_at = models.DateTimeField(null=True, blank=True)
    # Why staff must look at this payment (money taken for a cancelled checkout, a refund due…); empty when
    # there is nothing to do.
    staff_attention = models.CharField(max_length=255, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["merchant", "status", "created_at"]),
            models.Index(fields=["provider", "status", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="payment_amount_not_negative"),
            # [PAY-REFUND-LIMIT] the database itself refuses a refund above what was captured.
            models.CheckConstraint(
                condition=models.Q(captured_amount__gte=0, refunded_amount__gte=0,
                                   refunded_amount__lte=models.F("captured_amount")),
                name="payment_refunds_within_capture"),
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.order_id}:{self.status}"

    def can_move_to(self, status: str) -> bool:
        return status in TRANSITIONS.get(self.status, frozenset())

    @property
    def refundable_amount(self):
        return self.captured_amount - self.refunded_amount


class RefundStatus(models.TextChoices):
    PENDING = "pending", _("Sent to the bank")
    SUCCEEDED = "succeeded", _("Refunded")
    FAILED = "failed", _("Refused by the bank")


class Refund(models.Model):
    """Money given back on one order's payment (a card refund goes through the gateway first)."""

    merchant = models.ForeignKey(Merchant, on_delete=models.PROTECT, related_name="+")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    status = models.CharField(max_length=10, choices=RefundStatus.choices, default=RefundStatus.PENDING)
    reference = models.CharField(max_length=100, blank=True, help_text="the merchant's reference (transfer, receipt)")
    provider_reference = models.CharField(max_length=100, blank=True, help_text="the gateway's transaction id")
    failure_reason = models.CharField(max_length=255, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["merchant", "payment"]), models.Index(fields=["merchant", "created_at"])]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="refund_amount_positive")]

    def __str__(self) -> str:
        return f"refund {self.amount} of payment {self.payment_id}: {self.status}"


class CallbackVerdict(models.TextChoices):
    CAPTURED = "captured", _("Approved and captured")
    DECLINED = "declined", _("Declined by the bank")
    DUPLICATE = "duplicate", _("Already handled")
    FLAGGED = "flagged", _("Approved too late, flagged for staff")
    REJECTED = "rejected", _("Rejected")
    ERROR = "error", _("Technical error")


class GatewayCallback(models.Model):
    """Every callback the gateway posted, with what we made of it and what we answered.

    Holds the masked card only (as the gateway shows it); a full card number is never stored.
    """

    oid = models.CharField(max_length=64, blank=True, db_index=True)
    attempt = models.ForeignKey(CardAttempt, null=True, blank=True, on_delete=models.SET_NULL, related_name="callbacks")
    verdict = models.CharField(max_length=10, choices=CallbackVerdict.choices)
    reason = models.CharField(max_length=255, blank=True)
    proc_return_code = models.CharField(max_length=8, blank=True)
    response = models.CharField(max_length=20, blank=True)
    amount = models.CharField(max_length=20, blank=True, help_text="as posted")
    masked_card = models.CharField(max_length=32, blank=True)
    trans_id = models.CharField(max_length=64, blank=True)
    reply = models.CharField(max_length=20)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.oid}: {self.verdict} ({self.reason})"
