"""Orders: one per merchant per checkout, with price snapshots, a status machine and gap-free numbers."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tijara.catalog.models import Variant
from tijara.core.models import City, Region, TimeStampedModel
from tijara.merchants.models import Merchant


class OrderStatus(models.TextChoices):
    PLACED = "placed", _("Placed")
    CONFIRMED = "confirmed", _("Confirmed by phone")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered, cash collected")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class PaymentMethod(models.TextChoices):
    """How an order is paid, as the order records it; the payment providers take their labels from here."""

    COD = "cod", _("Cash on delivery")
    CARD = "card", _("Bank card")
    TRANSFER = "transfer", _("Bank transfer")


class OrderCounter(models.Model):
    """Per-merchant order counter row, locked in the confirm transaction: numbers have no gaps."""

    merchant = models.OneToOneField(Merchant, on_delete=models.CASCADE, primary_key=True, related_name="+")
    prefix = models.CharField(max_length=8, unique=True, help_text="readable store prefix of order numbers, e.g. ARG")
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.prefix} {self.last_number}"


class Order(TimeStampedModel):
    merchant = models.ForeignKey(Merchant, on_delete=models.PROTECT, related_name="orders")
    sequence = models.PositiveIntegerField()
    number = models.CharField(max_length=32, unique=True)
    checkout_group = models.UUIDField(default=uuid.uuid4, db_index=True, help_text="orders placed by one checkout")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="orders"
    )
    status = models.CharField(max_length=12, choices=OrderStatus.choices, default=OrderStatus.PLACED)
    cancel_reason = models.CharField(max_length=255, blank=True)
    # Customer and delivery address, as typed: phone +212 and 9 digits [REF-PHONE], region code [REF-REGION].
    full_name = models.CharField(max_length=150)
    email = models.EmailField()
    phone = models.CharField(max_length=13)
    address_line = models.CharField(max_length=255)
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    language = models.CharField(max_length=5, default="fr")
    # Shipping snapshot.
    shipping_method_id_snapshot = models.PositiveBigIntegerField(null=True, blank=True)
    shipping_name = models.CharField(max_length=120)
    shipping_kind = models.CharField(max_length=10)
    shipping_fee = models.DecimalField(max_digits=10, decimal_places=2)
    delivery_days_min = models.PositiveSmallIntegerField()
    delivery_days_max = models.PositiveSmallIntegerField()
    deliver_by = models.DateField(help_text="delivery deadline written on the order")  # [CP-DELIVERY-30]
    payment_method = models.CharField(max_length=20, choices=PaymentMethod.choices)
    # Totals (MAD TTC) and VAT by rate: [{"rate": "20.00", "exempt": false, "base": "...", "vat": "..."}].
    subtotal = models.DecimalField(max_digits=12, decimal_places=2)
    total = models.DecimalField(max_digits=12, decimal_places=2)
    vat_breakdown = models.JSONField(default=list)  # [TAX-VAT-SHOWN]
    # Merchant identity as shown on the recap (law 31-08 art. 29) [CP-SELLER-IDENTITY].
    merchant_legal_name = models.CharField(max_length=200)
    merchant_ice = models.CharField(max_length=15)
    merchant_address = models.CharField(max_length=400)
    recap_fingerprint = models.CharField(max_length=64)
    # The version of the store's terms of sale the order was placed under (tijara.legal keeps the texts).
    terms_version = models.PositiveIntegerField(null=True, blank=True)
    # When the durable confirmation (law 31-08 art. 32) was sent; without it the withdrawal window is 30 days.
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    # When the goods were delivered (the buyer received them): the withdrawal period runs from its day.
    delivered_at = models.DateTimeField(null=True, blank=True)
    buyer_ice = models.CharField(max_length=15, blank=True, help_text="the buyer's ICE, for a business buyer's invoice")

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["merchant", "sequence"], name="order_sequence_unique_per_merchant"),
            models.CheckConstraint(condition=models.Q(total__gte=0), name="order_total_not_negative"),
        ]
        indexes = [
            models.Index(fields=["merchant", "status", "created_at"]),
            models.Index(fields=["merchant", "created_at"]),
            models.Index(fields=["user", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    """A line with its price and VAT snapshot: later catalogue changes do not alter a placed order."""

    merchant = models.ForeignKey(Merchant, on_delete=models.PROTECT, related_name="+")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(Variant, null=True, on_delete=models.SET_NULL, related_name="+")
    product_name = models.CharField(max_length=200)
    sku = models.CharField(max_length=64)
    options_label = models.CharField(max_length=200, blank=True)
    quantity = models.PositiveIntegerField()
    unit_price = models.DecimalField(max_digits=12, decimal_places=2, help_text="MAD TTC")
    line_total = models.DecimalField(max_digits=12, decimal_places=2)
    vat_rate = models.DecimalField(max_digits=5, decimal_places=2)
    vat_exempt = models.BooleanField(default=False)
    vat_amount = models.DecimalField(max_digits=12, decimal_places=2)
    # A line the merchant could not supply after the order (unavailable): cancelled on its own, the rest goes on.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["merchant", "order"])]
        constraints = [models.CheckConstraint(condition=models.Q(quantity__gte=1), name="order_line_quantity_positive")]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.sku}"


class OrderStatusChange(models.Model):
    """History of status moves: who moved the order, when, and why."""

    merchant = models.ForeignKey(Merchant, on_delete=models.PROTECT, related_name="+")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["merchant", "order"])]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status} -> {self.to_status}"
