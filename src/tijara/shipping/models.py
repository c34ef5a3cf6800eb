"""A merchant's delivery methods and their fees by city or region: what checkout offers and charges."""

from django.db import models
from django.utils.translation import gettext_lazy as _

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
        indexes = [models.Index(fields=["merchant", "is_active", "position"], name="shipping_method_merchant_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(base_fee__gte=0), name="shipping_method_fee_not_negative"),
            models.CheckConstraint(
                condition=models.Q(delivery_days_max__gte=models.F("delivery_days_min")),
                name="shipping_method_days_ordered",
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
        indexes = [models.Index(fields=["merchant", "method"], name="shipping_zonefee_merchant_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(city__isnull=False, region__isnull=True)
                           | models.Q(city__isnull=True, region__isnull=False)),
                name="shipping_zonefee_city_xor_region",
            ),
            models.CheckConstraint(condition=models.Q(fee__gte=0), name="shipping_zonefee_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.method_id} {self.city_id or self.region_id} {self.fee}"
