"""Shipping methods per merchant, the customer's checkout details and the confirmation idempotency keys."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tijara.cart.models import Cart
from tijara.core.i18n import TranslatedMixin
from tijara.core.models import City, Region
from tijara.merchants.models import Merchant


class ShippingKind(models.TextChoices):
    HOME = "home", _("Home delivery")
    RELAY = "relay", _("Relay point")


class ShippingMethod(TranslatedMixin, models.Model):
    """How one merchant ships: a base fee, fees by zone (city beats region), free above a threshold."""

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="shipping_methods")
    kind = models.CharField(max_length=10, choices=ShippingKind.choices)
    name_fr = models.CharField(max_length=120)
    name_ar = models.CharField(max_length=120, blank=True)
    name_en = models.CharField(max_length=120, blank=True)
    base_fee = models.DecimalField(max_digits=10, decimal_places=2)
    free_above = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, help_text="order subtotal (TTC) from which delivery is free"
    )
    delivery_days_min = models.PositiveSmallIntegerField(default=1)
    delivery_days_max = models.PositiveSmallIntegerField(default=5)
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["merchant_id", "position", "pk"]
        indexes = [models.Index(fields=["merchant", "is_active", "position"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(base_fee__gte=0), name="checkout_shipping_fee_not_negative"),
            models.CheckConstraint(
                condition=models.Q(delivery_days_max__gte=models.F("delivery_days_min")), name="checkout_shipping_days_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.merchant_id}:{self.name_fr}"


class ShippingZoneFee(models.Model):
    """The fee of a method for one city or one whole region (exactly one of the two)."""

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="+")
    method = models.ForeignKey(ShippingMethod, on_delete=models.CASCADE, related_name="zone_fees")
    city = models.ForeignKey(City, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    fee = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        indexes = [models.Index(fields=["merchant", "method"])]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(city__isnull=False, region__isnull=True)
                           | models.Q(city__isnull=True, region__isnull=False)),
                name="checkout_zone_fee_city_xor_region",
            ),
            models.CheckConstraint(condition=models.Q(fee__gte=0), name="checkout_zone_fee_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.method_id} {self.city_id or self.region_id} {self.fee}"


class PaymentMethodChoice(models.TextChoices):
    COD = "cod", _("Cash on delivery")


class CheckoutDetails(models.Model):
    """What the customer typed at checkout, and the fingerprint of the last recap they were shown."""

    cart = models.OneToOneField(Cart, on_delete=models.CASCADE, related_name="checkout")
    full_name = models.CharField(max_length=150)
    phone = models.CharField(max_length=13, help_text="+212 followed by 9 digits (R32)")
    email = models.EmailField()
    address_line = models.CharField(max_length=255)
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    payment_method = models.CharField(max_length=20, default="cod")
    # {"<merchant_id>": <shipping_method_id>}
    shipping_choices = models.JSONField(default=dict)
    recap_fingerprint = models.CharField(max_length=64, blank=True)
    language = models.CharField(max_length=5, default="fr")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"checkout of cart {self.cart_id}"


class IdempotencyKey(models.Model):
    """One confirmation per key: a retried or double-clicked confirm returns the orders of the first."""

    key = models.CharField(max_length=100, unique=True)
    cart_token = models.UUIDField()
    order_numbers = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key

