"""Cash on delivery operations: the confirmation call queue, carriers, shipments and their outcomes."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tijara.merchants.models import Merchant
from tijara.orders.models import Order


class Carrier(models.Model):
    """A carrier a merchant ships with: taken from the reference list (reference_code) or its own (blank)."""

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="carriers")
    name = models.CharField(max_length=120)
    code = models.SlugField(max_length=60)
    reference_code = models.SlugField(max_length=60, blank=True, help_text="code in core/data/carriers.csv; blank = own")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["merchant", "code"], name="carrier_code_unique_per_merchant")]
        indexes = [models.Index(fields=["merchant", "active", "name"], name="carrier_merchant_idx")]

    def __str__(self) -> str:
        return self.name


class ShipmentStatus(models.TextChoices):
    PENDING = "pending", _("Label printed, not handed over")
    SHIPPED = "shipped", _("With the carrier")
    DELIVERED = "delivered", _("Delivered, cash collected")
    REFUSED = "refused", _("Refused at the door")
    RETURNED = "returned", _("Returned")
    LOST = "lost", _("Lost")


class Shipment(models.Model):
    """The parcel of one order: carrier, tracking number, and what happened to it [COD-SHIPMENT]."""

    merchant = models.ForeignKey(Merchant, on_delete=models.PROTECT, related_name="shipments")
    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="shipment")
    carrier = models.ForeignKey(Carrier, on_delete=models.PROTECT, related_name="shipments")
    tracking_number = models.CharField(max_length=40)
    status = models.CharField(max_length=10, choices=ShipmentStatus.choices, default=ShipmentStatus.PENDING)
    cash_collected = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True, help_text="refused, returned or lost: when recorded")
    checked_in_at = models.DateTimeField(null=True, blank=True, help_text="returned parcel back in stock")
    outcome_note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["carrier", "tracking_number"], name="shipment_tracking_unique_per_carrier"),
            models.CheckConstraint(
                condition=models.Q(cash_collected__isnull=True) | models.Q(cash_collected__gte=0),
                name="shipment_cash_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["merchant", "status", "created_at"], name="shipment_merchant_status_idx"),
            models.Index(fields=["merchant", "carrier", "status"], name="shipment_merchant_carrier_idx"),
            models.Index(fields=["merchant", "tracking_number"], name="shipment_merchant_tracking_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_number} ({self.status})"


class CallState(models.TextChoices):
    OPEN = "open", _("Waiting for a call")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")


class CallOutcome(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    NO_ANSWER = "no_answer", _("No answer")
    CALL_BACK = "call_back", _("Call back later")
    WRONG_NUMBER = "wrong_number", _("Wrong number")
    REFUSED = "refused", _("Refused")
    DUPLICATE = "duplicate", _("Duplicate order")


class CallTask(models.Model):
    """One COD order waiting for its confirmation call; claimed by one staff member at a time [COD-CALL-CLAIM]."""

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="+")
    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="call_task")
    state = models.CharField(max_length=10, choices=CallState.choices, default=CallState.OPEN)
    next_action_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    unanswered = models.PositiveSmallIntegerField(default=0)
    last_outcome = models.CharField(max_length=15, choices=CallOutcome.choices, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claim_expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["next_action_at", "pk"]
        indexes = [models.Index(fields=["merchant", "state", "next_action_at"], name="calltask_merchant_queue_idx")]

    def __str__(self) -> str:
        return f"{self.order_id} {self.state}"


class CallAttempt(models.Model):
    """One call and what came of it, with the staff member's note."""

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(CallTask, on_delete=models.CASCADE, related_name="calls")
    outcome = models.CharField(max_length=15, choices=CallOutcome.choices)
    note = models.CharField(max_length=500, blank=True)
    call_back_at = models.DateTimeField(null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["merchant", "task"], name="callattempt_merchant_task_idx")]

    def __str__(self) -> str:
        return f"{self.task_id} {self.outcome}"


class PhoneOutcomeKind(models.TextChoices):
    DELIVERED = "delivered", _("Delivered")
    REFUSED = "refused", _("Refused")
    RETURNED = "returned", _("Returned")


class PhoneOutcome(models.Model):
    """The final COD outcome of an order, keyed by a keyed digest of the phone, never the number [COD-RISK]."""

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="+")
    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="+")
    phone_digest = models.CharField(max_length=64)
    outcome = models.CharField(max_length=10, choices=PhoneOutcomeKind.choices)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        indexes = [
            models.Index(fields=["merchant", "phone_digest"], name="phoneoutcome_merchant_idx"),
            # Platform-wide rate: a reference-style lookup across merchants by digest alone.
            models.Index(fields=["phone_digest", "merchant"], name="phoneoutcome_digest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.merchant_id} {self.outcome}"
